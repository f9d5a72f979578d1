import { createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, stock } from './support/commerce';
import { seedWorkspace } from './support/identity';

// No context module is global: each one gets the facade tokens it consumes only through the ports the api passes to
// its register(). Currency is the port nothing else would notice: without WORKSPACE_DIRECTORY every price would still
// come out in USD, so a EUR workspace proves that catalog, customers and orders each received identity's port.
describe('composition: every context is wired to the ports it consumes', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
  });

  afterAll(async () => {
    await api.close();
  });

  it("a EUR workspace's default currency reaches catalog, inventory, customers and orders", async () => {
    const ws = await seedWorkspace(api, { currency: 'EUR' });
    const c = client(api.url, ws.apiKey);
    const loc = await createLocation(c);
    const product = await createProduct(c, [{ price: 1250 }]);
    const sku = product.variants[0]!.sku;
    await stock(c, sku, loc, 5);

    const got = await c.get(`/api/products/${product.id}`);
    expect(got.body.variants[0]).toMatchObject({ currency: 'EUR', totalAvailable: 5 });
    const customer = await c.post('/api/customers', { email: `eur-${Date.now()}@example.com` });
    expect(customer.body).toMatchObject({ currency: 'EUR' });
    const order = await c.post('/api/orders', {
      channel: 'pos',
      locationId: loc,
      customerId: customer.body.id,
      lines: [{ sku, quantity: 2 }],
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ currency: 'EUR', total: 2500 });
    // customers read order history through ORDERS_FACADE, inventory levels through INVENTORY_FACADE
    expect((await c.get(`/api/customers/${customer.body.id}`)).body).toMatchObject({
      ordersCount: 1,
      totalSpent: 2500,
      currency: 'EUR',
    });
    expect((await c.get(`/api/products/${product.id}`)).body.variants[0]).toMatchObject({ totalAvailable: 3 });
  });
});
