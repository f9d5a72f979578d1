import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { startWorker } from '../../worker/src/bootstrap';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, levelOf, stock, uniqueSku, type Client } from './support/commerce';
import { seedWorkspace } from './support/identity';

describe('orders', () => {
  let api: TestApp;
  let c: Client;
  let other: Client;
  let loc: string;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    const ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    other = client(api.url, (await seedWorkspace(api)).apiKey);
    loc = await createLocation(c);
  });

  afterAll(async () => {
    await api.close();
  });

  it('places an order: decrements stock, numbers it, writes the ledger', async () => {
    const p = await createProduct(c, [{ price: 2500 }, { price: 1000 }]);
    const [a, b] = p.variants as unknown as [{ id: string; sku: string }, { id: string; sku: string }];
    await stock(c, a.sku, loc, 10);
    await stock(c, b.sku, loc, 5);
    const res = await c.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      lines: [
        { sku: a.sku, quantity: 2 },
        { variantId: b.id, quantity: 1, unitPrice: 900 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'pos', status: 'open', currency: 'USD', total: 5900, subtotal: 5900 });
    expect(res.body.name).toMatch(/^#\d+$/);
    expect(res.body.lines).toHaveLength(2);
    expect((await levelOf(c, a.sku, loc))?.available).toBe(8);
    expect((await levelOf(c, b.sku, loc))?.available).toBe(4);
    const ledger = await c.get(`/api/inventory/movements?reference=${res.body.id}`);
    expect(ledger.body.data.map((m: { delta: number }) => m.delta).sort()).toEqual([-1, -2]);

    const again = await c.post('/api/orders', {
      channel: 'online',
      locationId: loc,
      lines: [{ sku: a.sku, quantity: 1 }],
    });
    expect(again.status).toBe(201);
    expect(again.body.number).toBe(res.body.number + 1);
    expect((await c.get(`/api/orders/${res.body.id}`)).body.id).toBe(res.body.id);
  });

  it('refuses the whole order when any line is short, listing each short line', async () => {
    const p = await createProduct(c, [{}, {}]);
    const [a, b] = p.variants as unknown as [{ sku: string }, { sku: string }];
    await stock(c, a.sku, loc, 3);
    await stock(c, b.sku, loc, 1);
    const res = await c.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      lines: [
        { sku: a.sku, quantity: 2 },
        { sku: b.sku, quantity: 4 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('insufficient_stock');
    expect(res.body.shortLines).toEqual([{ sku: b.sku, variantId: expect.any(String), requested: 4, available: 1 }]);
    expect((await levelOf(c, a.sku, loc))?.available).toBe(3);
    expect((await levelOf(c, b.sku, loc))?.available).toBe(1);
  });

  it('backorderable variants may go below zero', async () => {
    const p = await createProduct(c, [{ allowBackorder: true }]);
    const sku = (p.variants[0] as { sku: string }).sku;
    const res = await c.post('/api/orders', { channel: 'b2b', locationId: loc, lines: [{ sku, quantity: 3 }] });
    expect(res.status).toBe(201);
    expect((await levelOf(c, sku, loc))?.available).toBe(-3);
  });

  it('validates the body: each rule', async () => {
    const sku = uniqueSku();
    const cases: [unknown, string][] = [
      [{ locationId: loc, lines: [{ sku, quantity: 1 }] }, 'channel'],
      [{ channel: 'fax', locationId: loc, lines: [{ sku, quantity: 1 }] }, 'channel'],
      [{ channel: 'pos', lines: [{ sku, quantity: 1 }] }, 'locationId'],
      [{ channel: 'pos', locationId: loc, lines: [] }, 'lines'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 0 }] }, 'lines.0.quantity'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1.5 }] }, 'lines.0.quantity'],
      [{ channel: 'pos', locationId: loc, lines: [{ quantity: 1 }] }, 'lines.0.sku'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1, unitPrice: -1 }] }, 'lines.0.unitPrice'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }], currency: 'usd' }, 'currency'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }], bogus: true }, 'bogus'],
      [{ channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] }, 'lines.0'],
      [{ channel: 'pos', locationId: 'loc_nope', lines: [{ sku, quantity: 1 }] }, 'locationId'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/api/orders', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('cancel restocks; a second cancel is a 409', async () => {
    const p = await createProduct(c);
    const sku = (p.variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 5);
    const order = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 4 }] });
    expect((await levelOf(c, sku, loc))?.available).toBe(1);
    const cancelled = await c.post(`/api/orders/${order.body.id}/cancel`, { reason: 'customer changed mind' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await levelOf(c, sku, loc))?.available).toBe(5);
    const twice = await c.post(`/api/orders/${order.body.id}/cancel`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('order_not_cancellable');
    expect((await levelOf(c, sku, loc))?.available).toBe(5);
  });

  it('PATCH changes the note and the customer only, validates, and every change to an order raises order.updated', async () => {
    const p = await createProduct(c, [{ price: 700 }]);
    const sku = (p.variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 5);
    const order = await c.post('/api/orders', { channel: 'b2b', locationId: loc, lines: [{ sku, quantity: 2 }] });
    const customer = await c.post('/api/customers', {
      firstName: 'Ada',
      email: `ada-${sku.toLowerCase()}@example.com`,
    });
    const patched = await c.patch(`/api/orders/${order.body.id}`, {
      note: 'deliver to dock 4',
      customerId: customer.body.id,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      note: 'deliver to dock 4',
      customerId: customer.body.id,
      total: 1400,
      status: 'open',
    });
    expect((await c.get(`/api/customers/${customer.body.id}`)).body.ordersCount).toBe(1);
    // Each rule: unknown field, wrong type, unknown customer, empty body. None of them changes the order.
    for (const [body, field] of [
      [{ total: 1 }, 'total'],
      [{ note: 42 }, 'note'],
      [{ customerId: 'cus_nope' }, 'customerId'],
      [{}, 'body'],
    ] as const) {
      const res = await c.patch(`/api/orders/${order.body.id}`, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await other.patch(`/api/orders/${order.body.id}`, { note: 'x' }).then((r) => r.status)).toBe(404);
    const cleared = await c.patch(`/api/orders/${order.body.id}`, { note: null, customerId: null });
    expect(cleared.body).toMatchObject({ note: null, customerId: null, total: 1400 });
    await c.post(`/api/orders/${order.body.id}/returns`, { lines: [{ lineId: order.body.lines[0].id, quantity: 1 }] });
    await c.post(`/api/orders/${order.body.id}/cancel`);
    const em = api.app.get(EntityManager).fork();
    const events = (await em.execute(
      `select topic, payload->'order'->>'status' as status from outbox where topic like 'order.%' and payload->'order'->>'id' = ? order by seq`,
      [order.body.id],
    )) as { topic: string; status: string }[];
    expect(events.map((e) => `${e.topic}:${e.status}`)).toEqual([
      'order.created:open',
      'order.updated:open',
      'order.updated:open',
      'order.returned:partially_returned',
      'order.updated:partially_returned',
      'order.cancelled:cancelled',
      'order.updated:cancelled',
    ]);
  });

  it('partial returns add up, restock to the chosen location and can never exceed what was sold', async () => {
    const backroom = await createLocation(c, 'Back room');
    const p = await createProduct(c, [{ price: 1500 }]);
    const sku = (p.variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 5);
    const order = await c.post('/api/orders', { channel: 'online', locationId: loc, lines: [{ sku, quantity: 3 }] });
    const lineId = order.body.lines[0].id as string;
    const r1 = await c.post(`/api/orders/${order.body.id}/returns`, {
      lines: [{ lineId, quantity: 1 }],
      locationId: backroom,
    });
    expect(r1.status).toBe(201);
    expect(r1.body.refundAmount).toBe(1500);
    expect(r1.body.order.status).toBe('partially_returned');
    expect((await levelOf(c, sku, backroom))?.available).toBe(1);
    const tooMany = await c.post(`/api/orders/${order.body.id}/returns`, { lines: [{ lineId, quantity: 3 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('return_exceeds_sold');
    const r2 = await c.post(`/api/orders/${order.body.id}/returns`, { lines: [{ lineId, quantity: 2 }] });
    expect(r2.status).toBe(201);
    expect(r2.body.order).toMatchObject({ status: 'returned', refundedTotal: 4500 });
    expect((await levelOf(c, sku, loc))?.available).toBe(4);
    const overflow = await c.post(`/api/orders/${order.body.id}/returns`, { lines: [{ lineId, quantity: 1 }] });
    expect(overflow.status).toBe(409);
    const bad = await c.post(`/api/orders/${order.body.id}/returns`, { lines: [{ lineId: 'oli_nope', quantity: 1 }] });
    expect(bad.status).toBe(400);
    const detail = await c.get(`/api/orders/${order.body.id}`);
    expect(detail.body.lines[0].returnedQuantity).toBe(3);
    expect(detail.body.returns).toEqual([
      expect.objectContaining({
        id: r1.body.id,
        locationId: backroom,
        refundAmount: 1500,
        lines: [{ lineId, quantity: 1, amount: 1500 }],
      }),
      expect.objectContaining({
        id: r2.body.id,
        locationId: loc,
        refundAmount: 3000,
        lines: [{ lineId, quantity: 2, amount: 3000 }],
      }),
    ]);
  });

  it('another workspace sees 404 for the order, its cancel and its returns', async () => {
    const p = await createProduct(c);
    const sku = (p.variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 2);
    const order = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] });
    expect((await other.get(`/api/orders/${order.body.id}`)).status).toBe(404);
    expect((await other.post(`/api/orders/${order.body.id}/cancel`)).status).toBe(404);
    expect(
      (
        await other.post(`/api/orders/${order.body.id}/returns`, {
          lines: [{ lineId: order.body.lines[0].id, quantity: 1 }],
        })
      ).status,
    ).toBe(404);
    expect((await c.get(`/api/orders/${order.body.id}`)).body.status).toBe('open');
    // Another workspace cannot order this workspace's SKU at this workspace's location either.
    const cross = await other.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] });
    expect(cross.status).toBe(400);
    expect((await levelOf(c, sku, loc))?.available).toBe(1);
  });
  it('lists with filters and a keyset cursor that is stable while orders arrive', async () => {
    const mine = await seedWorkspace(api);
    const mc = client(api.url, mine.apiKey);
    const mloc = await createLocation(mc);
    const sku = ((await createProduct(mc, [{ allowBackorder: true }])).variants[0] as { sku: string }).sku;
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const o = await mc.post('/api/orders', {
        channel: i % 3 === 0 ? 'pos' : 'online',
        locationId: mloc,
        lines: [{ sku, quantity: 1 }],
      });
      ids.push(o.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await mc.get(
        `/api/orders?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((o) => o.id));
      cursor = res.body.nextCursor;
      // New orders keep arriving while the client pages: they are newer than the cursor, so never mixed in.
      await mc.post('/api/orders', { channel: 'b2b', locationId: mloc, lines: [{ sku, quantity: 1 }] });
      page++;
    } while (cursor);
    expect(page).toBe(5);
    expect(seen).toEqual([...ids].reverse());

    const pos = await mc.get('/api/orders?channel=pos&limit=250');
    expect(pos.body.data.map((o: { id: string }) => o.id)).toEqual([ids[6], ids[3], ids[0]]);
    expect(pos.body.nextCursor).toBeNull();
    const from = new Date(Date.now() - 60_000).toISOString();
    const ranged = await mc.get(
      `/api/orders?createdFrom=${encodeURIComponent(from)}&createdTo=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=250`,
    );
    expect(ranged.body.data.length).toBeGreaterThanOrEqual(14);
    expect((await mc.get(`/api/orders?createdTo=${encodeURIComponent(from)}`)).body.data).toEqual([]);
    const p1 = await mc.get('/api/orders?limit=1');
    expect((await mc.get(`/api/orders?channel=pos&cursor=${encodeURIComponent(p1.body.nextCursor)}`)).body.code).toBe(
      'invalid_cursor',
    );
    expect(
      (await mc.get(`/api/orders?cursor=${encodeURIComponent(p1.body.nextCursor.replace(/^./, 'x'))}`)).status,
    ).toBe(400);
    expect((await mc.get('/api/orders?status=lost')).status).toBe(400);
  });

  it('needs orders scopes', async () => {
    const readOnly = client(api.url, await seedWorkspace(api).then((w) => w.createKey(['orders:read'])));
    expect((await readOnly.get('/api/orders')).status).toBe(200);
    const denied = await readOnly.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      lines: [{ sku: 'x', quantity: 1 }],
    });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    const none = client(api.url, await seedWorkspace(api).then((w) => w.createKey(['products:read'])));
    expect((await none.get('/api/orders')).status).toBe(403);
  });
  it('commits order.created and inventory.level.updated with the order, and the worker relay publishes them', async () => {
    const p = await createProduct(c, [{ price: 1234 }]);
    const sku = (p.variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 3);
    const order = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 2 }] });
    const em = api.app.get(EntityManager).fork();
    const events = (await em.execute(
      `select id, topic, payload from outbox where topic in ('order.created', 'inventory.level.updated')
         and (payload->'order'->>'id' = ? or payload->>'reference' = ?) order by seq`,
      [order.body.id, order.body.id],
    )) as {
      id: string;
      topic: string;
      payload: { order?: Record<string, unknown>; level?: Record<string, unknown>; delta?: number };
    }[];
    expect(events.map((e) => e.topic)).toEqual(['order.created', 'inventory.level.updated']);
    expect(events[0]?.payload.order).toMatchObject({
      id: order.body.id,
      number: order.body.number,
      name: order.body.name,
      total: 2468,
      createdAt: order.body.createdAt,
    });
    expect(events[1]?.payload).toMatchObject({ delta: -2, level: { available: 1, onHand: 1, locationId: loc } });
    // A refused order leaves no event behind.
    const refused = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 5 }] });
    expect(refused.status).toBe(409);
    const worker = await startWorker({ metricsPort: -1 });
    try {
      const deadline = Date.now() + 15_000;
      let pending = 1;
      while (pending > 0 && Date.now() < deadline) {
        const rows = (await em.execute(
          'select count(*)::int as n from outbox where id in (?) and published_at is null',
          [events.map((e) => e.id)],
        )) as { n: number }[];
        pending = rows[0]?.n ?? 1;
        if (pending > 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(pending).toBe(0);
    } finally {
      await worker.close();
    }
  });
});
