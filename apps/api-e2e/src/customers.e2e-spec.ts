import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock, type Client } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('customers', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let c: Client;
  let other: Client;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    other = client(api.url, (await seedWorkspace(api)).apiKey);
  });

  afterAll(async () => {
    await api.close();
  });

  const email = (): string => `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.test`;

  it('creates and updates a profile, with marketing consent timestamps and events', async () => {
    const e = email();
    const res = await c.post('/api/customers', {
      email: e,
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+44 20 7946 0000',
      tags: ['vip'],
      acceptsMarketing: true,
      addresses: [{ line1: '1 Main St', city: 'London', country: 'GB', default: true }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      email: e,
      firstName: 'Ada',
      acceptsMarketing: true,
      ordersCount: 0,
      totalSpent: 0,
      lifetimeValue: 0,
      currency: 'USD',
    });
    expect(res.body.marketingConsentUpdatedAt).toEqual(expect.any(String));
    const dup = await c.post('/api/customers', { email: e.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('email_taken');
    const upd = await c.patch(`/api/customers/${res.body.id}`, { acceptsMarketing: false, tags: ['vip', 'wholesale'] });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ acceptsMarketing: false, tags: ['vip', 'wholesale'] });
    const topics = (await api.app
      .get(EntityManager)
      .fork()
      .execute("select topic from outbox where workspace_id = ? and payload->'customer'->>'id' = ? order by seq", [
        ws.workspaceId,
        res.body.id,
      ])) as { topic: string }[];
    expect(topics.map((t) => t.topic)).toEqual(['customer.created', 'customer.updated']);
  });

  it('computes order count, total spent and lifetime value from orders, with recent orders', async () => {
    const cus = await c.post('/api/customers', { email: email(), firstName: 'Grace' });
    const loc = await createLocation(c);
    const sku = ((await createProduct(c, [{ price: 1000 }])).variants[0] as { sku: string }).sku;
    await stock(c, sku, loc, 20);
    const o1 = await c.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      customerId: cus.body.id,
      lines: [{ sku, quantity: 2 }],
    });
    const o2 = await c.post('/api/orders', {
      channel: 'online',
      locationId: loc,
      customerId: cus.body.id,
      lines: [{ sku, quantity: 3 }],
    });
    const o3 = await c.post('/api/orders', {
      channel: 'b2b',
      locationId: loc,
      customerId: cus.body.id,
      lines: [{ sku, quantity: 1 }],
    });
    await c.post(`/api/orders/${o3.body.id}/cancel`);
    await c.post(`/api/orders/${o2.body.id}/returns`, { lines: [{ lineId: o2.body.lines[0].id, quantity: 1 }] });
    const got = await c.get(`/api/customers/${cus.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ ordersCount: 2, totalSpent: 5000, lifetimeValue: 4000, currency: 'USD' });
    expect(got.body.recentOrders.map((o: { id: string }) => o.id)).toEqual([o3.body.id, o2.body.id, o1.body.id]);
    const listed = await c.get(`/api/customers?email=${encodeURIComponent(cus.body.email)}`);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).toMatchObject({ ordersCount: 2, totalSpent: 5000 });
    // An order for an unknown customer is refused.
    const ghost = await c.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      customerId: 'cus_ghost',
      lines: [{ sku, quantity: 1 }],
    });
    expect(ghost.status).toBe(400);
  });

  it('searches by q and pages with a cursor', async () => {
    const mine = client(api.url, (await seedWorkspace(api)).apiKey);
    for (let i = 0; i < 5; i++)
      await mine.post('/api/customers', { firstName: `Quinn${i}`, lastName: 'Zephyr', email: email() });
    await mine.post('/api/customers', { firstName: 'Other' });
    const found = await mine.get('/api/customers?q=zephyr&limit=2');
    const next = await mine.get(`/api/customers?q=zephyr&limit=10&cursor=${encodeURIComponent(found.body.nextCursor)}`);
    expect([...found.body.data, ...next.body.data].map((x: { firstName: string }) => x.firstName)).toEqual([
      'Quinn4',
      'Quinn3',
      'Quinn2',
      'Quinn1',
      'Quinn0',
    ]);
    expect(
      (await mine.get(`/api/customers?q=other&cursor=${encodeURIComponent(found.body.nextCursor)}`)).body.code,
    ).toBe('invalid_cursor');
  });

  it('validates each rule', async () => {
    const cases: [unknown, string][] = [
      [{}, 'email'],
      [{ email: 'not-an-email' }, 'email'],
      [{ firstName: 'x', phone: 'call me' }, 'phone'],
      [{ firstName: 'x', addresses: [{ city: 'x', country: 'GB' }] }, 'addresses.0.line1'],
      [{ firstName: 'x', addresses: [{ line1: 'x', city: 'x', country: 'Britain' }] }, 'addresses.0.country'],
      [{ firstName: 'x', acceptsMarketing: 'yes' }, 'acceptsMarketing'],
      [{ firstName: 'x', tags: [1] }, 'tags'],
      [{ firstName: 'x', unknown: 1 }, 'unknown'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/api/customers', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('another workspace gets 404, and scopes are enforced', async () => {
    const cus = await c.post('/api/customers', { firstName: 'Private' });
    expect((await other.get(`/api/customers/${cus.body.id}`)).status).toBe(404);
    expect((await other.patch(`/api/customers/${cus.body.id}`, { firstName: 'Hacked' })).status).toBe(404);
    expect((await c.get(`/api/customers/${cus.body.id}`)).body.firstName).toBe('Private');
    const readOnly = client(api.url, await ws.createKey(['customers:read']));
    expect((await readOnly.get('/api/customers')).status).toBe(200);
    expect((await readOnly.post('/api/customers', { firstName: 'x' })).status).toBe(403);
    expect((await readOnly.patch(`/api/customers/${cus.body.id}`, { firstName: 'x' })).status).toBe(403);
  });
});
