import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { CatalogModule } from '@retailos/server/catalog';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule, tenantEm } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { InventoryFacadeModule, InventoryModule } from '@retailos/server/inventory';
import { OutboxModule } from '@retailos/server/outbox';
import { makeProduct, makeVariant, newWorkspaceId } from '@retailos/server/testing';
import { SYNC_ENTITIES } from '../entities';
import { InboundProductsService, type ProductPayload } from './inbound-products.service';
import { SyncHistoryService } from './sync-history.service';

const at = '2026-11-01T10:00:00Z';
const variant = (id: number, sku: string, price = '10.00'): Record<string, unknown> => ({
  admin_graphql_api_id: `gid://shopify/ProductVariant/${id}`,
  sku,
  price,
  title: `V${id}`,
  updated_at: at,
  inventory_item_id: 9000 + id,
});
const product = (id: number, handle: string, variants: Record<string, unknown>[]): ProductPayload => ({
  admin_graphql_api_id: `gid://shopify/Product/${id}`,
  updated_at: at,
  title: `P${id}`,
  handle,
  status: 'active',
  variants,
});

/** One import batch whose rows depend on each other: a handle twice, a SKU twice, a SKU we already hold. */
const BATCH = [
  product(1, 'tee', [variant(11, 'A'), variant(12, 'B')]),
  product(2, 'tee', [variant(21, 'C')]),
  product(3, 'mug', [variant(31, 'A', '12.00')]),
  product(4, 'old', [variant(41, 'OLD-1', '5.00'), variant(42, 'D')]),
  product(5, 'cup', [variant(51, 'E')]),
];

describe('InboundProductsService: the import batch against row by row (real Postgres)', () => {
  let moduleRef: TestingModule;
  let em: EntityManager;
  let products: InboundProductsService;
  let history: SyncHistoryService;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        MikroOrmModule.forFeature(SYNC_ENTITIES),
        OutboxModule,
        InventoryModule.register([CatalogModule.register([InventoryFacadeModule, IdentityModule])]),
        CatalogModule.register([InventoryFacadeModule, IdentityModule]),
      ],
      providers: [InboundProductsService, SyncHistoryService],
    }).compile();
    await moduleRef.init();
    em = moduleRef.get(EntityManager);
    products = moduleRef.get(InboundProductsService);
    history = moduleRef.get(SyncHistoryService);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  const sql = async <T>(text: string, params: unknown[]): Promise<T[]> =>
    (await em.fork().execute(text, params)) as T[];

  /** Our side of a workspace without its ids: products, sync records and history entries named by title / SKU. */
  async function state(ws: string): Promise<unknown> {
    const suffixless = (h: string): string => h.replace(/-[a-z0-9]{6}$/i, '-*');
    const catalog = await sql<{ title: string; handle: string; variants: unknown }>(
      `select p.title, p.handle, (select json_agg(json_build_object('sku', v.sku, 'price', v.price, 'title', v.title, 'position', v.position) order by v.position)
          from variants v where v.product_id = p.id) as variants
         from products p where p.workspace_id = ? order by p.title`,
      [ws],
    );
    const named = `coalesce((select title from products where id = x.local), (select sku from variants where id = x.local))`;
    const records = await sql(
      `select entity_type, gid, last_seen, field_stamps, ${named} as local
         from (select *, local_id as local from sync_records where workspace_id = ?) x order by entity_type, gid`,
      [ws],
    );
    const entries = await sql(
      `select entity_type, gid, sku, changes, conflicts, source, ${named} as local
         from (select *, entity_id as local from sync_history where workspace_id = ?) x order by entity_type, gid`,
      [ws],
    );
    const events = await sql(
      `select topic, count(*)::int as n from outbox where workspace_id = ? and topic like 'product.%' group by topic order by topic`,
      [ws],
    );
    return { catalog: catalog.map((p) => ({ ...p, handle: suffixless(p.handle) })), records, entries, events };
  }

  async function withHeldProduct(): Promise<string> {
    const ws = newWorkspaceId();
    const held = await makeProduct(em, ws, { title: 'Old', handle: 'old' });
    await makeVariant(em, ws, held, { sku: 'OLD-1', price: 700 });
    return ws;
  }

  it('one batch ends exactly as its rows applied one by one; re-applied, it changes nothing and records no history', async () => {
    const cause = { jobId: 'import-spec' };
    const rowByRow = await withHeldProduct();
    const oneByOne: string[] = [];
    for (const payload of BATCH) {
      oneByOne.push(
        await tenantEm(em, rowByRow).transactional((tx) =>
          history.collected(tx, () => products.apply(tx, rowByRow, payload, cause, null, 'import')),
        ),
      );
    }
    const batched = await withHeldProduct();
    const applyBatch = (): Promise<string[]> =>
      tenantEm(em, batched).transactional((tx) =>
        history.collected(tx, () => products.applyImportBatch(tx, batched, BATCH, cause)),
      );
    expect(await applyBatch()).toEqual(oneByOne);
    expect(oneByOne).toEqual(['created', 'created', 'updated', 'updated', 'created']);

    const want = await state(rowByRow);
    expect(await state(batched)).toEqual(want);
    // The rows that depended on each other did: one handle suffixed; product 3 took product 1's (SKU A) as its own.
    expect(want).toMatchObject({
      catalog: [
        { title: 'P2', handle: 'tee-*' },
        { title: 'P3', handle: 'tee' },
        { title: 'P4', handle: 'old' },
        { title: 'P5', handle: 'cup' },
      ],
    });

    const counts = async (): Promise<unknown> =>
      sql(
        `select (select count(*)::int from sync_history where workspace_id = ?) as history,
                (select count(*)::int from outbox where workspace_id = ?) as events`,
        [batched, batched],
      );
    const before = await counts();
    expect(await applyBatch()).toEqual(BATCH.map(() => 'duplicate'));
    expect(await counts()).toEqual(before);
    expect(await state(batched)).toEqual(want);
  });
});
