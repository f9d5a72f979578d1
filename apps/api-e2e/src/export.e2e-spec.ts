import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock, type Client } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('export', () => {
  let api: TestApp;
  let ws: SeededWorkspace;
  let c: Client;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    ws = await seedWorkspace(api);
    c = client(api.url, ws.apiKey);
    const loc = await createLocation(c);
    for (let i = 0; i < 3; i++) {
      const sku = (
        (await createProduct(c, [{ price: 100 + i }], `Export "item" ${i}, with comma`)).variants[0] as { sku: string }
      ).sku;
      await stock(c, sku, loc, 10);
      await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] });
    }
    await c.post('/api/customers', { firstName: '=HYPERLINK("x")', email: `exp-${Date.now()}@example.test` });
  });

  afterAll(async () => {
    await api.close();
  });

  it('streams every resource as JSON with an attachment filename', async () => {
    const counts: Record<string, number> = { products: 3, orders: 3, customers: 1, inventory: 3 };
    for (const resource of Object.keys(counts)) {
      const res = await fetch(`${api.url}/api/export/${resource}?format=json`, {
        headers: { authorization: `Bearer ${ws.apiKey}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="${resource}-${ws.workspaceId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
      );
      const rows = (await res.json()) as Record<string, unknown>[];
      expect({ resource, n: rows.length }).toEqual({ resource, n: counts[resource] });
    }
  });

  it('streams CSV with a header, quoting, and formula-safe cells', async () => {
    const res = await fetch(`${api.url}/api/export/products?format=csv`, {
      headers: { authorization: `Bearer ${ws.apiKey}` },
    });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const text = await res.text();
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'productId,handle,title,status,vendor,productType,tags,variantId,sku,barcode,variantTitle,price,compareAtPrice,currency,allowBackorder,createdAt,updatedAt',
    );
    expect(lines).toHaveLength(4);
    expect(text).toContain('"Export ""item"" 0, with comma"');
    const customers = await (
      await fetch(`${api.url}/api/export/customers?format=csv`, { headers: { authorization: `Bearer ${ws.apiKey}` } })
    ).text();
    expect(customers).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('exports only the caller workspace', async () => {
    const other = await seedWorkspace(api);
    const res = await fetch(`${api.url}/api/export/orders`, { headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(await res.json()).toEqual([]);
  });

  it('rejects unknown resources and formats, and needs export:read', async () => {
    expect((await c.get('/api/export/secrets')).status).toBe(404);
    expect((await c.get('/api/export/orders?format=xml')).status).toBe(400);
    const noScope = client(api.url, await ws.createKey(['orders:read', 'products:read']));
    const denied = await noScope.get('/api/export/orders');
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('insufficient_scope');
  });
});
