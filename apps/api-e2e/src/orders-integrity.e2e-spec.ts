import { EntityManager } from '@mikro-orm/postgresql';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { Client as PgClient } from 'pg';
import { createApiApp } from '../../api/src/bootstrap';
import { client, createLocation, createProduct, levelOf, stock, type Client, type Res } from './support/commerce';
import { seedWorkspace, type SeededWorkspace } from './support/identity';

describe('orders: numbering and what a refused order leaves behind', () => {
  let api: TestApp;
  let em: EntityManager;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    em = api.app.get(EntityManager);
  });

  afterAll(async () => {
    await api.close();
  });

  /** Every row an order touches, for one workspace. */
  async function rowCounts(workspaceId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of ['orders', 'order_lines', 'inventory_movements', 'outbox']) {
      const [row] = (await em
        .fork()
        .execute(`select count(*)::int as n from ${table} where workspace_id = ?`, [workspaceId])) as { n: number }[];
      out[table] = row?.n ?? -1;
    }
    return out;
  }

  async function setup(): Promise<{ ws: SeededWorkspace; c: Client; loc: string; sku: string; variantId: string }> {
    const ws = await seedWorkspace(api);
    const c = client(api.url, ws.apiKey);
    const loc = await createLocation(c);
    const variant = (await createProduct(c, [{ price: 500 }])).variants[0] as { id: string; sku: string };
    return { ws, c, loc, sku: variant.sku, variantId: variant.id };
  }

  it('a clearly short order is refused and leaves no order, line, ledger or outbox row', async () => {
    const { ws, c, loc, sku } = await setup();
    await stock(c, sku, loc, 2);
    const before = await rowCounts(ws.workspaceId);
    expect(before['inventory_movements']).toBe(1); // the receipt: the counts are live
    const res = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 3 }] });
    expect([res.status, res.body.code]).toEqual([409, 'insufficient_stock']);
    expect(await rowCounts(ws.workspaceId)).toEqual(before);
    expect((await levelOf(c, sku, loc))?.available).toBe(2);
  });

  it('numbers a workspace from #1001; an order refused inside its transaction leaves a gap and no rows', async () => {
    const { ws, c, loc, sku, variantId } = await setup();
    await stock(c, sku, loc, 5);
    const first = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] });
    expect(first.status).toBe(201);
    expect([first.body.number, first.body.name]).toEqual([1001, '#1001']);

    // Make an order pass the read-only pre-check and then come up short in its transaction: hold the level row,
    // send the order, wait until it is blocked on that row (its number is taken by then), sell the stock, release.
    const holder = new PgClient({ connectionString: process.env['DATABASE_URL'] });
    await holder.connect();
    let refused: Res;
    try {
      await holder.query('begin');
      await holder.query(
        'select 1 from inventory_levels where workspace_id = $1 and variant_id = $2 and location_id = $3 for update',
        [ws.workspaceId, variantId, loc],
      );
      const before = await rowCounts(ws.workspaceId);
      const pending = c.post('/api/orders', { channel: 'online', locationId: loc, lines: [{ sku, quantity: 2 }] });
      const deadline = Date.now() + 15000;
      for (;;) {
        const { rows } = await holder.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))',
        );
        if ((rows[0]?.n ?? 0) > 0) break;
        if (Date.now() > deadline) throw new Error('the order never waited on the held level row');
        await new Promise((r) => setTimeout(r, 20));
      }
      await holder.query(
        'update inventory_levels set available = 1, on_hand = 1 where workspace_id = $1 and variant_id = $2 and location_id = $3',
        [ws.workspaceId, variantId, loc],
      );
      await holder.query('commit');
      refused = await pending;
      expect([refused.status, refused.body.code]).toEqual([409, 'insufficient_stock']);
      expect(refused.body.shortLines).toEqual([{ sku, variantId, requested: 2, available: 1 }]);
      expect(await rowCounts(ws.workspaceId)).toEqual(before);
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
    expect((await levelOf(c, sku, loc))?.available).toBe(1);

    // The refused attempt used #1002: numbers are never reused, so the next order is #1003.
    const next = await c.post('/api/orders', { channel: 'pos', locationId: loc, lines: [{ sku, quantity: 1 }] });
    expect(next.status).toBe(201);
    expect([next.body.number, next.body.name]).toEqual([1003, '#1003']);
  });
});
