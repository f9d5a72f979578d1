import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock, uniqueSku, type Client } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('products', () => {
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

  it('creates a product with variants, defaults the currency, and writes product.created', async () => {
    const sku = uniqueSku('TEE');
    const res = await c.post('/api/products', {
      title: 'Classic Tee',
      vendor: 'Acme',
      tags: ['summer', 'cotton'],
      variants: [
        { sku, price: 2500, compareAtPrice: 3000, options: { size: 'M' }, barcode: '0123456789012' },
        { sku: `${sku}-L`, price: 2600, currency: 'EUR', title: 'L' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Classic Tee',
      handle: 'classic-tee',
      status: 'active',
      vendor: 'Acme',
      tags: ['summer', 'cotton'],
    });
    expect(res.body.id).toMatch(/^prod_/);
    expect(res.body.variants).toMatchObject([
      {
        sku,
        price: 2500,
        compareAtPrice: 3000,
        currency: 'USD',
        options: { size: 'M' },
        inventory: [],
        totalAvailable: 0,
      },
      { sku: `${sku}-L`, price: 2600, currency: 'EUR', title: 'L' },
    ]);
    const rows = (await api.app
      .get(EntityManager)
      .fork()
      .execute(
        "select payload from outbox where workspace_id = ? and topic = 'product.created' and payload->'product'->>'id' = ?",
        [ws.workspaceId, res.body.id],
      )) as unknown[];
    expect(rows).toHaveLength(1);
    // A second product with the same title gets a distinct derived handle.
    const twin = await c.post('/api/products', { title: 'Classic Tee', variants: [{ sku: uniqueSku(), price: 1 }] });
    expect(twin.status).toBe(201);
    expect(twin.body.handle).not.toBe('classic-tee');
  });

  it('SKUs are unique per workspace, not globally', async () => {
    const sku = uniqueSku();
    await createProduct(c, [{ sku }]);
    const dup = await c.post('/api/products', { title: 'Dup', variants: [{ sku, price: 1 }] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('sku_taken');
    const elsewhere = await other.post('/api/products', { title: 'Elsewhere', variants: [{ sku, price: 1 }] });
    expect(elsewhere.status).toBe(201);
    const twice = await c.post('/api/products', {
      title: 'Twice',
      variants: [
        { sku: `${sku}-2`, price: 1 },
        { sku: `${sku}-2`, price: 1 },
      ],
    });
    expect(twice.status).toBe(400);
  });

  it('validates each rule', async () => {
    const ok = { title: 'T', variants: [{ sku: uniqueSku(), price: 1 }] };
    const cases: [unknown, string][] = [
      [{ ...ok, title: '' }, 'title'],
      [{ variants: ok.variants }, 'title'],
      [{ ...ok, variants: [] }, 'variants'],
      [{ ...ok, variants: [{ price: 1 }] }, 'variants.0.sku'],
      [{ ...ok, variants: [{ sku: 'has space', price: 1 }] }, 'variants.0.sku'],
      [{ ...ok, variants: [{ sku: uniqueSku(), price: -1 }] }, 'variants.0.price'],
      [{ ...ok, variants: [{ sku: uniqueSku(), price: 9.99 }] }, 'variants.0.price'],
      [{ ...ok, variants: [{ sku: uniqueSku(), price: 1, currency: 'dollars' }] }, 'variants.0.currency'],
      [{ ...ok, status: 'live' }, 'status'],
      [{ ...ok, handle: 'Not A Handle' }, 'handle'],
      [{ ...ok, tags: 'x' }, 'tags'],
      [{ ...ok, extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await c.post('/api/products', body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('lists with live stock per location and filters by q, status, sku and updatedSince', async () => {
    const loc = await createLocation(c);
    const word = `zebra${Date.now().toString(36)}`;
    const sku = uniqueSku('ZB');
    const p = await createProduct(c, [{ sku }], `Striped ${word} scarf`);
    await stock(c, sku, loc, 7);
    await createProduct(c, [{}], `Draft ${word}`).then((d) => c.patch(`/api/products/${d.id}`, { status: 'draft' }));

    const byQ = await c.get(`/api/products?q=${word}`);
    expect(byQ.body.data).toHaveLength(2);
    const bySku = await c.get(`/api/products?sku=${sku}`);
    expect(bySku.body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect(bySku.body.data[0].variants[0].inventory).toEqual([
      { locationId: loc, available: 7, onHand: 7, committed: 0 },
    ]);
    expect(bySku.body.data[0].variants[0].totalAvailable).toBe(7);
    const drafts = await c.get(`/api/products?q=${word}&status=draft`);
    expect(drafts.body.data.map((x: { title: string }) => x.title)).toEqual([`Draft ${word}`]);
    const future = await c.get(
      `/api/products?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(future.body.data).toEqual([]);
    expect((await c.get('/api/products?updatedSince=yesterday')).status).toBe(400);
    // q is matched literally, never as a LIKE pattern
    expect((await c.get(`/api/products?q=${encodeURIComponent('%')}`)).body.data).toEqual([]);
  });

  it('pages with a cursor: nothing skipped or repeated while products are added, tampered cursors are 400', async () => {
    const mine = await seedWorkspace(api);
    const mc = client(api.url, mine.apiKey);
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createProduct(mc, [{}], `P${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { data: { id: string }[]; nextCursor: string | null } } = await mc.get(
        `/api/products?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((p) => p.id));
      cursor = res.body.nextCursor;
      if (pages === 0) await createProduct(mc, [{}], 'Arrived while paging');
      pages++;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    expect(new Set(seen).size).toBe(seen.length);

    const first = await mc.get('/api/products?limit=2');
    const tampered = `${first.body.nextCursor.slice(0, -2)}xx`;
    const bad = await mc.get(`/api/products?limit=2&cursor=${encodeURIComponent(tampered)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
    const otherFilters = await mc.get(
      `/api/products?limit=2&status=draft&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(otherFilters.status).toBe(400);
    expect(otherFilters.body.code).toBe('invalid_cursor');
    for (const limit of ['0', '251', 'abc']) expect((await mc.get(`/api/products?limit=${limit}`)).status).toBe(400);
  });

  it('updates fields and variants, deletes, and another workspace gets 404 for each', async () => {
    const p = await createProduct(c, [{ price: 100 }]);
    const variantId = (p.variants[0] as { id: string }).id;
    for (const res of [
      await other.get(`/api/products/${p.id}`),
      await other.patch(`/api/products/${p.id}`, { title: 'stolen' }),
      await other.del(`/api/products/${p.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    const newSku = uniqueSku('NEW');
    const upd = await c.patch(`/api/products/${p.id}`, {
      title: 'Renamed',
      variants: [
        { id: variantId, price: 150 },
        { sku: newSku, price: 99 },
      ],
    });
    expect(upd.status).toBe(200);
    expect(upd.body.title).toBe('Renamed');
    expect(upd.body.variants.map((v: { price: number }) => v.price)).toEqual([150, 99]);
    const removed = await c.patch(`/api/products/${p.id}`, { removeVariantIds: [variantId] });
    expect(removed.body.variants.map((v: { sku: string }) => v.sku)).toEqual([newSku]);
    expect((await c.patch(`/api/products/${p.id}`, { variants: [{ id: 'var_other', price: 1 }] })).status).toBe(400);
    expect((await c.del(`/api/products/${p.id}`)).status).toBe(204);
    expect((await c.get(`/api/products/${p.id}`)).status).toBe(404);
  });

  it('scopes: a read-only key cannot write, a key without products scope cannot read', async () => {
    const readOnly = client(api.url, await ws.createKey(['products:read']));
    const none = client(api.url, await ws.createKey(['orders:read']));
    expect((await readOnly.get('/api/products')).status).toBe(200);
    const denied = await readOnly.post('/api/products', { title: 'x', variants: [{ sku: uniqueSku(), price: 1 }] });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
    expect((await none.get('/api/products')).status).toBe(403);
  });
  it('documents the commerce routes and DTOs in OpenAPI', async () => {
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of [
      '/api/products',
      '/api/products/{id}',
      '/api/locations',
      '/api/inventory/levels',
      '/api/inventory/adjustments',
      '/api/inventory/transfers',
      '/api/customers',
      '/api/customers/{id}',
      '/api/orders',
      '/api/orders/{id}/cancel',
      '/api/orders/{id}/returns',
      '/api/export/orders',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['CreateProductDto', 'CreateOrderDto', 'AdjustmentDto', 'CreateCustomerDto']),
    );
  });
});
