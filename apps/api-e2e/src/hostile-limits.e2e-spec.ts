import { EntityManager } from '@mikro-orm/postgresql';
import { createRedis } from '@retailos/server/queue';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { randomInt } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { io } from 'socket.io-client';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace } from './support/identity';

// Tiny budgets: 4 calls per IP without (valid) credentials, 5 per free workspace. TRUST_PROXY lets each test pick
// its own client address (X-Forwarded-For), as the rate-limit suite does.
const LIMITS = { RATE_LIMIT_IP: '4', RATE_LIMIT_FREE: '5', RATE_LIMIT_WINDOW_SECONDS: '60', TRUST_PROXY: 'true' };
const saved = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, process.env[k]]));
const clientIp = (): string => `10.${randomInt(255)}.${randomInt(255)}.${randomInt(1, 255)}`;

function expectLimitHeaders(res: Response): void {
  for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-request-id'])
    expect([h, res.headers.get(h)]).not.toEqual([h, null]);
}

describe('limits that bite: failed credentials, socket handshakes, errors raised before the guard', () => {
  let api: TestApp;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    Object.assign(process.env, LIMITS);
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
  });

  afterAll(async () => {
    await api?.close();
    // The socket tests spend the loopback address's budget: later suites on this Jest worker must start afresh.
    const redis = createRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${process.env['REDIS_PREFIX'] ?? 'retailos'}:identity:rl:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('failed API keys spend the per-IP budget, then 429 without touching the database', async () => {
    // A real, well-formed key that no longer works: every check of it would be a database lookup.
    const session = await ws.login({ 'x-forwarded-for': clientIp() });
    const created = await fetch(`${api.url}/api/api-keys`, {
      method: 'POST',
      headers: { ...sessionHeaders(session), 'content-type': 'application/json', 'x-forwarded-for': clientIp() },
      body: JSON.stringify({ name: 'revoked', scopes: ['products:read'] }),
    });
    const { id, key } = (await created.json()) as { id: string; key: string };
    const revoked = await fetch(`${api.url}/api/api-keys/${id}`, {
      method: 'DELETE',
      headers: { ...sessionHeaders(session), 'x-forwarded-for': clientIp() },
    });
    expect(revoked.status).toBeLessThan(300);

    const ip = clientIp();
    const call = (from = ip): Promise<Response> =>
      fetch(`${api.url}/api/products`, { headers: bearer(key, { 'x-forwarded-for': from }) });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([401, 401, 401, 401]);
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');

    // No lookup once the budget is spent: with api_keys locked, a lookup would hang; the spent IP is answered at
    // once while a fresh IP (whose check does reach the table) waits for the lock.
    let fresh: Promise<number> | undefined;
    await api.app
      .get(EntityManager)
      .fork()
      .transactional(async (tem) => {
        await tem.execute('lock table api_keys in access exclusive mode');
        const started = Date.now();
        const answers = await Promise.all([call(), call(), call()].map((p) => p.then((r) => r.status)));
        expect(answers).toEqual([429, 429, 429]);
        expect(Date.now() - started).toBeLessThan(1500);
        // Control, so this test can fail: a fresh IP's lookup does reach the table and waits for the lock.
        fresh = call(clientIp()).then((r) => r.status);
        expect(await Promise.race([fresh, new Promise((r) => setTimeout(() => r('still waiting'), 300))])).toBe(
          'still waiting',
        );
      });
    expect(await fresh).toBe(401);
  });

  it('anonymous calls that spend an IP budget do not lock out a valid key from that address', async () => {
    const ip = clientIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const fresh = await ws.createKey(['products:read']); // never seen by the api: its check is a lookup
    expect((await fetch(`${api.url}/api/products`, { headers: bearer(fresh, { 'x-forwarded-for': ip }) })).status).toBe(
      200,
    );
  });

  it('stale session cookies spend the per-IP budget too, then 429 without a session lookup', async () => {
    const ip = clientIp();
    const cookie = `retailos_session=${'x'.repeat(43)}`;
    const call = (from = ip): Promise<number> =>
      fetch(`${api.url}/api/products`, { headers: { cookie, 'x-forwarded-for': from } }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await call());
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    let fresh: Promise<number> | undefined;
    await api.app
      .get(EntityManager)
      .fork()
      .transactional(async (tem) => {
        await tem.execute('lock table sessions in access exclusive mode');
        expect(await Promise.all([call(), call()])).toEqual([429, 429]);
        fresh = call(clientIp());
        expect(await Promise.race([fresh, new Promise((r) => setTimeout(() => r('still waiting'), 300))])).toBe(
          'still waiting',
        );
      });
    expect(await fresh).toBe(401);
  });

  it('errors Fastify raises before the guard are problem+json with a request id and the rate-limit headers, and count', async () => {
    const ip = clientIp();
    const h = { 'x-forwarded-for': ip };
    const badUrl = await fetch(`${api.url}/api/products/%E0%A4%A`, { headers: h });
    expect(badUrl.status).toBe(400);
    expect(badUrl.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await badUrl.json()) as { code: string }).code).toBe('malformed_url');
    expectLimitHeaders(badUrl);

    const badJson = await fetch(`${api.url}/api/products`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect([badJson.status, ((await badJson.json()) as { code: string }).code]).toEqual([400, 'malformed_json']);
    expectLimitHeaders(badJson);

    const tooLarge = await fetch(`${api.url}/api/products`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectLimitHeaders(tooLarge);

    const wrongType = await fetch(`${api.url}/api/products`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(wrongType.status).toBe(415);
    expectLimitHeaders(wrongType);

    // Four refusals spent this IP's budget of 4: the next one is a 429, like any other call.
    const fifth = await fetch(`${api.url}/api/products/%E0%A4%A`, { headers: h });
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('headers too large: 431 problem+json with a request id', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(api.url);
      const socket = tcpConnect(Number(port), '127.0.0.1', () => {
        socket.write(`GET /api/products HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString('utf8')));
      socket.on('close', () => resolve(data));
      socket.on('error', (err) => (data ? resolve(data) : reject(err)));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/content-type: application\/problem\+json/i);
    expect(raw).toMatch(/x-request-id: [0-9a-f-]{36}/i);
    expect(raw).toContain('"code":"headers_too_large"');
  });

  function handshake(token: string, ip?: string): Promise<string> {
    const socket = io(api.url, {
      path: '/ws',
      transports: ['websocket'],
      reconnection: false,
      auth: { token },
      extraHeaders: ip ? { 'x-forwarded-for': ip } : undefined,
    });
    return new Promise((resolve) => {
      socket.once('ready', () => {
        socket.disconnect();
        resolve('ready');
      });
      socket.once('connect_error', (err: Error & { data?: { code?: string } }) => {
        socket.disconnect();
        resolve(err.data?.code ?? err.message);
      });
    });
  }

  it('socket handshakes: a workspace over its quota is refused with rate_limited', async () => {
    const free = await seedWorkspace(api, { plan: 'free' });
    const ip = clientIp();
    expect(await handshake(free.apiKey, ip)).toBe('ready');
    for (let i = 0; i < 5; i++)
      await fetch(`${api.url}/api/products`, { headers: bearer(free.apiKey, { 'x-forwarded-for': ip }) });
    expect(await handshake(free.apiKey, ip)).toBe('rate_limited');
  });

  it('socket handshakes: bad tokens spend the per-IP budget like HTTP, then rate_limited', async () => {
    // The client address as HTTP sees it (TRUST_PROXY: the proxy's X-Forwarded-For), so the same budget as HTTP calls.
    const ip = clientIp();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push(await handshake('wsk_live_not-a-real-key', ip));
    expect(codes).toEqual([
      'unauthenticated',
      'unauthenticated',
      'unauthenticated',
      'unauthenticated',
      'rate_limited',
      'rate_limited',
    ]);
    // HTTP from that address is over its budget too: one budget for both.
    expect((await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } })).status).toBe(429);
    // Another address is unaffected.
    expect(await handshake('wsk_live_not-a-real-key', clientIp())).toBe('unauthenticated');
  });
});
