import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock, uniqueSku, type Client, type Res } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

/**
 * Input each DTO must refuse because Postgres or JavaScript cannot hold it exactly (each once answered 500 or was
 * silently changed): null for NOT NULL columns, numbers past 2^53, dates past year 9999, a sku that is not a
 * string, lone surrogates; plus cursors bound to their list and workspace and foreign ids in removeVariantIds.
 */
describe('hostile fields: what the database cannot hold is a 400 naming the field, and changes nothing', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let other: SeededWorkspace;
  let c: Client;
  let em: EntityManager;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    em = api.app.get(EntityManager);
    ws = await seedWorkspace(api);
    other = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
  });

  afterAll(async () => {
    await api.close();
  });

  /** Rows and outbox events of the workspace, to prove a refused request changed nothing. */
  async function snapshot(): Promise<string> {
    const rows = (await em.fork().execute(
      `select (select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from products t where workspace_id = ?)
           || (select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from variants t where workspace_id = ?)
           || (select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from customers t where workspace_id = ?)
           || (select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from inventory_levels t where workspace_id = ?)
           || (select count(*)::text from outbox where workspace_id = ?) as digest`,
      [ws.workspaceId, ws.workspaceId, ws.workspaceId, ws.workspaceId, ws.workspaceId],
    )) as { digest: string }[];
    return rows[0]?.digest ?? '';
  }

  function expect400(res: Res, field: string): void {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  }

  it('null in PATCH for NOT NULL columns is refused per field; nullable ones are cleared', async () => {
    const product = await createProduct(c);
    const customer = (await c.post('/api/customers', { firstName: 'Ana', tags: ['vip'] })).body as { id: string };
    const before = await snapshot();
    for (const field of ['title', 'status', 'tags', 'handle'])
      expect400(await c.patch(`/api/products/${product.id}`, { [field]: null }), field);
    const variantId = product.variants[0]?.id as string;
    for (const field of ['price', 'sku', 'title', 'currency', 'options', 'allowBackorder']) {
      expect400(
        await c.patch(`/api/products/${product.id}`, { variants: [{ id: variantId, [field]: null }] }),
        `variants.0.${field}`,
      );
    }
    for (const field of ['tags', 'addresses', 'acceptsMarketing'])
      expect400(await c.patch(`/api/customers/${customer.id}`, { [field]: null }), field);
    expect(await snapshot()).toBe(before);

    // Documented as clearable: description (products), note (customers).
    const cleared = await c.patch(`/api/products/${product.id}`, { description: null });
    expect([cleared.status, cleared.body.description ?? null]).toEqual([200, null]);
    expect((await c.patch(`/api/customers/${customer.id}`, { note: null })).status).toBe(200);
  });

  it('a sku that is not a string is refused even next to variantId (adjustments, transfers, order lines)', async () => {
    const product = await createProduct(c);
    const variantId = product.variants[0]?.id as string;
    const from = await createLocation(c, 'A');
    const to = await createLocation(c, 'B');
    await stock(c, product.variants[0]?.sku as string, from, 5);
    const before = await snapshot();
    for (const sku of [7, true, ['X'], { a: 1 }]) {
      expect400(
        await c.post('/api/inventory/adjustments', { variantId, sku, locationId: from, delta: 1, reason: 'received' }),
        'sku',
      );
      expect400(
        await c.post('/api/inventory/transfers', {
          variantId,
          sku,
          fromLocationId: from,
          toLocationId: to,
          quantity: 1,
        }),
        'sku',
      );
      expect400(
        await c.post('/api/orders', { channel: 'pos', locationId: from, lines: [{ variantId, sku, quantity: 1 }] }),
        'lines.0.sku',
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it('numbers past 2^53 and past bigint are refused, never rounded', async () => {
    const before = await snapshot();
    for (const raw of ['9007199254740993', '100000000000000000000']) {
      const res = await c.post('/api/products', `{"title":"t","variants":[{"sku":"${uniqueSku()}","price":${raw}}]}`);
      expect400(res, 'variants.0.price');
    }
    expect(await snapshot()).toBe(before);
  });

  it('dates Postgres cannot hold are refused in bodies and queries', async () => {
    const far = '+275760-09-13T00:00:00.000Z';
    expect400(await c.get(`/api/products?updatedSince=${encodeURIComponent(far)}`), 'updatedSince');
    expect400(await c.get(`/api/orders?createdFrom=${encodeURIComponent(far)}`), 'createdFrom');
    const sub = await c.post('/api/webhooks/subscribe', { url: 'https://93.184.215.14/h', topics: ['order.*'] });
    expect(sub.status).toBe(201);
    expect400(
      await c.post(`/api/webhooks/subscriptions/${sub.body.id}/replay?since=${encodeURIComponent(far)}`),
      'since',
    );
  });

  it('a lone surrogate in an email is a 400, signing in included', async () => {
    const before = await snapshot();
    const customer = await c.post('/api/customers', '{"email":"ana\\ud800@shop.test"}');
    expect([customer.status, customer.body.code]).toEqual([400, 'validation_failed']);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9' },
      body: '{"email":"ana\\udc00@shop.test","password":"x"}',
    });
    expect(login.status).toBe(400);
    expect(await snapshot()).toBe(before);
  });

  it('free-form fields have limits: variant options, location address', async () => {
    const options = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`o${i}`, 'v']));
    expect400(
      await c.post('/api/products', { title: 't', variants: [{ sku: uniqueSku(), price: 1, options }] }),
      'variants.0.options',
    );
    expect400(
      await c.post('/api/products', {
        title: 't',
        variants: [{ sku: uniqueSku(), price: 1, options: { size: { nested: 1 } } }],
      }),
      'variants.0.options',
    );
    expect400(await c.post('/api/locations', { name: 'x', address: { city: 'Lyon', secret: 'x' } }), 'address.secret');
    expect400(await c.post('/api/locations', { name: 'x', address: { city: 12 } }), 'address.city');
  });

  it('removeVariantIds with a foreign or unknown id is a 400 and raises no event', async () => {
    const product = await createProduct(c, [{}, {}]);
    const foreign = await createProduct(client(api.url, other.apiKey));
    const before = await snapshot();
    const res = await c.patch(`/api/products/${product.id}`, { removeVariantIds: [foreign.variants[0]?.id] });
    expect400(res, 'removeVariantIds.0');
    expect400(
      await c.patch(`/api/products/${product.id}`, {
        removeVariantIds: [product.variants[0]?.id, 'var_0000000000000000000000000'],
      }),
      'removeVariantIds.1',
    );
    expect(await snapshot()).toBe(before);
    const ok = await c.patch(`/api/products/${product.id}`, { removeVariantIds: [product.variants[0]?.id] });
    expect([ok.status, ok.body.variants.length]).toEqual([200, 1]);
  });

  it('a cursor works only on the list and in the workspace it was issued for', async () => {
    const loc = await createLocation(c, 'cursor');
    for (let i = 0; i < 3; i++) {
      const p = await createProduct(c);
      await stock(c, p.variants[0]?.sku as string, loc, 1);
    }
    const levels = await c.get('/api/inventory/levels?limit=1');
    const cursor = levels.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    expect((await c.get(`/api/inventory/levels?limit=1&cursor=${cursor}`)).status).toBe(200);
    for (const list of [
      '/api/inventory/movements',
      '/api/products',
      '/api/orders',
      '/api/customers',
      '/api/locations',
    ]) {
      const res = await c.get(`${list}?limit=1&cursor=${cursor}`);
      expect([list, res.status, res.body.code]).toEqual([list, 400, 'invalid_cursor']);
    }
    const elsewhere = await client(api.url, other.apiKey).get(`/api/inventory/levels?limit=1&cursor=${cursor}`);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([400, 'invalid_cursor']);
  });
});
