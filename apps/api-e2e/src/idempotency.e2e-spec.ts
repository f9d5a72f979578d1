import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, freePort, spawnApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { call, client, createLocation, createProduct, levelOf, stock, type Client, type Res } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('Idempotency-Key on POST', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let c: Client;
  let loc: string;
  let sku: string;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    loc = await createLocation(c);
    sku = ((await createProduct(c, [{ price: 700 }])).variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 50);
  });

  afterAll(async () => {
    await api.close();
  });

  const orderBody = (quantity = 1): unknown => ({ channel: 'pos', locationId: loc, lines: [{ sku, quantity }] });
  const countOrders = async (): Promise<number> => {
    const rows = (await api.app
      .get(EntityManager)
      .fork()
      .execute('select count(*)::int as n from orders where workspace_id = ?', [ws.workspaceId])) as {
      n: number;
    }[];
    return rows[0]?.n ?? 0;
  };

  it('the same key and body replays the stored answer and never doubles the order', async () => {
    const key = `pos-replay-${Date.now()}`;
    const before = await countOrders();
    const first = await c.post('/api/orders', orderBody(2), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same JSON, other key order and whitespace: still the same request.
    const replay = await call(
      api.url,
      ws.apiKey,
      'POST',
      '/api/orders',
      JSON.stringify({ lines: [{ quantity: 2, sku }], locationId: loc, channel: 'pos' }, null, 2),
      {
        'idempotency-key': key,
      },
    );
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await countOrders()).toBe(before + 1);
    expect((await levelOf(c, sku, loc))?.available).toBe(48);
  });

  it('the same key with another body is a 422 and changes nothing', async () => {
    const key = `pos-mismatch-${Date.now()}`;
    expect((await c.post('/api/orders', orderBody(1), { 'idempotency-key': key })).status).toBe(201);
    const before = await countOrders();
    const other = await c.post('/api/orders', orderBody(3), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.code).toBe('idempotency_key_reused');
    // Another endpoint with the same key is another request too.
    expect((await c.post('/api/locations', { name: 'x' }, { 'idempotency-key': key })).status).toBe(422);
    expect(await countOrders()).toBe(before);
  });

  it('while the first request is in flight, a concurrent one with the key gets 409', async () => {
    const key = `pos-concurrent-${Date.now()}`;
    const before = await countOrders();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => c.post('/api/orders', orderBody(1), { 'idempotency-key': key })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const fresh = results.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('idempotency_request_in_flight');
    expect(await countOrders()).toBe(before + 1);
  });

  it('an in-flight claim answers 409 deterministically', async () => {
    const key = `pos-held-${Date.now()}`;
    // Simulate a first request still running in another api process: its claim row is in flight.
    const { IdempotencyStore, requestFingerprint } = await import('@retailos/server/core');
    const store = api.app.get(IdempotencyStore);
    const claim = await store.claim(ws.workspaceId, key, requestFingerprint('POST', '/api/orders', orderBody(1)));
    expect(claim.kind).toBe('claimed');
    const res = await c.post('/api/orders', orderBody(1), { 'idempotency-key': key });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('idempotency_request_in_flight');
  });

  it('error answers are stored and replayed too (an offline POS sees the same 409)', async () => {
    const key = `pos-short-${Date.now()}`;
    const first = await c.post('/api/orders', orderBody(1000), { 'idempotency-key': key });
    expect(first.status).toBe(409);
    const again = await c.post('/api/orders', orderBody(1000), { 'idempotency-key': key });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.shortLines).toEqual(first.body.shortLines);
  });

  it('a 5xx releases the key: nothing is stored and the same key and body then run for real', async () => {
    const em = api.app.get(EntityManager);
    const name = `explode-${Date.now()}`;
    const key = `loc-5xx-${Date.now()}`;
    // A real server error from Postgres, for this one location name only (this Jest worker's own database).
    await em.fork().execute(`create or replace function test_explode() returns trigger language plpgsql as $$
      begin raise exception 'injected failure' using errcode = 'XX000'; end $$`);
    await em
      .fork()
      .execute(
        `create trigger test_explode before insert on locations for each row when (new.name = '${name}') execute function test_explode()`,
      );
    let failed: Res;
    try {
      failed = await c.post('/api/locations', { name }, { 'idempotency-key': key });
    } finally {
      await em.fork().execute('drop trigger if exists test_explode on locations');
      await em.fork().execute('drop function if exists test_explode()');
    }
    expect([failed.status, failed.body.code]).toEqual([500, 'internal_error']);
    const stored = (await em
      .fork()
      .execute('select count(*)::int as n from idempotency_keys where workspace_id = ? and key = ?', [
        ws.workspaceId,
        key,
      ])) as { n: number }[];
    expect(stored[0]?.n).toBe(0);
    const retried = await c.post('/api/locations', { name }, { 'idempotency-key': key });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body.name).toBe(name);
    // From now on the success is what the key replays.
    const replay = await c.post('/api/locations', { name }, { 'idempotency-key': key });
    expect([replay.status, replay.headers.get('idempotent-replayed'), replay.body.id]).toEqual([
      201,
      'true',
      retried.body.id,
    ]);
  });

  it('unauthenticated POSTs are not keyed: the key is neither stored nor replayed', async () => {
    const key = `login-${Date.now()}`;
    const login = (body: unknown): Promise<Response> =>
      fetch(`${api.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    // A 4xx would be stored under a key; here a different body with the same key is not a 422, it simply runs.
    const invalid = await login({ email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    const first = await login({ email: ws.ownerEmail, password: ws.ownerPassword });
    const second = await login({ email: ws.ownerEmail, password: ws.ownerPassword });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.headers.get('idempotent-replayed'), second.headers.get('idempotent-replayed')]).toEqual([null, null]);
    const session = (r: Response): string | undefined =>
      r.headers.getSetCookie().find((c) => c.startsWith('retailos_session='));
    expect(session(second)).toBeDefined();
    expect(session(second)).not.toEqual(session(first)); // two sign-ins, two sessions
    const stored = (await api.app
      .get(EntityManager)
      .fork()
      .execute('select count(*)::int as n from idempotency_keys where key = ?', [key])) as { n: number }[];
    expect(stored[0]?.n).toBe(0);
  });

  it('keys are per workspace: another workspace may use the same key', async () => {
    const key = `shared-${Date.now()}`;
    const other = await seedWorkspace(api);
    const oc = client(api.url, other.apiKey);
    expect((await c.post('/api/locations', { name: 'A' }, { 'idempotency-key': key })).status).toBe(201);
    const b = await oc.post('/api/locations', { name: 'B' }, { 'idempotency-key': key });
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(b.body.name).toBe('B');
  });

  it('rejects a malformed key', async () => {
    const res = await c.post('/api/locations', { name: 'A' }, { 'idempotency-key': 'has spaces in it' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('keys expire after the TTL (24 h by default) and may then be reused', async () => {
    const key = `old-${Date.now()}`;
    expect((await c.post('/api/locations', { name: 'first' }, { 'idempotency-key': key })).status).toBe(201);
    const em = api.app.get(EntityManager).fork();
    const [row] = (await em.execute(
      'select extract(epoch from expires_at - created_at)::int as ttl from idempotency_keys where workspace_id = ? and key = ?',
      [ws.workspaceId, key],
    )) as { ttl: number }[];
    expect(row?.ttl).toBe(86400);
    await em.execute(
      "update idempotency_keys set expires_at = now() - interval '1 second' where workspace_id = ? and key = ?",
      [ws.workspaceId, key],
    );
    const again = await c.post('/api/locations', { name: 'second' }, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(again.body.name).toBe('second');
  });
  it('holds across api processes: a second api replays what the first stored, and sees its in-flight claims', async () => {
    const port = await freePort();
    const second = await spawnApp(
      'apps/api/src/main.ts',
      { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      {
        url: `http://127.0.0.1:${port}/health/live`,
        timeoutMs: 45_000,
      },
    );
    try {
      const key = `multi-process-${Date.now()}`;
      const before = await countOrders();
      const first = await c.post('/api/orders', orderBody(1), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const other = await call(`http://127.0.0.1:${port}`, ws.apiKey, 'POST', '/api/orders', orderBody(1), {
        'idempotency-key': key,
      });
      expect(other.status).toBe(201);
      expect(other.headers.get('idempotent-replayed')).toBe('true');
      expect(other.body.id).toBe(first.body.id);
      // Racing both processes with a fresh key: one order, the rest replays or 409s.
      const raceKey = `multi-race-${Date.now()}`;
      const race = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          call(i % 2 ? `http://127.0.0.1:${port}` : api.url, ws.apiKey, 'POST', '/api/orders', orderBody(1), {
            'idempotency-key': raceKey,
          }),
        ),
      );
      expect(race.every((r) => r.status === 201 || r.status === 409)).toBe(true);
      expect(new Set(race.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(1);
      expect(await countOrders()).toBe(before + 2);
    } finally {
      await second.stop();
    }
  });
});
