import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { CatalogModule } from '@retailos/server/catalog';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { CustomersModule } from '@retailos/server/customers';
import { DatabaseModule, tenantEm } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { InventoryFacadeModule } from '@retailos/server/inventory';
import { OutboxModule } from '@retailos/server/outbox';
import {
  CATALOG_FACADE,
  INVENTORY_FACADE,
  ORDERS_FACADE,
  type CatalogFacade,
  type ImportedOrder,
  type InventoryFacade,
  type OrdersFacade,
} from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { OrdersFacadeModule, OrdersModule } from '../orders.module';
import { OrdersService } from './orders.service';

/** The hot path at the service level, on the real database: no HTTP, so only the transaction logic is on trial. */
describe('OrdersService.place (real Postgres)', () => {
  let moduleRef: TestingModule;
  let orders: OrdersService;
  let em: EntityManager;
  let catalog: CatalogFacade;
  let inventory: InventoryFacade;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        OutboxModule,
        OrdersModule.register([
          CatalogModule.register([InventoryFacadeModule, IdentityModule]),
          InventoryFacadeModule,
          CustomersModule.register([OrdersFacadeModule.register([InventoryFacadeModule]), IdentityModule]),
          IdentityModule,
        ]),
      ],
    }).compile();
    await moduleRef.init();
    orders = moduleRef.get(OrdersService);
    em = moduleRef.get(EntityManager);
    catalog = moduleRef.get(CATALOG_FACADE);
    inventory = moduleRef.get(INVENTORY_FACADE);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  async function setup(stock: number[]): Promise<{ workspaceId: string; locationId: string; skus: string[] }> {
    const workspaceId = newId('ws');
    const locationId = newId('loc');
    const productId = newId('prod');
    const skus = stock.map((_, i) => `HOT-${i}-${workspaceId}`);
    const db = em.fork();
    await db.execute('insert into locations (id, workspace_id, name) values (?, ?, ?)', [locationId, workspaceId, 'L']);
    await db.execute("insert into products (id, workspace_id, title, handle) values (?, ?, 'P', ?)", [
      productId,
      workspaceId,
      productId,
    ]);
    for (const [i, sku] of skus.entries()) {
      const variantId = newId('var');
      await db.execute(
        "insert into variants (id, workspace_id, product_id, sku, price, currency) values (?, ?, ?, ?, 500, 'USD')",
        [variantId, workspaceId, productId, sku],
      );
      await db.execute(
        'insert into inventory_levels (id, workspace_id, variant_id, location_id, available, on_hand) values (?, ?, ?, ?, ?, ?)',
        [newId('lvl'), workspaceId, variantId, locationId, stock[i], stock[i]],
      );
    }
    return { workspaceId, locationId, skus };
  }

  it('1,000 concurrent orders for one SKU with 100 in stock: exactly 100 succeed, no oversell, no deadlock', async () => {
    const { workspaceId, locationId, skus } = await setup([100]);
    const sku = skus[0] as string;
    const outcomes = await Promise.all(
      Array.from({ length: 1000 }, () =>
        orders.place(workspaceId, { channel: 'online', locationId, lines: [{ sku, quantity: 1 }] }, 'test').then(
          () => 'ok',
          (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
        ),
      ),
    );
    const tally = outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});
    expect(tally).toEqual({ ok: 100, insufficient_stock: 900 });
    const [variant] = (await catalog.resolveVariants(null, workspaceId, [{ sku }])).variants;
    const [level] = await inventory.levelsForVariants(workspaceId, [variant?.id ?? '']);
    expect(level).toMatchObject({ available: 0, onHand: 0 });
    const [sum] = (await em
      .fork()
      .execute(
        'select coalesce(sum(delta), 0)::int as total, count(*)::int as n from inventory_movements where workspace_id = ?',
        [workspaceId],
      )) as { total: number; n: number }[];
    expect(sum).toEqual({ total: -100, n: 100 });
  });

  it('multi-line orders locking SKUs in opposite orders never deadlock, and never half-apply', async () => {
    const { workspaceId, locationId, skus } = await setup([60, 60, 60]);
    const [a, b, c] = skus as [string, string, string];
    const shapes = [
      [a, b, c],
      [c, b, a],
      [b, a],
      [c, a],
    ];
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        orders
          .place(
            workspaceId,
            {
              channel: 'pos',
              locationId,
              lines: (shapes[i % shapes.length] as string[]).map((sku) => ({ sku, quantity: 1 })),
            },
            'test',
          )
          .then(
            (o) => o.lines.map((l) => l.sku),
            (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
          ),
      ),
    );
    expect(outcomes.filter((o) => typeof o === 'string' && o !== 'insufficient_stock')).toEqual([]);
    const sold = new Map<string, number>();
    for (const o of outcomes) if (Array.isArray(o)) for (const sku of o) sold.set(sku, (sold.get(sku) ?? 0) + 1);
    const { variants } = await catalog.resolveVariants(
      null,
      workspaceId,
      skus.map((sku) => ({ sku })),
    );
    const levels = await inventory.levelsForVariants(
      workspaceId,
      variants.map((v) => v?.id ?? ''),
    );
    for (const v of variants) {
      const level = levels.find((l) => l.variantId === v?.id);
      // What is left plus what the successful orders took is exactly the starting stock: nothing half-applied.
      expect((level?.available ?? -1) + (sold.get(v?.sku ?? '') ?? 0)).toBe(60);
      expect(level?.available).toBeGreaterThanOrEqual(0);
    }
  });

  it('imports a batch of historical orders: numbered in input order, once per GID, no stock taken, a re-import a no-op', async () => {
    const { workspaceId, locationId, skus } = await setup([10]);
    const sku = skus[0] as string;
    const [variant] = (await catalog.resolveVariants(null, workspaceId, [{ sku }])).variants;
    const facade = moduleRef.get<OrdersFacade>(ORDERS_FACADE);
    const imported = (n: number, cancelledAt: Date | null = null): ImportedOrder => ({
      externalId: `gid://shopify/Order/${n}`,
      name: `#S${n}`,
      customerId: null,
      locationId,
      currency: 'USD',
      subtotal: 1000,
      total: 1200,
      note: null,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      cancelledAt,
      cancelReason: cancelledAt ? 'customer' : null,
      lines: [{ variantId: variant?.id as string, sku, title: 'P', quantity: 2, unitPrice: 500 }],
    });
    const batch = [imported(1), imported(2), imported(1, new Date('2026-01-02T00:00:00Z')), imported(3)];
    const first = await tenantEm(em, workspaceId).transactional((tem) =>
      facade.importOrdersFromSync(tem, workspaceId, batch),
    );
    expect(first.map((r) => r.created)).toEqual([true, true, false, true]);
    expect(first[2]?.id).toBe(first[0]?.id);
    const again = await tenantEm(em, workspaceId).transactional((tem) =>
      facade.importOrdersFromSync(tem, workspaceId, batch),
    );
    expect(again).toEqual(first.map((r) => ({ id: r.id, created: false })));

    const rows = (await em
      .fork()
      .execute(
        'select external_id, number::int as number, status, total::int as total from orders where workspace_id = ? order by number',
        [workspaceId],
      )) as { external_id: string; number: number; status: string; total: number }[];
    expect(rows.map((r) => [r.external_id, r.status, r.total])).toEqual([
      ['gid://shopify/Order/1', 'cancelled', 1200],
      ['gid://shopify/Order/2', 'open', 1200],
      ['gid://shopify/Order/3', 'open', 1200],
    ]);
    expect(rows[1]?.number).toBe((rows[0]?.number ?? 0) + 1);
    expect(rows[2]?.number).toBe((rows[1]?.number ?? 0) + 1);
    const [level] = await inventory.levelsForVariants(workspaceId, [variant?.id ?? '']);
    expect(level).toMatchObject({ available: 10, onHand: 10 });
    const [moves] = (await em
      .fork()
      .execute('select count(*)::int as n from inventory_movements where workspace_id = ?', [workspaceId])) as {
      n: number;
    }[];
    expect(moves?.n).toBe(0);
  });
});
