import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createHash, randomInt } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

// Small numbers so each brake shows within a test: three failures lock an address for 8 s (longer than the capped wait, which would otherwise outlast the count), and the per-failure
// slowdown (10 s) is far above the 5 s cap, so an uncapped wait could not pass for a capped one.
const ENV = {
  LOGIN_IP_MAX_FAILURES: '3',
  LOGIN_MAX_FAILURES: '10',
  LOGIN_LOCKOUT_SECONDS: '8',
  LOGIN_SLOWDOWN_MS: '10000',
  SESSION_TTL_HOURS: '2',
  TRUST_PROXY: 'true',
};
const saved = Object.fromEntries(Object.keys(ENV).map((k) => [k, process.env[k]]));
const clientIp = (): string => `10.${randomInt(255)}.${randomInt(255)}.${randomInt(1, 255)}`;

describe('sign-in brakes and session lifetime', () => {
  let api: TestApp;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
  });

  afterAll(async () => {
    await api?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function signIn(
    ip: string,
    email: string,
    password: string,
  ): Promise<{
    status: number;
    code?: string;
    retryAfter: number;
    ms: number;
    res: Response;
    body: Record<string, unknown>;
  }> {
    const started = Date.now();
    const res = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as Record<string, unknown>;
    return {
      status: res.status,
      code: body['code'] as string | undefined,
      retryAfter: Number(res.headers.get('retry-after')),
      ms: Date.now() - started,
      res,
      body,
    };
  }

  it('slows the third failure by the capped 5 s, locks the address (not the account) after LOGIN_IP_MAX_FAILURES, and lifts the lock when it expires', async () => {
    const ip = clientIp();
    // Three different (unknown) accounts: only the per-address count can reach its maximum.
    const first = await signIn(ip, `a-${ip}@example.test`, 'wrong');
    const second = await signIn(ip, `b-${ip}@example.test`, 'wrong');
    const third = await signIn(ip, `c-${ip}@example.test`, 'wrong');
    for (const r of [first, second, third]) expect([r.status, r.code]).toEqual([401, 'invalid_credentials']);
    // (failures so far - 1) x 10 s = 10 s uncapped; the cap is 5 s.
    expect(third.ms).toBeGreaterThanOrEqual(4900);
    expect(third.ms).toBeLessThan(9000);

    // The right password of a real account, from the locked address: refused like everything else from it.
    const locked = await signIn(ip, ws.ownerEmail, ws.ownerPassword);
    expect([locked.status, locked.code]).toEqual([429, 'rate_limited']);
    expect(locked.retryAfter).toBeGreaterThan(0);
    expect(locked.retryAfter).toBeLessThanOrEqual(8);
    // The account itself is not locked: another address signs in at once.
    expect((await signIn(clientIp(), ws.ownerEmail, ws.ownerPassword)).status).toBe(200);

    // Lock expiry: poll (no fixed sleep) until the address may sign in again; refusals while locked add no failure.
    const deadline = Date.now() + 20000;
    let after = await signIn(ip, ws.ownerEmail, ws.ownerPassword);
    while (after.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await signIn(ip, ws.ownerEmail, ws.ownerPassword);
    }
    expect(after.status).toBe(200);
    // Expired with its failures: no slowdown left for this address.
    expect(after.ms).toBeLessThan(4000);
  });

  it('a session lives SESSION_TTL_HOURS (cookie Max-Age and stored expiry) and is refused once past it', async () => {
    const ip = clientIp();
    const before = Date.now();
    const login = await signIn(ip, ws.ownerEmail, ws.ownerPassword);
    expect(login.status).toBe(200);
    const ttlMs = 2 * 3600 * 1000;
    const expiresAt = new Date(String(login.body['expiresAt'])).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + ttlMs - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + ttlMs + 1000);
    const cookies = login.res.headers.getSetCookie();
    for (const name of ['retailos_session', 'retailos_csrf']) {
      expect(cookies.find((c) => c.startsWith(`${name}=`))).toMatch(/; Max-Age=7200(;|$)/i);
    }
    const token =
      (cookies.find((c) => c.startsWith('retailos_session=')) ?? '').split(';')[0]?.slice('retailos_session='.length) ??
      '';
    const cookie = `retailos_session=${token}`;
    const em = api.app.get(EntityManager);
    const hash = createHash('sha256').update(token).digest('hex');
    const [row] = (await em
      .fork()
      .execute('select expires_at from sessions where token_hash = ? and workspace_id = ?', [
        hash,
        ws.workspaceId,
      ])) as { expires_at: Date }[];
    expect(Math.abs(new Date(row?.expires_at ?? 0).getTime() - expiresAt)).toBeLessThan(1000);
    expect((await fetch(`${api.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);

    // Two hours later (the stored expiry moved into the past instead of waiting for it).
    await em
      .fork()
      .execute(
        `update sessions set expires_at = now() - interval '1 second' where token_hash = ? and workspace_id = ?`,
        [hash, ws.workspaceId],
      );
    const expired = await fetch(`${api.url}/api/auth/me`, { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('unauthenticated');
  });
});
