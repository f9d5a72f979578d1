import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { CatalogModule } from '@retailos/server/catalog';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import { makeLevel, makeLocation, makeProduct, makeVariant, newWorkspaceId } from '@retailos/server/testing';
import { INVENTORY_FACADE, type InventoryFacade } from '@retailos/shared/contracts';
import { InventoryFacadeModule, InventoryModule } from '../inventory.module';
import { InventoryService } from './inventory.service';
import { LocationsService } from './locations.service';

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
  );

describe('InventoryService and LocationsService (real Postgres)', () => {
  let moduleRef: TestingModule;
  let inventory: InventoryService;
  let locations: LocationsService;
  let facade: InventoryFacade;
  let em: EntityManager;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        OutboxModule,
        InventoryModule.register([CatalogModule.register([InventoryFacadeModule, IdentityModule])]),
      ],
    }).compile();
    await moduleRef.init();
    inventory = moduleRef.get(InventoryService);
    locations = moduleRef.get(LocationsService);
    facade = moduleRef.get(INVENTORY_FACADE);
    em = moduleRef.get(EntityManager);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  async function stocked(
    available: number,
    allowBackorder = false,
  ): Promise<{ ws: string; sku: string; variantId: string; a: string; b: string }> {
    const ws = newWorkspaceId();
    const product = await makeProduct(em, ws);
    const sku = `SKU-${ws}`;
    const variantId = await makeVariant(em, ws, product, { sku, allowBackorder });
    const a = await makeLocation(em, ws, { name: 'A' });
    const b = await makeLocation(em, ws, { name: 'B' });
    await makeLevel(em, ws, variantId, a, available);
    return { ws, sku, variantId, a, b };
  }

  it('creates locations, refuses a duplicate code, and pages them newest first', async () => {
    const ws = newWorkspaceId();
    const first = await locations.create(ws, { name: 'Store', code: 'S1', address: { city: 'Lyon' } });
    expect(first).toMatchObject({ name: 'Store', code: 'S1', address: { city: 'Lyon' }, active: true });
    expect(await codeOf(locations.create(ws, { name: 'Again', code: 'S1' }))).toBe('location_code_taken');
    const second = await locations.create(ws, { name: 'Warehouse' });
    const page1 = await locations.list(ws, { limit: 1 });
    expect(page1.data.map((l) => l.id)).toEqual([second.id]);
    const page2 = await locations.list(ws, { limit: 1, cursor: page1.nextCursor ?? '' });
    expect(page2).toEqual({ data: [first], nextCursor: null });
    expect(await locations.get(ws, first.id)).toEqual(first);
    expect(await codeOf(locations.get(newWorkspaceId(), first.id))).toBe('not_found');
  });

  it('takeForSale: a sale made elsewhere is taken even past zero, once per order and variant (a replay violates the unique key)', async () => {
    const { ws, variantId, a } = await stocked(2);
    const sale = (tem: EntityManager) =>
      facade.takeForSale(
        tem,
        ws,
        a,
        [
          { variantId, quantity: 2 },
          { variantId, quantity: 1 },
        ],
        { reference: 'ord_shopify_sale', actor: 'shopify' },
      );
    await em.fork().transactional((tem) => sale(tem));
    const [level] = await facade.levelsForVariants(ws, [variantId]);
    expect(level).toMatchObject({ available: -1, onHand: -1 });
    await expect(em.fork().transactional((tem) => sale(tem))).rejects.toMatchObject({ code: '23505' });
    const moves = await inventory.listMovements(ws, { reference: 'ord_shopify_sale' });
    expect(moves.data.map((m) => [m.delta, m.reason])).toEqual([[-3, 'order_placed']]);
    expect((await facade.levelsForVariants(ws, [variantId]))[0]?.available).toBe(-1);
  });

  it("setLevelsFromSync: a batch of levels set to Shopify's values in one go, ledger and event per change, re-applying moves nothing", async () => {
    const { ws, variantId, a, b } = await stocked(5);
    const other = await makeVariant(em, ws, await makeProduct(em, ws), { sku: `SKU2-${ws}` });
    const batch = [
      { variantId, locationId: a, available: 8, reference: 'shopify-import:A' },
      { variantId, locationId: b, available: 3, reference: 'shopify-import:B' },
      { variantId: other, locationId: a, available: 0, reference: 'shopify-import:A' },
      { variantId: other, locationId: b, available: -2, reference: 'shopify-import:B' },
    ];
    const set = () =>
      em.fork().transactional((tem) => facade.setLevelsFromSync(tem, ws, batch, { reference: 'x', actor: 'shopify' }));
    expect(await set()).toEqual([{ delta: 3 }, { delta: 3 }, { delta: 0 }, { delta: -2 }]);
    const levels = await facade.levelsForVariants(ws, [variantId, other]);
    const at = (v: string, l: string) => levels.find((x) => x.variantId === v && x.locationId === l);
    expect(at(variantId, a)).toMatchObject({ available: 8, onHand: 8 });
    expect(at(variantId, b)).toMatchObject({ available: 3, onHand: 3 });
    expect(at(other, a)).toMatchObject({ available: 0 });
    expect(at(other, b)).toMatchObject({ available: -2, onHand: -2 });
    const moves = await inventory.listMovements(ws, { reference: 'shopify-import:B' });
    expect(moves.data.map((m) => [m.delta, m.availableAfter, m.reason]).sort()).toEqual([
      [-2, -2, 'sync'],
      [3, 3, 'sync'],
    ]);
    expect(await set()).toEqual([{ delta: 0 }, { delta: 0 }, { delta: 0 }, { delta: 0 }]);
    const events = await em
      .fork()
      .getConnection()
      .execute<{ payload: { level: { available: number }; delta: number; reason: string; reference: string } }[]>(
        "select payload from outbox where workspace_id = ? and topic = 'inventory.level.updated' order by seq",
        [ws],
      );
    expect(
      events.map((e) => [e.payload.delta, e.payload.level.available, e.payload.reason, e.payload.reference]),
    ).toEqual([
      [3, 8, 'sync', 'shopify-import:A'],
      [3, 3, 'sync', 'shopify-import:B'],
      [-2, -2, 'sync', 'shopify-import:B'],
    ]);
  });

  it('adjusts by delta and by set with an expected value, writing the ledger and the event', async () => {
    const { ws, sku, a } = await stocked(10);
    expect(await inventory.adjust(ws, { sku, locationId: a, delta: -3, reason: 'damaged' }, 'test')).toMatchObject({
      available: 7,
      onHand: 7,
      delta: -3,
    });
    expect(
      await codeOf(inventory.adjust(ws, { sku, locationId: a, set: 20, expected: 8, reason: 'cycle_count' }, 'test')),
    ).toBe('inventory_changed');
    expect(
      await inventory.adjust(ws, { sku, locationId: a, set: 20, expected: 7, reason: 'cycle_count' }, 'test'),
    ).toMatchObject({ available: 20, delta: 13 });
    expect(await codeOf(inventory.adjust(ws, { sku, locationId: a, delta: -21, reason: 'damaged' }, 'test'))).toBe(
      'insufficient_stock',
    );
    const moves = await inventory.listMovements(ws, { sku });
    expect(moves.data.map((m) => [m.delta, m.availableAfter, m.reason])).toEqual([
      [13, 20, 'set'],
      [-3, 7, 'damaged'],
    ]);
    const events = await em
      .fork()
      .getConnection()
      .execute<{ n: number }[]>(
        "select count(*)::int as n from outbox where workspace_id = ? and topic = 'inventory.level.updated'",
        [ws],
      );
    expect(events[0]?.n).toBe(2);
  });

  it('transfers between locations (creating the destination level), never below zero at the source', async () => {
    const { ws, sku, variantId, a, b } = await stocked(5);
    const t = await inventory.transfer(
      ws,
      { sku, fromLocationId: a, toLocationId: b, quantity: 4, reference: 'T-1' },
      'test',
    );
    expect([t.from.available, t.to.available]).toEqual([1, 4]);
    expect(await codeOf(inventory.transfer(ws, { sku, fromLocationId: a, toLocationId: b, quantity: 2 }, 'test'))).toBe(
      'insufficient_stock',
    );
    const levels = await inventory.listLevels(ws, { variantId });
    expect(levels.data.map((l) => [l.locationId, l.available, l.sku]).sort()).toEqual(
      [
        [a, 1, sku],
        [b, 4, sku],
      ].sort(),
    );
    expect((await inventory.listMovements(ws, { reference: 'T-1' })).data.map((m) => m.reason).sort()).toEqual([
      'transfer_in',
      'transfer_out',
    ]);
    expect(await facade.shortLines(ws, a, [{ sku, variantId, quantity: 2, allowBackorder: false }])).toEqual([
      { sku, variantId, requested: 2, available: 1 },
    ]);
  });

  it('pages levels by id, and filters naming nothing give an empty page; never another workspace', async () => {
    const ws = newWorkspaceId();
    const product = await makeProduct(em, ws);
    const loc = await makeLocation(em, ws);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await makeLevel(em, ws, await makeVariant(em, ws, product), loc, i));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await inventory.listLevels(ws, { limit: 2, cursor, locationId: loc });
      seen.push(...page.data.map((l) => l.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].sort());
    expect(await inventory.listLevels(ws, { sku: 'NOPE' })).toEqual({ data: [], nextCursor: null });
    expect((await inventory.listLevels(newWorkspaceId(), {})).data).toEqual([]);
    expect(
      await codeOf(
        inventory.adjust(
          newWorkspaceId(),
          { variantId: ids[0], locationId: loc, delta: 1, reason: 'received' },
          'test',
        ),
      ),
    ).toBe('not_found');
    expect(await facade.locationExists(null, ws, loc)).toBe(true);
    expect(await facade.locationExists(null, newWorkspaceId(), loc)).toBe(false);
  });
});
