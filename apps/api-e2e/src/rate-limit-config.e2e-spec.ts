import { createTestApp, type TestApp } from '@retailos/server/testing';
import { randomInt } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace } from './support/identity';

// Config-level claims of the rate limits: the documented defaults, what is exempt, who decides the client address,
// and the off switch. Each describe boots its api with its own environment and puts the previous one back.
const VARS = [
  'RATE_LIMIT_ENABLED',
  'RATE_LIMIT_WINDOW_SECONDS',
  'RATE_LIMIT_FREE',
  'RATE_LIMIT_PRO',
  'RATE_LIMIT_ENTERPRISE',
  'RATE_LIMIT_IP',
  'TRUST_PROXY',
];

function withEnv(env: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  for (const k of VARS) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

const spoofed = (): string => `203.0.${randomInt(255)}.${randomInt(1, 255)}`;
const headerOf = (res: Response, name: string): number => Number(res.headers.get(name));

describe('rate limits with the documented defaults (no RATE_LIMIT_* or TRUST_PROXY set)', () => {
  let api: TestApp;
  let restore: () => void;

  beforeAll(async () => {
    restore = withEnv({});
    api = await createTestApp(createApiApp);
  });

  afterAll(async () => {
    await api?.close();
    restore();
  });

  it('limits per plan are 600 / 3000 / 12000 per 60 s window', async () => {
    for (const [plan, limit] of [
      ['free', 600],
      ['pro', 3000],
      ['enterprise', 12000],
    ] as const) {
      const ws = await seedWorkspace(api, { plan });
      const res = await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
      expect(res.status).toBe(200);
      expect(headerOf(res, 'x-ratelimit-limit')).toBe(limit);
      expect(headerOf(res, 'x-ratelimit-remaining')).toBe(limit - 1);
      expect(headerOf(res, 'x-ratelimit-reset')).toBeGreaterThan(0);
      expect(headerOf(res, 'x-ratelimit-reset')).toBeLessThanOrEqual(60);
    }
  });

  it('without TRUST_PROXY a spoofed X-Forwarded-For changes nothing: 120 per window for the real address, then 429', async () => {
    // Calls without credentials from 127.0.0.1 share one bucket with anything else this Jest worker sent in the
    // window, so start from what the first answer says is left.
    const first = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': spoofed() } });
    expect(first.status).toBe(200);
    expect(headerOf(first, 'x-ratelimit-limit')).toBe(120);
    let remaining = headerOf(first, 'x-ratelimit-remaining');
    expect(remaining).toBeLessThan(120);
    while (remaining > 0) {
      // A new made-up client address on every call: were it trusted, each would get a fresh bucket.
      const res = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': spoofed() } });
      expect([res.status, headerOf(res, 'x-ratelimit-remaining')]).toEqual([200, remaining - 1]);
      remaining -= 1;
    }
    const over = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': spoofed() } });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(headerOf(over, 'retry-after')).toBeGreaterThan(0);
    expect(headerOf(over, 'retry-after')).toBeLessThanOrEqual(60);

    // Exempt while this address is over its budget: probes, the metrics scrape and the API docs.
    for (const path of ['/health/live', '/health/ready', '/metrics', '/api/docs', '/api/openapi.json']) {
      const res = await fetch(`${api.url}${path}`, { headers: { 'x-forwarded-for': spoofed() } });
      expect([path, res.status]).toEqual([path, 200]);
      expect([path, res.headers.get('x-ratelimit-limit')]).toEqual([path, null]);
    }
    // Still refused for data routes.
    expect((await fetch(`${api.url}/api/auth/ping`)).status).toBe(429);
  });
});

describe('RATE_LIMIT_ENABLED=false', () => {
  let api: TestApp;
  let restore: () => void;

  beforeAll(async () => {
    restore = withEnv({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_FREE: '2', RATE_LIMIT_IP: '2', TRUST_PROXY: 'true' });
    api = await createTestApp(createApiApp);
  });

  afterAll(async () => {
    await api?.close();
    restore();
  });

  it('turns the limits and their headers off, for workspaces and for addresses', async () => {
    const ws = await seedWorkspace(api, { plan: 'free' });
    const ip = spoofed();
    for (let i = 0; i < 5; i++) {
      const byKey = await fetch(`${api.url}/api/auth/ping/key`, { headers: bearer(ws.apiKey) });
      const anonymous = await fetch(`${api.url}/api/auth/ping`, { headers: { 'x-forwarded-for': ip } });
      expect([byKey.status, anonymous.status]).toEqual([200, 200]);
      for (const res of [byKey, anonymous]) {
        expect(res.headers.get('x-ratelimit-limit')).toBeNull();
        expect(res.headers.get('x-ratelimit-remaining')).toBeNull();
      }
    }
  });
});
