import { createTestApp, freePort, spawnApp, type SpawnedProcess, type TestApp } from '@retailos/server/testing';
import { randomInt } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders } from './support/identity';

// TRUST_PROXY: the test stands in for a proxy that sets X-Forwarded-For.
// Its own Redis prefix too: failed credentials of earlier suites on this Jest worker (the route walks send hundreds
// from 127.0.0.1) would otherwise already exceed this suite's per-IP failure budget of 4.
const LIMITS = {
  RATE_LIMIT_FREE: '5',
  RATE_LIMIT_PRO: '8',
  RATE_LIMIT_IP: '4',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  TRUST_PROXY: 'true',
  REDIS_PREFIX: `${process.env['REDIS_PREFIX'] ?? 'retailos'}:rate-limit`,
};
const saved = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, process.env[k]]));

// A distinct client address per test, so per-IP buckets of other suites on this Jest worker never interfere.
const clientIp = (): string => `10.${randomInt(255)}.${randomInt(255)}.${randomInt(1, 255)}`;

function limitHeaders(res: Response): { limit: number; remaining: number; reset: number } {
  const limit = res.headers.get('x-ratelimit-limit');
  const remaining = res.headers.get('x-ratelimit-remaining');
  const reset = res.headers.get('x-ratelimit-reset');
  expect([limit, remaining, reset]).not.toContain(null);
  return { limit: Number(limit), remaining: Number(remaining), reset: Number(reset) };
}

describe('rate limits and revocation (Redis, shared across api processes)', () => {
  let api: TestApp;
  let second: SpawnedProcess | undefined;
  let secondUrl: string;

  beforeAll(async () => {
    Object.assign(process.env, LIMITS);
    api = await createTestApp(createApiApp);
    const port = await freePort();
    secondUrl = `http://127.0.0.1:${port}`;
    second = await spawnApp(
      'apps/api/src/main.ts',
      { ...LIMITS, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      { url: `${secondUrl}/health/live` },
    );
  });

  afterAll(async () => {
    await second?.stop();
    await api.close();
    // Later suites in this Jest worker must not inherit the tiny limits.
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('counts per workspace by plan, with headers on every answer, and answers 429 with Retry-After past the limit', async () => {
    const ws = await seedWorkspace(api, { plan: 'free' });
    const seen: { limit: number; remaining: number; reset: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
      expect(res.status).toBe(200);
      seen.push(limitHeaders(res));
    }
    expect(seen.map((h) => h.limit)).toEqual([5, 5, 5, 5, 5]);
    expect(seen.map((h) => h.remaining)).toEqual([4, 3, 2, 1, 0]);
    for (const h of seen) expect(h.reset).toBeGreaterThan(0);
    for (const h of seen) expect(h.reset).toBeLessThanOrEqual(60);

    const over = await fetch(`${api.url}/api/auth/me`, { headers: bearer(ws.apiKey) });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(((await over.json()) as { code: string }).code).toBe('rate_limited');
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limitHeaders(over)).toMatchObject({ limit: 5, remaining: 0 });

    // Another workspace (another plan) has its own budget.
    const pro = await seedWorkspace(api, { plan: 'pro' });
    const other = await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(pro.apiKey) });
    expect(other.status).toBe(200);
    expect(limitHeaders(other)).toMatchObject({ limit: 8, remaining: 7 });
  });

  it('limits unauthenticated calls per IP, and failures carry the headers too', async () => {
    const ip = clientIp();
    const ok = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } });
    expect(ok.status).toBe(200);
    expect(limitHeaders(ok)).toMatchObject({ limit: 4, remaining: 3 });
    const unauth = await fetch(`${api.url}/api/auth/me`, { headers: { 'x-forwarded-for': ip } });
    expect(unauth.status).toBe(401);
    expect(limitHeaders(unauth)).toMatchObject({ limit: 4, remaining: 2 });
    const badKey = await fetch(`${api.url}/api/auth/me`, {
      headers: { 'x-forwarded-for': ip, authorization: 'Bearer wsk_live_nope' },
    });
    expect(badKey.status).toBe(401);
    expect(limitHeaders(badKey)).toMatchObject({ remaining: 1 });
    const invalid = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'x-forwarded-for': ip, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'not-an-email' }),
    });
    expect(invalid.status).toBe(400);
    expect(limitHeaders(invalid)).toMatchObject({ remaining: 0 });
    const over = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Probes are never limited, even for an address over its budget.
    const probe = await fetch(`${api.url}/health/live`, { headers: { 'x-forwarded-for': ip } });
    expect(probe.status).toBe(200);
    expect(probe.headers.get('x-ratelimit-limit')).toBeNull();
    // Someone else's address is unaffected.
    expect((await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': clientIp() } })).status).toBe(200);
  });

  it("Shopify's webhook route is not metered per IP (its HMAC authenticates it); the IP's budget is untouched", async () => {
    const ip = clientIp();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${api.url}/api/shopify/webhooks`, {
        method: 'POST',
        headers: {
          'x-forwarded-for': ip,
          'content-type': 'application/json',
          'x-shopify-shop-domain': 'nobody.myshopify.com',
        },
        body: '{}',
      });
      expect(res.status).toBe(401);
    }
    expect((await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } })).status).toBe(200);
  });

  it('two api processes share one budget', async () => {
    const ws = await seedWorkspace(api, { plan: 'free' });
    const urls = [api.url, secondUrl, api.url, secondUrl, secondUrl];
    const remaining: number[] = [];
    for (const url of urls) {
      const res = await fetch(`${url}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
      expect(res.status).toBe(200);
      remaining.push(limitHeaders(res).remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const overHere = await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
    const overThere = await fetch(`${secondUrl}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
    expect([overHere.status, overThere.status]).toEqual([429, 429]);
    expect(overThere.headers.get('retry-after')).not.toBeNull();
  });

  it('a key revoked through one api process is refused by the other on its very next request', async () => {
    const ws = await seedWorkspace(api, { plan: 'enterprise' });
    const key = await ws.createKey(['orders:read']);
    // Both processes have now validated (and cached) the key.
    expect((await fetch(`${secondUrl}/api/auth/ping/key`, { headers: bearer(key) })).status).toBe(200);
    expect((await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(key) })).status).toBe(200);
    // Its own client address: the sign-in is public, so it counts against a per-IP budget of 4 in this suite.
    const session = await ws.login({ 'x-forwarded-for': clientIp() });
    const list = (await (
      await fetch(`${api.url}/api/api-keys?limit=200`, { headers: sessionHeaders(session) })
    ).json()) as { data: { id: string; prefix: string }[] };
    const id = list.data.find((k) => key.startsWith(k.prefix))?.id ?? '';
    const del = await fetch(`${api.url}/api/api-keys/${id}`, { method: 'DELETE', headers: sessionHeaders(session) });
    expect(del.status).toBe(200);
    // A refused key counts against its client's per-IP budget (429 once spent): fresh addresses keep this about revocation.
    const there = await fetch(`${secondUrl}/api/auth/ping/key`, {
      headers: bearer(key, { 'x-forwarded-for': clientIp() }),
    });
    const here = await fetch(`${api.url}/api/auth/ping/key`, {
      headers: bearer(key, { 'x-forwarded-for': clientIp() }),
    });
    expect([there.status, here.status]).toEqual([401, 401]);
    expect(there.headers.get('content-type')).toContain('application/problem+json');
    // Other keys of the workspace keep working.
    expect((await fetch(`${secondUrl}/api/auth/ping/key`, { headers: bearer(ws.apiKey) })).status).toBe(200);
  });
});
