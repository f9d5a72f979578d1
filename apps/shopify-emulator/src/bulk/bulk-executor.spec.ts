// The bulk walker must answer exactly what graphql-js answers for the same page (same keys, order and values).
import { execute, parse } from 'graphql';
import { defaultDataDir, Emulator } from '../emulator';
import { seedShop } from '../store/seed';
import { getSchema, defaultFieldResolver } from '../graphql/schema';
import type { BulkPage, GraphQLContext } from '../graphql/graphql-context';
import { executeBulkPage, planBulkQuery } from './bulk-executor';

const QUERIES: Record<string, string> = {
  products: `{ products { edges { node {
    id handle title descriptionHtml vendor productType status tags updatedAt
    variants { edges { node { id sku barcode title price compareAtPrice inventoryPolicy updatedAt inventoryItem { id } } } }
  } } } }`,
  inventory: `{ inventoryItems { edges { node {
    id variant { id }
    inventoryLevels { edges { node { id location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } }
  } } } }`,
  orders: `{ orders(query: "created_at:>='2000-01-01T00:00:00Z'") { edges { node {
    id name email note tags createdAt updatedAt cancelledAt cancelReason currencyCode customer { id }
    subtotalPriceSet { shopMoney { amount currencyCode } } totalPriceSet { shopMoney { amount currencyCode } }
    lineItems { edges { node { id title sku quantity variant { id } originalUnitPriceSet { shopMoney { amount } } } } }
  } } } }`,
  fragmentsAliasesAbstract: `query Q { customers(query: "state:DISABLED") { edges { node { __typename ...C legacyResourceId
    mail: email defaultAddress { city countryCodeV2 } } } } }
    fragment C on Customer { id ... on Node { id } firstName lastName tags createdAt }`,
};

describe('bulk walker', () => {
  const emulator = new Emulator({
    timeScale: 1,
    webhookConnectTimeoutMs: 100,
    webhookTimeoutMs: 100,
    dataDir: defaultDataDir(),
  });
  const shop = emulator.createShop('walker');
  seedShop(shop, { products: 40, variantsPerProduct: 3, locations: 2, customers: 7, orders: 30, seed: 3 });
  afterAll(() => emulator.close());

  const ctxFor = (page: BulkPage) =>
    ({ shop, clientId: 'c', bulkPage: page, idempotencyRequired: false }) as unknown as GraphQLContext;

  it.each(Object.entries(QUERIES))('answers %s page by page like graphql-js', async (_name, query) => {
    const document = parse(query);
    const plan = planBulkQuery(getSchema(), document);
    expect(plan.operation).not.toBeNull();
    const ours: BulkPage = { afterId: null, size: 16 };
    const theirs: BulkPage = { afterId: null, size: 16 };
    for (let pages = 0; pages < 10; pages++) {
      const mine = await executeBulkPage(plan, ctxFor(ours));
      const reference = await execute({
        schema: getSchema(),
        document,
        contextValue: ctxFor(theirs),
        fieldResolver: defaultFieldResolver,
      });
      expect(reference.errors).toBeUndefined();
      expect(mine.errors).toBeUndefined();
      expect(JSON.stringify(mine.data)).toBe(JSON.stringify(reference.data));
      if (pages === 0) expect(JSON.stringify(mine.data)).toContain('"node":{');
      expect(ours).toEqual(theirs);
      if (ours.exhausted !== false) return;
      ours.afterId = ours.nextAfterId ?? null;
      theirs.afterId = theirs.nextAfterId ?? null;
    }
    throw new Error('more pages than the seed has');
  });

  it('hands documents with directives to graphql-js, and reports a resolver error as an error', async () => {
    const withDirective = planBulkQuery(
      getSchema(),
      parse('{ products { edges { node { id title @skip(if: true) } } } }'),
    );
    expect(withDirective.operation).toBeNull();
    const page = await executeBulkPage(withDirective, ctxFor({ afterId: null, size: 2 }));
    expect(JSON.stringify(page.data)).not.toContain('"title"');
    // A non-null field without a value: graphql-js reports an error, and so must the walker (the operation fails).
    const product = [...shop.products.values()][0]!;
    const title = product.title;
    (product as { title: string | null }).title = null;
    const failed = await executeBulkPage(
      planBulkQuery(getSchema(), parse('{ products { edges { node { id title } } } }')),
      ctxFor({ afterId: null, size: 2 }),
    );
    product.title = title;
    expect(failed.errors?.length).toBeGreaterThan(0);
  });
});
