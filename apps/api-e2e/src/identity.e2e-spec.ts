import { EntityManager } from '@mikro-orm/postgresql';
import { captureLogs, createTestApp, type TestApp } from '@retailos/server/testing';
import { IDENTITY_ADMIN, type IdentityAdmin } from '@retailos/shared/contracts';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import IORedis from 'ioredis';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, loginAs, seedWorkspace, sessionHeaders, type SeededWorkspace } from './support/identity';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('identity: sessions, API keys, lockout (real api, Postgres, Redis)', () => {
  let api: TestApp;
  let logs: ReturnType<typeof captureLogs>;
  let ws: SeededWorkspace;
  let em: EntityManager;
  const secrets: string[] = [];

  beforeAll(async () => {
    process.env['LOG_LEVEL'] = 'info';
    process.env['LOGIN_MAX_FAILURES'] = '4';
    process.env['LOGIN_SLOWDOWN_MS'] = '150';
    process.env['API_KEY_CACHE_TTL_SECONDS'] = '0';
    logs = captureLogs();
    api = await createTestApp(createApiApp);
    em = api.app.get(EntityManager);
    ws = await seedWorkspace(api, { plan: 'pro' });
    secrets.push(ws.apiKey, ws.ownerPassword);
  });

  afterAll(async () => {
    await api.close();
    logs.restore();
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${api.url}${path}`, { headers });
  const send = (method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> =>
    fetch(`${api.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await em.fork().execute(sql, params as never[])) as T[];

  it('signs in with an HttpOnly, SameSite=Lax, Secure session cookie and stores only the token hash', async () => {
    const res = await send(
      'POST',
      '/api/auth/login',
      {},
      { email: ws.ownerEmail.toUpperCase(), password: ws.ownerPassword },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string; role: string; workspace: { id: string; currency: string } };
    expect(body.role).toBe('owner');
    expect(body.workspace.id).toBe(ws.workspaceId);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('retailos_session='));
    const csrf = cookies.find((c) => c.startsWith('retailos_csrf='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Secure/i); // NODE_ENV=test: only development drops Secure
    expect(session).toMatch(/; Path=\//i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(csrf).toContain(body.csrfToken);

    const token = (session ?? '').split(';')[0]?.split('=')[1] ?? '';
    secrets.push(token);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const stored = await rows<{ token_hash: string }>(
      'select token_hash from sessions where workspace_id = ? and token_hash = ?',
      [ws.workspaceId, sha256(token)],
    );
    expect(stored).toHaveLength(1);
    const leaked = await rows('select id from sessions where token_hash = ?', [token]);
    expect(leaked).toHaveLength(0);
  });

  it('answers /auth/me for a session and for a key', async () => {
    const s = await ws.login();
    secrets.push(s.sessionToken);
    const me = await get('/api/auth/me', { cookie: s.cookie });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      kind: 'session',
      role: 'owner',
      user: { id: ws.ownerUserId },
      workspace: { id: ws.workspaceId, plan: 'pro' },
    });
    const byKey = await get('/api/auth/me', bearer(ws.apiKey));
    expect(await byKey.json()).toMatchObject({
      kind: 'api_key',
      workspace: { id: ws.workspaceId },
      scopes: ['*'],
      user: null,
    });
  });

  it('refuses a state-changing cookie request without the CSRF header, and logout kills the session', async () => {
    const s = await ws.login();
    const before = await rows<{ n: number }>('select count(*)::int as n from api_keys where workspace_id = ?', [
      ws.workspaceId,
    ]);
    const noCsrf = await send('POST', '/api/api-keys', { cookie: s.cookie }, { name: 'x', scopes: ['orders:read'] });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.headers.get('content-type')).toContain('application/problem+json');
    expect(((await noCsrf.json()) as { code: string }).code).toBe('csrf_token_invalid');
    const wrongCsrf = await send(
      'POST',
      '/api/api-keys',
      { cookie: s.cookie, 'x-csrf-token': 'A'.repeat(32) },
      { name: 'x', scopes: ['orders:read'] },
    );
    expect(wrongCsrf.status).toBe(403);
    const after = await rows<{ n: number }>('select count(*)::int as n from api_keys where workspace_id = ?', [
      ws.workspaceId,
    ]);
    expect(after[0]?.n).toBe(before[0]?.n);

    expect((await send('POST', '/api/auth/logout', { cookie: s.cookie })).status).toBe(403);
    expect((await get('/api/auth/me', { cookie: s.cookie })).status).toBe(200);
    const out = await send('POST', '/api/auth/logout', sessionHeaders(s));
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/retailos_session=;/);
    const dead = await get('/api/auth/me', { cookie: s.cookie });
    expect(dead.status).toBe(401);
    const revoked = await rows<{ revoked_at: Date | null }>(
      'select revoked_at from sessions where token_hash = ? and workspace_id = ?',
      [sha256(s.sessionToken), ws.workspaceId],
    );
    expect(revoked[0]?.revoked_at).not.toBeNull();
  });

  it('rotates the session on a new sign-in: the previous token stops working', async () => {
    const first = await ws.login();
    const res = await send(
      'POST',
      '/api/auth/login',
      { cookie: first.cookie },
      { email: ws.ownerEmail, password: ws.ownerPassword },
    );
    expect(res.status).toBe(200);
    const second =
      res.headers
        .getSetCookie()
        .find((c) => c.startsWith('retailos_session='))
        ?.split(';')[0] ?? '';
    expect(second).not.toBe(`retailos_session=${first.sessionToken}`);
    expect((await get('/api/auth/me', { cookie: first.cookie })).status).toBe(401);
    expect((await get('/api/auth/me', { cookie: second })).status).toBe(200);
  });

  it('creates a key once, lists it without the secret, stores only its hash, and records lastUsedAt', async () => {
    const s = await ws.login();
    const res = await send('POST', '/api/api-keys', sessionHeaders(s), {
      name: 'ERP',
      scopes: ['orders:read', 'products:read'],
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; key: string; prefix: string; createdBy: string };
    secrets.push(created.key);
    expect(created.key).toMatch(/^wsk_live_[0-9A-Za-z]{49}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.createdBy).toBe(ws.ownerUserId);

    const list = await get('/api/api-keys', sessionHeaders(s));
    const listText = await list.text();
    expect(list.status).toBe(200);
    expect(listText).toContain(created.id);
    expect(listText).not.toContain(created.key);
    const one = await get(`/api/api-keys/${created.id}`, sessionHeaders(s));
    expect(await one.text()).not.toContain(created.key);

    const stored = await rows<{ key_hash: string; last_used_at: Date | null }>(
      'select key_hash, last_used_at from api_keys where id = ? and workspace_id = ?',
      [created.id, ws.workspaceId],
    );
    expect(stored[0]?.key_hash).toBe(sha256(created.key));
    expect(stored[0]?.last_used_at).toBeNull();

    const calledAt = Date.now();
    expect((await get('/api/auth/ping/key', bearer(created.key))).status).toBe(200);
    // Written after the answer: poll for it rather than sleep a guessed amount.
    const deadline = Date.now() + 10000;
    let lastUsed: Date | null = null;
    while (!lastUsed && Date.now() < deadline) {
      lastUsed =
        (
          await rows<{ last_used_at: Date | null }>(
            'select last_used_at from api_keys where id = ? and workspace_id = ?',
            [created.id, ws.workspaceId],
          )
        )[0]?.last_used_at ?? null;
      if (!lastUsed) await new Promise((r) => setTimeout(r, 25));
    }
    expect(lastUsed).not.toBeNull();
    expect(new Date(lastUsed ?? 0).getTime()).toBeGreaterThanOrEqual(calledAt - 1000);
  });

  it('only owners and admins manage keys, keys cannot manage keys, and scopes only narrow', async () => {
    const staff = await ws.addUser('staff');
    const staffSession = await staff.login();
    const refused = await send('POST', '/api/api-keys', sessionHeaders(staffSession), {
      name: 'x',
      scopes: ['orders:read'],
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('insufficient_role');
    const byKey = await send('POST', '/api/api-keys', bearer(ws.apiKey), { name: 'x', scopes: ['orders:read'] });
    expect(byKey.status).toBe(403);
    expect(((await byKey.json()) as { code: string }).code).toBe('session_required');

    // An admin's '*' key follows the admin's role: demoted to staff, the key loses what staff may not do.
    const admin = await ws.addUser('admin');
    const adminSession = await admin.login();
    const res = await send('POST', '/api/api-keys', sessionHeaders(adminSession), { name: 'admin key', scopes: ['*'] });
    const { key } = (await res.json()) as { key: string };
    secrets.push(key);
    expect(((await (await get('/api/auth/me', bearer(key))).json()) as { scopes: string[] }).scopes).toEqual(['*']);
    await api.app.get<IdentityAdmin>(IDENTITY_ADMIN).setRole(ws.workspaceId, admin.userId, 'staff');
    // This suite runs with API_KEY_CACHE_TTL_SECONDS=0, so the key is re-read with its creator's current role.
    const scopes = ((await (await get('/api/auth/me', bearer(key))).json()) as { scopes: string[] }).scopes;
    expect(scopes).not.toContain('*');
    expect(scopes).toContain('products:write');
    expect(scopes).not.toContain('webhooks:write');
    const narrowed = await api.app
      .get<IdentityAdmin>(IDENTITY_ADMIN)
      .createApiKey({
        workspaceId: ws.workspaceId,
        name: 'by demoted',
        scopes: ['*'],
        createdBy: { userId: admin.userId, role: 'staff' },
      })
      .catch((e: Error & { code?: string }) => e.code);
    expect(narrowed).toBe('scope_exceeds_role');
  });

  it('expired, revoked, malformed and unknown keys all answer the same 401 problem', async () => {
    const expiring = await ws.createKey(['orders:read'], { expiresAt: new Date(Date.now() + 1500) });
    const revoked = await ws.createKey(['orders:read']);
    secrets.push(expiring, revoked);
    expect((await get('/api/auth/ping/key', bearer(expiring))).status).toBe(200);
    expect((await get('/api/auth/ping/key', bearer(revoked))).status).toBe(200);

    const s = await ws.login();
    const keys = (
      (await (await get('/api/api-keys?limit=200', sessionHeaders(s))).json()) as {
        data: { id: string; prefix: string }[];
      }
    ).data;
    const revokedId = keys.find((k) => revoked.startsWith(k.prefix))?.id ?? '';
    const del = await send('DELETE', `/api/api-keys/${revokedId}`, sessionHeaders(s));
    expect(del.status).toBe(200);
    expect(((await del.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1600));

    const unknown = `wsk_live_${'A'.repeat(43)}`;
    const answers = await Promise.all(
      [expiring, revoked, 'not-a-key', `${revoked.slice(0, -1)}x`, unknown].map(async (k) => {
        const res = await get('/api/auth/ping/key', bearer(k));
        const body = (await res.json()) as Record<string, unknown>;
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          code: body['code'],
          detail: body['detail'],
          keys: Object.keys(body).sort(),
        };
      }),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(401);
    expect(answers[0]?.type).toContain('application/problem+json');
  });

  it('slows repeated failed sign-ins, then locks the account with the same answer whether or not the email exists', async () => {
    const victim = await ws.addUser('staff');
    const ghost = `nobody-${Date.now()}@example.test`;
    const attempt = async (
      email: string,
      password: string,
    ): Promise<{ status: number; ms: number; code: unknown; retryAfter: string | null }> => {
      const started = Date.now();
      const res = await send('POST', '/api/auth/login', {}, { email, password });
      const body = (await res.json()) as { code?: string };
      return {
        status: res.status,
        ms: Date.now() - started,
        code: body.code,
        retryAfter: res.headers.get('retry-after'),
      };
    };
    const victimRuns = [];
    const ghostRuns = [];
    for (let i = 0; i < 4; i++) {
      victimRuns.push(await attempt(victim.email, 'wrong-password'));
      ghostRuns.push(await attempt(ghost, 'wrong-password'));
    }
    for (const r of [...victimRuns, ...ghostRuns]) expect([r.status, r.code]).toEqual([401, 'invalid_credentials']);
    // Third and fourth failures wait (failures-1) x 150 ms before the check.
    expect(victimRuns[3]?.ms).toBeGreaterThanOrEqual(300);
    expect(ghostRuns[3]?.ms).toBeGreaterThanOrEqual(300);

    const locked = await attempt(victim.email, victim.password);
    const ghostLocked = await attempt(ghost, 'whatever');
    expect(locked.status).toBe(429);
    expect(locked.code).toBe('rate_limited');
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect([ghostLocked.status, ghostLocked.code]).toEqual([locked.status, locked.code]);
    // Other accounts are not affected by one account's lock.
    const other = await loginAs(api, ws.ownerEmail, ws.ownerPassword);
    expect(other.csrf).toHaveLength(32);
  });

  it('never writes keys, passwords or session tokens to logs, error bodies, the database or Redis', async () => {
    // An error that echoes input must not echo the key either.
    const res = await send('POST', '/api/auth/login', bearer('garbage'), {
      email: 'x@example.test',
      password: ws.ownerPassword,
      apiKey: ws.apiKey,
    });
    const errorBody = await res.text();
    expect(res.status).toBe(401);
    for (const s of secrets) expect(errorBody).not.toContain(s);
    const v = await send('POST', '/api/auth/login', {}, { email: 'x@example.test', password: 'pw', apiKey: ws.apiKey });
    expect(v.status).toBe(400);
    expect(await v.text()).not.toContain(ws.apiKey);

    const logText = logs.text();
    expect(logText).toContain('request completed');
    for (const s of secrets) expect(logText).not.toContain(s);

    const dump = execFileSync('pg_dump', ['--data-only', '--no-owner', process.env['DATABASE_URL'] ?? ''], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(dump).toContain(ws.workspaceId);
    for (const s of secrets) expect(dump).not.toContain(s);

    const redis = new IORedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    try {
      const prefix = process.env['REDIS_PREFIX'] ?? '';
      let cursor = '0';
      let text = '';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        for (const k of keys) {
          text += k;
          const type = await redis.type(k);
          if (type === 'string') text += (await redis.get(k)) ?? '';
          if (type === 'hash') text += JSON.stringify(await redis.hgetall(k));
          if (type === 'list') text += (await redis.lrange(k, 0, -1)).join('');
        }
      } while (cursor !== '0');
      expect(text).toContain('identity');
      for (const s of secrets) expect(text).not.toContain(s);
    } finally {
      redis.disconnect();
    }
  });
});
