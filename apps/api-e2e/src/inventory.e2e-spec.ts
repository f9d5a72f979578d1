import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, levelOf, type Client } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('inventory', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let c: Client;
  let other: Client;
  let a: string;
  let b: string;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    other = client(api.url, (await seedWorkspace(api)).apiKey);
    a = await createLocation(c, 'A');
    b = await createLocation(c, 'B');
  });

  afterAll(async () => {
    await api.close();
  });

  const newSku = async (allowBackorder = false): Promise<{ sku: string; id: string }> =>
    (await createProduct(c, [{ allowBackorder }])).variants[0] as { sku: string; id: string };

  it('adjusts by delta (by sku or variantId), never below zero, and records every movement in the ledger', async () => {
    const v = await newSku();
    const up = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      delta: 10,
      reason: 'received',
      reference: 'PO-1',
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ available: 10, onHand: 10, committed: 0, delta: 10 });
    const down = await c.post('/api/inventory/adjustments', {
      variantId: v.id,
      locationId: a,
      delta: -4,
      reason: 'damaged',
    });
    expect(down.body.available).toBe(6);
    const tooMuch = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      delta: -7,
      reason: 'damaged',
    });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('insufficient_stock');
    expect((await levelOf(c, v.sku, a))?.available).toBe(6);
    const ledger = await c.get(`/api/inventory/movements?sku=${v.sku}`);
    expect(
      ledger.body.data.map((m: { delta: number; reason: string; availableAfter: number }) => [
        m.delta,
        m.reason,
        m.availableAfter,
      ]),
    ).toEqual([
      [-4, 'damaged', 6],
      [10, 'received', 10],
    ]);
    expect(ledger.body.data[1].reference).toBe('PO-1');
    expect(ledger.body.data[1].actor).toMatch(/^api_key:/);
    // The ledger is append-only at the database level.
    const em = api.app.get(EntityManager).fork();
    await expect(
      em.execute('update inventory_movements set delta = 0 where workspace_id = ?', [ws.workspaceId]),
    ).rejects.toThrow(/append-only/);
  });

  it('backorderable variants may go negative by adjustment', async () => {
    const v = await newSku(true);
    const res = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      delta: -2,
      reason: 'correction',
    });
    expect(res.status).toBe(201);
    expect(res.body.available).toBe(-2);
  });

  it('sets an absolute value, with compare-and-set on the expected current value', async () => {
    const v = await newSku();
    const set = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      set: 12,
      reason: 'cycle_count',
    });
    expect(set.body).toMatchObject({ available: 12, delta: 12 });
    const stale = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      set: 3,
      expected: 10,
      reason: 'cycle_count',
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'inventory_changed', expected: 10, available: 12 });
    const fresh = await c.post('/api/inventory/adjustments', {
      sku: v.sku,
      locationId: a,
      set: 3,
      expected: 12,
      reason: 'cycle_count',
    });
    expect(fresh.body).toMatchObject({ available: 3, delta: -9 });
  });

  it('transfers atomically between locations', async () => {
    const v = await newSku();
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: a, set: 5, reason: 'received' });
    const t = await c.post('/api/inventory/transfers', {
      sku: v.sku,
      fromLocationId: a,
      toLocationId: b,
      quantity: 3,
      reference: 'TR-1',
    });
    expect(t.status).toBe(201);
    expect(t.body.from.available).toBe(2);
    expect(t.body.to.available).toBe(3);
    const short = await c.post('/api/inventory/transfers', {
      sku: v.sku,
      fromLocationId: a,
      toLocationId: b,
      quantity: 3,
    });
    expect(short.status).toBe(409);
    expect((await levelOf(c, v.sku, a))?.available).toBe(2);
    expect((await levelOf(c, v.sku, b))?.available).toBe(3);
    const legs = await c.get('/api/inventory/movements?reference=TR-1');
    expect(legs.body.data.map((m: { reason: string; delta: number }) => `${m.reason}:${m.delta}`).sort()).toEqual([
      'transfer_in:3',
      'transfer_out:-3',
    ]);
  });

  it('concurrent opposite transfers and adjustments neither deadlock nor lose units', async () => {
    const v = await newSku();
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: a, set: 100, reason: 'received' });
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: b, set: 100, reason: 'received' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        c.post('/api/inventory/transfers', {
          sku: v.sku,
          fromLocationId: i % 2 ? a : b,
          toLocationId: i % 2 ? b : a,
          quantity: 1,
        }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const total = ((await levelOf(c, v.sku, a))?.available ?? 0) + ((await levelOf(c, v.sku, b))?.available ?? 0);
    expect(total).toBe(200);
  });

  it('lists levels filtered by sku, variant and location', async () => {
    const v = await newSku();
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: a, delta: 1, reason: 'received' });
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: b, delta: 2, reason: 'received' });
    const all = await c.get(`/api/inventory/levels?variantId=${v.id}`);
    expect(all.body.data.map((l: { available: number }) => l.available).sort()).toEqual([1, 2]);
    expect(all.body.data[0].sku).toBe(v.sku);
    expect((await c.get(`/api/inventory/levels?sku=${v.sku}&locationId=${b}`)).body.data).toHaveLength(1);
    expect((await c.get('/api/inventory/levels?sku=UNKNOWN-SKU')).body.data).toEqual([]);
    const p1 = await c.get(`/api/inventory/levels?locationId=${a}&limit=1`);
    expect(p1.body.nextCursor).toEqual(expect.any(String));
    expect(
      (await c.get(`/api/inventory/levels?locationId=${b}&limit=1&cursor=${encodeURIComponent(p1.body.nextCursor)}`))
        .status,
    ).toBe(400);
  });

  it('validates each rule', async () => {
    const v = await newSku();
    const cases: [unknown, string][] = [
      [{ locationId: a, delta: 1, reason: 'received' }, 'sku'],
      [{ sku: v.sku, delta: 1, reason: 'received' }, 'locationId'],
      [{ sku: v.sku, locationId: a, reason: 'received' }, 'delta'],
      [{ sku: v.sku, locationId: a, delta: 0, reason: 'received' }, 'delta'],
      [{ sku: v.sku, locationId: a, delta: 1.5, reason: 'received' }, 'delta'],
      [{ sku: v.sku, locationId: a, set: -1, reason: 'received' }, 'set'],
      [{ sku: v.sku, locationId: a, delta: 1, set: 1, reason: 'received' }, 'set'],
      [{ sku: v.sku, locationId: a, delta: 1, expected: 1, reason: 'received' }, 'expected'],
      [{ sku: v.sku, locationId: a, delta: 1, reason: 'because' }, 'reason'],
      [{ sku: v.sku, locationId: a, delta: 1, reason: 'received', extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/api/inventory/adjustments', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const same = await c.post('/api/inventory/transfers', {
      sku: v.sku,
      fromLocationId: a,
      toLocationId: a,
      quantity: 1,
    });
    expect(same.status).toBe(400);
    expect(
      (await c.post('/api/inventory/transfers', { sku: v.sku, fromLocationId: a, toLocationId: b, quantity: 0 }))
        .status,
    ).toBe(400);
  });

  it("another workspace's variants and locations are 404, and its levels invisible", async () => {
    const v = await newSku();
    await c.post('/api/inventory/adjustments', { sku: v.sku, locationId: a, set: 4, reason: 'received' });
    const theirLoc = await createLocation(other);
    expect(
      (
        await other.post('/api/inventory/adjustments', {
          sku: v.sku,
          locationId: theirLoc,
          delta: 1,
          reason: 'received',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await other.post('/api/inventory/adjustments', {
          variantId: v.id,
          locationId: theirLoc,
          delta: 1,
          reason: 'received',
        })
      ).status,
    ).toBe(404);
    const theirSku = ((await createProduct(other)).variants[0] as { sku: string }).sku;
    expect(
      (await other.post('/api/inventory/adjustments', { sku: theirSku, locationId: a, delta: 1, reason: 'received' }))
        .status,
    ).toBe(404);
    expect(
      (
        await other.post('/api/inventory/transfers', {
          sku: theirSku,
          fromLocationId: theirLoc,
          toLocationId: a,
          quantity: 1,
        })
      ).status,
    ).toBe(404);
    expect((await other.get(`/api/inventory/levels?variantId=${v.id}`)).body.data).toEqual([]);
    expect((await levelOf(c, v.sku, a))?.available).toBe(4);
  });

  it('needs inventory scopes', async () => {
    const readOnly = client(api.url, await ws.createKey(['inventory:read']));
    expect((await readOnly.get('/api/inventory/levels')).status).toBe(200);
    expect(
      (await readOnly.post('/api/inventory/adjustments', { sku: 'x', locationId: a, delta: 1, reason: 'received' }))
        .status,
    ).toBe(403);
    expect(
      (await readOnly.post('/api/inventory/transfers', { sku: 'x', fromLocationId: a, toLocationId: b, quantity: 1 }))
        .status,
    ).toBe(403);
  });
});
