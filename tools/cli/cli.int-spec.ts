import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';

const ROOT = resolve(__dirname, '../..');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const out = spawnSync(process.execPath, [resolve(ROOT, 'tools/dev/run.mjs'), 'tools/cli/main.ts', ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: 'utf8',
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('operator CLI (real Postgres + Redis)', () => {
  let db: Client;
  beforeAll(async () => {
    db = new Client({ connectionString: process.env['DATABASE_URL'] });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
  });

  it('creates a workspace, a user and a key, revokes it; stdout is exactly one JSON document each time', async () => {
    const stamp = Date.now().toString(36);
    const ws = cli(
      'workspace:create',
      '--name',
      'CLI Co',
      '--owner-email',
      `cli-${stamp}@example.test`,
      '--owner-password',
      'long enough',
      '--plan',
      'pro',
      '--currency',
      'eur',
    );
    expect(ws.status).toBe(0);
    const { workspaceId, userId } = JSON.parse(ws.stdout) as { workspaceId: string; userId: string };
    expect(ws.stdout.trim().split('\n')).toHaveLength(1);
    expect(workspaceId).toMatch(/^ws_/);
    const row = await db.query('select plan, currency from workspaces where id = $1', [workspaceId]);
    expect(row.rows[0]).toEqual({ plan: 'pro', currency: 'EUR' });
    const member = await db.query('select role from workspace_members where workspace_id = $1 and user_id = $2', [
      workspaceId,
      userId,
    ]);
    expect(member.rows[0]).toEqual({ role: 'owner' });

    const user = cli(
      'user:create',
      '--workspace',
      workspaceId,
      '--email',
      `staff-${stamp}@example.test`,
      '--password',
      'long enough',
      '--role',
      'staff',
    );
    expect(user.status).toBe(0);
    expect(JSON.parse(user.stdout)).toEqual({ userId: expect.stringMatching(/^usr_/) });

    const key = cli(
      'apikey:create',
      '--workspace',
      workspaceId,
      '--name',
      'ERP',
      '--scopes',
      'products:read, orders:write',
    );
    expect(key.status).toBe(0);
    const created = JSON.parse(key.stdout) as { id: string; key: string; scopes: string[] };
    expect(created.key).toMatch(/^wsk_live_/);
    expect(created.scopes).toEqual(['products:read', 'orders:write']);
    const stored = await db.query(
      'select key_hash, scopes, created_by from api_keys where id = $1 and workspace_id = $2',
      [created.id, workspaceId],
    );
    expect(stored.rows[0]).toEqual({
      key_hash: createHash('sha256').update(created.key).digest('hex'),
      scopes: ['products:read', 'orders:write'],
      created_by: null,
    });

    const revoked = cli('apikey:revoke', '--id', created.id);
    expect(revoked.status).toBe(0);
    const out = JSON.parse(revoked.stdout) as { id: string; revokedAt: string };
    expect(out.id).toBe(created.id);
    expect(Date.parse(out.revokedAt)).not.toBeNaN();
  });

  it('fails with a non-zero exit, nothing on stdout and a JSON error on stderr', () => {
    const dup = cli(
      'workspace:create',
      '--name',
      'x',
      '--owner-email',
      'not-an-email',
      '--owner-password',
      'long enough',
    );
    expect(dup.status).toBe(1);
    expect(dup.stdout).toBe('');
    expect(JSON.parse(dup.stderr.trim().split('\n').pop() ?? '')).toMatchObject({ error: 'validation_failed' });
    const missing = cli('apikey:revoke', '--id', 'key_doesnotexist');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe('');
    const usage = cli('apikey:create', '--workspace', 'ws_x', '--scopes', 'nope:read');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--name is required');
    expect(cli('frobnicate').status).toBe(2);
  });
});
