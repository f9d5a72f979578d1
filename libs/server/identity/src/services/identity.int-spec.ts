import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '../identity.module';
import { ApiKeysService } from './api-keys.service';
import { LoginService } from './login.service';
import { SessionsService } from './sessions.service';
import { WorkspacesService } from './workspaces.service';

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
  );

let n = 0;
const email = (): string => `person-${process.pid}-${Date.now()}-${++n}@example.test`;

describe('identity services (real Postgres and Redis)', () => {
  let moduleRef: TestingModule;
  let workspaces: WorkspacesService;
  let login: LoginService;
  let sessions: SessionsService;
  let apiKeys: ApiKeysService;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({ imports: [ConfigModule, DatabaseModule, IdentityModule] }).compile();
    await moduleRef.init();
    workspaces = moduleRef.get(WorkspacesService);
    login = moduleRef.get(LoginService);
    sessions = moduleRef.get(SessionsService);
    apiKeys = moduleRef.get(ApiKeysService);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('creates a workspace with its owner; an email is taken whatever its case', async () => {
    const owner = email();
    const { workspaceId, userId } = await workspaces.createWorkspace({
      name: ' Acme ',
      plan: 'pro',
      currency: 'eur',
      ownerEmail: owner,
      ownerPassword: 'long enough secret',
    });
    expect(await workspaces.get(workspaceId)).toEqual({ id: workspaceId, name: 'Acme', plan: 'pro', currency: 'EUR' });
    expect(await workspaces.userEmail(userId)).toBe(owner);
    expect(await codeOf(workspaces.createUser(workspaceId, owner.toUpperCase(), 'another long secret', 'staff'))).toBe(
      'email_taken',
    );
    expect(await codeOf(workspaces.createUser('ws_missing', email(), 'another long secret', 'staff'))).toBe(
      'not_found',
    );
    expect(await codeOf(workspaces.setRole(workspaceId, 'usr_missing', 'admin'))).toBe('not_found');
  });

  it('signs in to a session that resolves to the member, rotates and revokes it', async () => {
    const owner = email();
    const { workspaceId, userId } = await workspaces.createWorkspace({
      name: 'Shop',
      ownerEmail: owner,
      ownerPassword: 'long enough secret',
    });
    const ip = `10.${process.pid % 250}.${Date.now() % 250}.1`;
    expect(await codeOf(login.login({ email: owner, password: 'wrong password', ip }))).toBe('invalid_credentials');
    const first = await login.login({ email: owner.toUpperCase(), password: 'long enough secret', ip });
    expect(first).toMatchObject({
      user: { id: userId },
      workspace: { id: workspaceId, plan: 'free', currency: 'USD' },
      role: 'owner',
    });
    expect(await sessions.resolve(first.token)).toMatchObject({
      kind: 'session',
      workspaceId,
      userId,
      role: 'owner',
      sessionId: first.sessionId,
    });
    const second = await login.login({ email: owner, password: 'long enough secret', ip, previousToken: first.token });
    expect(await sessions.resolve(first.token)).toBeNull();
    const staff = await sessions.resolve(second.token);
    expect(staff?.sessionId).toBe(second.sessionId);
    // Another workspace cannot revoke it; its own can.
    await sessions.revoke('ws_someone_else', second.sessionId);
    expect(await sessions.resolve(second.token)).not.toBeNull();
    await sessions.revoke(workspaceId, second.sessionId);
    expect(await sessions.resolve(second.token)).toBeNull();
  });

  it('creates, pages, reads, resolves and revokes API keys, never across workspaces', async () => {
    const a = await workspaces.createWorkspace({
      name: 'A',
      plan: 'enterprise',
      ownerEmail: email(),
      ownerPassword: 'long enough secret',
    });
    const b = await workspaces.createWorkspace({ name: 'B', ownerEmail: email(), ownerPassword: 'long enough secret' });
    const created = [];
    for (let i = 0; i < 3; i++)
      created.push(await apiKeys.create(a.workspaceId, { name: `key ${i}`, scopes: ['products:read'] }, null));
    expect(
      await codeOf(
        apiKeys.create(a.workspaceId, { name: 'staff', scopes: ['*'] }, { userId: a.userId, role: 'staff' }),
      ),
    ).toBe('scope_exceeds_role');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await apiKeys.list(a.workspaceId, { limit: 2, cursor });
      seen.push(...page.data.map((k) => k.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(created.map((k) => k.id).reverse());
    expect((await apiKeys.list(b.workspaceId, {})).data).toEqual([]);
    const key = created[0];
    expect(await apiKeys.resolve(key?.key ?? '', { bypassCache: true })).toMatchObject({
      kind: 'api_key',
      workspaceId: a.workspaceId,
      plan: 'enterprise',
      scopes: ['products:read'],
    });
    expect(await codeOf(apiKeys.get(b.workspaceId, key?.id ?? ''))).toBe('not_found');
    expect(await codeOf(apiKeys.revoke(b.workspaceId, key?.id ?? ''))).toBe('not_found');
    const revoked = await apiKeys.revoke(a.workspaceId, key?.id ?? '');
    expect(revoked.revokedAt).not.toBeNull();
    expect((await apiKeys.revoke(null, key?.id ?? '')).revokedAt).toBe(revoked.revokedAt);
    expect(await apiKeys.resolve(key?.key ?? '', { bypassCache: true })).toBeNull();
  });
});
