import { EntityManager } from '@mikro-orm/postgresql';
import { captureLogs, createTestApp, type TestApp } from '@retailos/server/testing';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, levelOf, stock, type Client } from './support/commerce';
import { seedWorkspace } from './support/identity';

const REQUESTS = 1000;
const STOCK = 100;

describe('hot SKU: 1,000 concurrent orders for one SKU with 100 in stock', () => {
  let api: TestApp;
  let c: Client;
  let workspaceId: string;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    logs = captureLogs();
    api = await createTestApp(createApiApp);
    // Enterprise plan (the seed default): 1,000 requests stay well inside its per-minute limit.
    const ws = await seedWorkspace(api, { plan: 'enterprise' });
    workspaceId = ws.workspaceId;
    c = client(api.url, ws.apiKey);
  });

  afterAll(async () => {
    await api.close();
    logs.restore();
  });

  it('exactly 100 succeed, 900 get 409, stock ends at 0, the ledger adds up, no deadlock', async () => {
    const loc = await createLocation(c);
    const p = await createProduct(c, [{ price: 1999 }]);
    const sku = (p.variants[0] as { sku: string; id: string }).sku;
    const variantId = (p.variants[0] as { id: string }).id;
    await stock(c, sku, loc, STOCK);

    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: REQUESTS }, () =>
        c.post('/api/orders', { channel: 'online', locationId: loc, lines: [{ sku, quantity: 1 }] }),
      ),
    );
    const elapsed = Date.now() - started;
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: STOCK, 409: REQUESTS - STOCK });
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.code).toBe('insufficient_stock');
      expect(r.body.shortLines).toEqual([{ sku, variantId, requested: 1, available: 0 }]);
    }
    // Every success got its own order number.
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.number)).size).toBe(STOCK);

    expect(await levelOf(c, sku, loc)).toMatchObject({ available: 0, onHand: 0 });
    const em = api.app.get(EntityManager).fork();
    const [ledger] = (await em.execute(
      `select count(*)::int as n, coalesce(sum(delta), 0)::int as total,
              count(*) filter (where reason = 'order_placed')::int as sales, min(available_after)::int as lowest
         from inventory_movements where workspace_id = ? and variant_id = ?`,
      [workspaceId, variantId],
    )) as { n: number; total: number; sales: number; lowest: number }[];
    expect(ledger).toEqual({ n: STOCK + 1, total: 0, sales: STOCK, lowest: 0 });
    const [orders] = (await em.execute(
      `select count(*)::int as n, coalesce(sum(l.quantity), 0)::int as units from orders o join order_lines l on l.order_id = o.id
        where o.workspace_id = ? and l.variant_id = ?`,
      [workspaceId, variantId],
    )) as { n: number; units: number }[];
    expect(orders).toEqual({ n: STOCK, units: STOCK });
    const [events] = (await em.execute(
      "select count(*)::int as n from outbox where workspace_id = ? and topic = 'order.created'",
      [workspaceId],
    )) as { n: number }[];
    expect(events?.n).toBe(STOCK);
    // One inventory.level.updated per movement, in the same transactions, each carrying the level it left behind.
    const levelEvents = (await em.execute(
      `select (payload->'level'->>'available')::int as available, (payload->>'delta')::int as delta from outbox
        where workspace_id = ? and topic = 'inventory.level.updated' and payload->'level'->>'variantId' = ?`,
      [workspaceId, variantId],
    )) as { available: number; delta: number }[];
    expect(levelEvents).toHaveLength(STOCK + 1);
    expect(
      levelEvents
        .filter((e) => e.delta === -1)
        .map((e) => e.available)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: STOCK }, (_, i) => i));
    expect(logs.text()).not.toMatch(/deadlock/i);
    expect(byStatus.get(500)).toBeUndefined();
    // Informational only: time belongs in tools/bench, not in a correctness test.
    process.stdout.write(`hot SKU: ${REQUESTS} requests in ${elapsed} ms\n`);
  });
});
