import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock, type Client } from './support/commerce';
import { seedWorkspace } from './support/identity';

// Every list without ?limit= answers 50 rows and a cursor when there are more, and ?limit= goes up to 250.
describe('lists: the default page is 50', () => {
  let api: TestApp;
  let c: Client;
  const ROWS = 51;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    c = client(api.url, (await seedWorkspace(api)).apiKey);
    const loc = await createLocation(c, 'first');
    for (let i = 1; i < ROWS; i++) await createLocation(c, `loc ${i}`);
    for (let i = 0; i < ROWS; i++) {
      const sku = (await createProduct(c, [{}], `p ${i}`)).variants[0]?.sku ?? '';
      // One level and one movement per product.
      await stock(c, sku, loc, 1);
      const res = await c.post('/api/customers', { firstName: `c ${i}` });
      if (res.status !== 201) throw new Error(`customer: ${res.status}`);
    }
  });

  afterAll(async () => {
    await api.close();
  });

  it.each(['/api/locations', '/api/products', '/api/customers', '/api/inventory/levels', '/api/inventory/movements'])(
    '%s',
    async (path) => {
      const page = await c.get<{ data: unknown[]; nextCursor: string | null }>(path);
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(50);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const rest = await c.get<{ data: unknown[]; nextCursor: string | null }>(
        `${path}?cursor=${encodeURIComponent(page.body.nextCursor ?? '')}`,
      );
      expect(rest.body.data.length).toBeGreaterThanOrEqual(1);
      const all = await c.get<{ data: unknown[] }>(`${path}?limit=250`);
      expect(all.body.data.length).toBeGreaterThanOrEqual(ROWS);
    },
  );
});
