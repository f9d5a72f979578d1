import { EntityManager } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, DomainError } from '@retailos/server/core';
import { DatabaseModule, tenantEm } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import { makeProduct, makeVariant, newWorkspaceId } from '@retailos/server/testing';
import { CATALOG_FACADE, INVENTORY_FACADE, type CatalogFacade, type LevelView } from '@retailos/shared/contracts';
import { CatalogModule } from '../catalog.module';
import { ProductsService } from './products.service';

const codeOf = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'resolved',
    (err: unknown) => (err instanceof DomainError ? err.code : `unexpected: ${String(err)}`),
  );

/**
 * Stock comes from the inventory context through INVENTORY_FACADE; importing that context here would make the two
 * libraries depend on each other (inventory's own spec composes the catalog). The catalog's part is merging the levels
 * it is given into its views, so the facade answers from this map (inventory's spec and the e2e suites cover the real one).
 */
const levels = new Map<string, LevelView[]>();
@Module({
  providers: [
    {
      provide: INVENTORY_FACADE,
      useValue: { levelsForVariants: async (_ws: string, ids: string[]) => ids.flatMap((id) => levels.get(id) ?? []) },
    },
  ],
  exports: [INVENTORY_FACADE],
})
class InventoryLevelsFromMap {}

describe('ProductsService (real Postgres)', () => {
  let moduleRef: TestingModule;
  let products: ProductsService;
  let catalog: CatalogFacade;
  let em: EntityManager;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        DatabaseModule,
        OutboxModule,
        CatalogModule.register([InventoryLevelsFromMap, IdentityModule]),
      ],
    }).compile();
    await moduleRef.init();
    products = moduleRef.get(ProductsService);
    catalog = moduleRef.get(CATALOG_FACADE);
    em = moduleRef.get(EntityManager);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  const outboxTopics = async (workspaceId: string): Promise<string[]> =>
    (
      await em
        .fork()
        .getConnection()
        .execute<{ topic: string }[]>('select topic from outbox where workspace_id = ? order by seq', [workspaceId])
    ).map((r) => r.topic);

  it('creates a product with its variants in order, stock per location, and product.created', async () => {
    const ws = newWorkspaceId();
    const p = await products.create(ws, {
      title: 'Café Mug',
      tags: ['kitchen'],
      variants: [
        { sku: 'MUG-S', price: 1200, options: { size: 'S' } },
        { sku: 'MUG-L', price: 1500, compareAtPrice: 1800, title: 'Large', currency: 'EUR', allowBackorder: true },
      ],
    });
    expect(p).toMatchObject({
      title: 'Café Mug',
      handle: 'cafe-mug',
      status: 'active',
      tags: ['kitchen'],
      description: null,
    });
    expect(p.variants.map((v) => [v.sku, v.title, v.price, v.compareAtPrice, v.currency, v.allowBackorder])).toEqual([
      ['MUG-S', 'Default', 1200, null, 'USD', false],
      ['MUG-L', 'Large', 1500, 1800, 'EUR', true],
    ]);
    const variantId = p.variants[0]?.id ?? '';
    const level = (locationId: string, available: number): LevelView => ({
      id: `lvl_${locationId}`,
      variantId,
      locationId,
      available,
      onHand: available + 1,
      committed: 1,
      updatedAt: p.createdAt,
    });
    levels.set(variantId, [level('loc_a', 7), level('loc_b', 2)]);
    const again = await products.get(ws, p.id);
    expect(again.variants[0]).toMatchObject({
      inventory: [
        { locationId: 'loc_a', available: 7, onHand: 8, committed: 1 },
        { locationId: 'loc_b', available: 2, onHand: 3, committed: 1 },
      ],
      totalAvailable: 9,
    });
    expect(again.variants[1]).toMatchObject({ inventory: [], totalAvailable: 0 });
    expect(again.createdAt).toBe(p.createdAt);
    expect(await outboxTopics(ws)).toEqual(['product.created']);
  });

  it('suffixes a derived handle that collides, refuses an explicit one, and refuses a taken or repeated SKU writing nothing', async () => {
    const ws = newWorkspaceId();
    await products.create(ws, { title: 'Tee', variants: [{ sku: 'TEE-1', price: 100 }] });
    const second = await products.create(ws, { title: 'Tee', variants: [{ sku: 'TEE-2', price: 100 }] });
    expect(second.handle).toMatch(/^tee-[a-z0-9]{6}$/i);
    expect(
      await codeOf(products.create(ws, { title: 'X', handle: 'tee', variants: [{ sku: 'TEE-3', price: 1 }] })),
    ).toBe('handle_taken');
    expect(await codeOf(products.create(ws, { title: 'Y', variants: [{ sku: 'TEE-1', price: 1 }] }))).toBe('sku_taken');
    expect(
      await codeOf(
        products.create(ws, {
          title: 'Z',
          variants: [
            { sku: 'A', price: 1 },
            { sku: 'A', price: 2 },
          ],
        }),
      ),
    ).toBe('validation_failed');
    expect((await products.list(ws, {})).data).toHaveLength(2);
    expect(await outboxTopics(ws)).toEqual(['product.created', 'product.created']);
  });

  it('writeProductsFromSync: a batch with a handle twice and one held locally, an update adding a variant; events per product', async () => {
    const ws = newWorkspaceId();
    const held = await products.create(ws, { title: 'Held', handle: 'cap', variants: [{ sku: 'HELD-1', price: 100 }] });
    const old = await products.create(ws, { title: 'Old', variants: [{ sku: 'OLD-1', price: 100 }] });
    const written = await tenantEm(em, ws).transactional((tem) =>
      catalog.writeProductsFromSync(tem, ws, [
        { productId: null, product: { title: 'Tee', handle: 'tee' }, variants: [{ id: null, fields: { sku: 'T-1' } }] },
        {
          productId: null,
          product: { title: 'Tee again', handle: 'tee' },
          variants: [{ id: null, fields: { sku: 'T-2', price: 250 } }],
        },
        { productId: null, product: { title: 'Cap', handle: 'cap' }, variants: [] },
        {
          productId: old.id,
          product: { title: 'Old, renamed', handle: 'ignored' },
          variants: [
            { id: old.variants[0]?.id ?? '', fields: { price: 300 } },
            { id: null, fields: { sku: 'OLD-2', price: 400 } },
          ],
        },
      ]),
    );
    expect(written).toHaveLength(4);
    expect(written[3]).toMatchObject({ id: old.id, variantIds: [old.variants[0]?.id, expect.stringMatching(/^var_/)] });
    const [first, second, cap, renamed] = await Promise.all(written.map((w) => products.get(ws, w.id)));
    expect(first).toMatchObject({ handle: 'tee', variants: [{ id: written[0]?.variantIds[0], sku: 'T-1', price: 0 }] });
    expect(second?.handle).toMatch(/^tee-[a-z0-9]{6}$/i);
    expect(second?.variants).toMatchObject([{ sku: 'T-2', price: 250 }]);
    expect(cap?.handle).toMatch(/^cap-[a-z0-9]{6}$/i);
    expect(renamed).toMatchObject({
      title: 'Old, renamed',
      handle: old.handle,
      variants: [
        { sku: 'OLD-1', price: 300 },
        { sku: 'OLD-2', price: 400 },
      ],
    });
    const events = await em
      .fork()
      .getConnection()
      .execute<{ topic: string; payload: { product: { id: string; variants: unknown[] }; source?: string } }[]>(
        "select topic, payload from outbox where workspace_id = ? and payload->>'source' = 'shopify' order by seq",
        [ws],
      );
    expect(events.map((e) => [e.topic, e.payload.product.id, e.payload.product.variants.length])).toEqual([
      ['product.created', written[0]?.id, 1],
      ['product.created', written[1]?.id, 1],
      ['product.created', written[2]?.id, 0],
      ['product.updated', old.id, 2],
    ]);
    expect(held.handle).toBe('cap');
  });

  it('updates fields, edits, adds and removes variants in one transaction; a product keeps at least one variant', async () => {
    const ws = newWorkspaceId();
    const p = await products.create(ws, {
      title: 'Lamp',
      variants: [
        { sku: 'L-1', price: 100 },
        { sku: 'L-2', price: 200 },
      ],
    });
    const [v1, v2] = p.variants;
    const u = await products.update(ws, p.id, {
      vendor: 'Acme',
      status: 'draft',
      variants: [
        { id: v1?.id, price: 150, barcode: '123' },
        { sku: 'L-3', price: 300 },
      ],
      removeVariantIds: [v2?.id ?? ''],
    });
    expect(u).toMatchObject({ vendor: 'Acme', status: 'draft', title: 'Lamp' });
    expect(u.variants.map((v) => [v.sku, v.price, v.barcode])).toEqual([
      ['L-1', 150, '123'],
      ['L-3', 300, null],
    ]);
    expect(Date.parse(u.updatedAt)).toBeGreaterThanOrEqual(Date.parse(p.updatedAt));
    expect(
      await codeOf(products.update(ws, p.id, { removeVariantIds: u.variants.map((v) => v.id), title: 'Gone' })),
    ).toBe('validation_failed');
    expect(await codeOf(products.update(ws, p.id, { variants: [{ id: 'var_not_mine', price: 1 }] }))).toBe(
      'validation_failed',
    );
    expect(await codeOf(products.update(ws, p.id, { variants: [{ sku: 'L-9' }] }))).toBe('validation_failed');
    const after = await products.get(ws, p.id);
    expect(after.title).toBe('Lamp');
    expect(after.variants).toHaveLength(2);
    expect(await outboxTopics(ws)).toEqual(['product.created', 'product.updated']);
  });

  it('deletes a product with its variants and says which SKUs went', async () => {
    const ws = newWorkspaceId();
    const p = await products.create(ws, { title: 'Gone', variants: [{ sku: 'G-1', price: 1 }] });
    await products.remove(ws, p.id);
    expect(await codeOf(products.get(ws, p.id))).toBe('not_found');
    expect(await codeOf(products.remove(ws, p.id))).toBe('not_found');
    expect((await catalog.resolveVariants(null, ws, [{ sku: 'G-1' }])).variants).toEqual([null]);
    const payload = await em
      .fork()
      .getConnection()
      .execute<{ payload: { variants: unknown } }[]>(
        "select payload from outbox where workspace_id = ? and topic = 'product.deleted'",
        [ws],
      );
    expect(payload[0]?.payload.variants).toEqual([{ id: p.variants[0]?.id, sku: 'G-1' }]);
  });

  it('lists with status, sku, search and updatedSince filters, never another workspace', async () => {
    const ws = newWorkspaceId();
    const other = newWorkspaceId();
    const shirt = await makeProduct(em, ws, { title: 'Blue Shirt', vendor: 'Oxford' });
    await makeVariant(em, ws, shirt, { sku: 'SHIRT-BLUE' });
    const draft = await makeProduct(em, ws, {
      title: 'Hat',
      status: 'draft',
      updatedAt: new Date('2020-01-01T00:00:00Z'),
    });
    await makeVariant(em, ws, draft, { sku: 'HAT-1' });
    const theirs = await makeProduct(em, other, { title: 'Blue Shirt' });
    await makeVariant(em, other, theirs, { sku: 'SHIRT-BLUE' });
    const ids = async (q: object): Promise<string[]> => (await products.list(ws, q)).data.map((p) => p.id);
    expect(await ids({ status: 'draft' })).toEqual([draft]);
    expect(await ids({ sku: 'SHIRT-BLUE' })).toEqual([shirt]);
    expect(await ids({ q: 'oxf' })).toEqual([shirt]);
    expect(await ids({ q: 'hat-' })).toEqual([draft]);
    expect(await ids({ updatedSince: '2024-01-01T00:00:00Z' })).toEqual([shirt]);
    expect(await codeOf(products.get(ws, theirs))).toBe('not_found');
    expect(await codeOf(products.update(ws, theirs, { title: 'mine now' }))).toBe('not_found');
    expect((await catalog.resolveVariants(null, ws, [{ sku: 'SHIRT-BLUE' }])).variants[0]?.productId).toBe(shirt);
  });
});
