import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

describe('Admin GraphQL', () => {
  let t: TestShop;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 30, variantsPerProduct: 3, customers: 5, orders: 3, seed: 42 } });
  });
  afterAll(() => t.close());

  it('pages all products with opaque cursors and no duplicates', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await t.gql(
        'query P($after: String) { products(first: 7, after: $after) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const conn = dig(res.body.data, 'products') as {
        edges: Array<{ cursor: string; node: { id: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      for (const e of conn.edges) {
        expect(Buffer.from(e.cursor, 'base64').toString()).toMatch(/^\{"last_id":\d+,"last_value":"\d+"\}$/);
        seen.push(e.node.id);
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
    // ids are above 2^53, so a lossy JSON.parse of a numeric id would be visible
    expect(BigInt(seen[0]!.split('/').pop()!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('pages backwards with last/before and in reverse', async () => {
    const all = await t.gql('{ products(first: 30) { nodes { id } } }');
    const ids = (dig(all.body.data, 'products', 'nodes') as Array<{ id: string }>).map((n) => n.id);
    const rev = await t.gql('{ products(first: 3, reverse: true) { nodes { id } } }');
    expect((dig(rev.body.data, 'products', 'nodes') as Array<{ id: string }>).map((n) => n.id)).toEqual(
      ids.slice(-3).reverse(),
    );
    const last = await t.gql('{ products(last: 4) { nodes { id } pageInfo { hasPreviousPage hasNextPage } } }');
    expect((dig(last.body.data, 'products', 'nodes') as Array<{ id: string }>).map((n) => n.id)).toEqual(ids.slice(-4));
    expect(dig(last.body.data, 'products', 'pageInfo', 'hasPreviousPage')).toBe(true);
  });

  it('filters with query: on sku, status, id, updated_at and email', async () => {
    const bySku = await t.gql(
      '{ products(first: 5, query: "sku:SKU-3-2") { nodes { title variants(first: 3) { nodes { sku } } } } }',
    );
    expect(dig(bySku.body.data, 'products', 'nodes', 'length')).toBe(1);
    const variants = await t.gql(
      '{ productVariants(first: 5, query: "sku:SKU-3-2") { nodes { sku product { id } } } }',
    );
    expect(dig(variants.body.data, 'productVariants', 'nodes', 0, 'sku')).toBe('SKU-3-2');
    const all = await t.gql('{ products(first: 30) { nodes { id updatedAt } } }');
    const nodes = dig(all.body.data, 'products', 'nodes') as Array<{ id: string; updatedAt: string }>;
    const pivot = nodes[20]!;
    const newer = await t.gql(`{ products(first: 50, query: "updated_at:>'${pivot.updatedAt}'") { nodes { id } } }`);
    const expected = nodes.filter((n) => n.updatedAt > pivot.updatedAt).length;
    expect(dig(newer.body.data, 'products', 'nodes', 'length')).toBe(expected);
    const idNum = pivot.id.split('/').pop();
    const byId = await t.gql(`{ products(first: 50, query: "id:>${idNum}") { nodes { id } } }`);
    expect(dig(byId.body.data, 'products', 'nodes', 'length')).toBe(9);
    const drafts = await t.gql('{ products(first: 50, query: "status:draft") { nodes { id } } }');
    expect(dig(drafts.body.data, 'products', 'nodes', 'length')).toBe(0);
    const customers = await t.gql('{ customers(first: 10) { nodes { id email } } }');
    const email = dig(customers.body.data, 'customers', 'nodes', 2, 'email') as string;
    const byEmail = await t.gql(`{ customers(first: 10, query: "email:${email}") { nodes { email } } }`);
    expect(dig(byEmail.body.data, 'customers', 'nodes')).toEqual([{ email }]);
  });

  it('rejects page sizes over 250 and missing first/last', async () => {
    const big = await t.gql('{ products(first: 251) { nodes { id } } }');
    expect(big.body.errors?.[0]?.message).toMatch(/250/);
    const none = await t.gql('{ products { nodes { id } } }');
    expect(none.body.errors?.[0]?.message).toBe('you must provide one of first or last');
  });

  it('answers unimplemented fields with an error, never a silent null', async () => {
    // The general delivery profile is there, but its items (every product of the shop) are not listed.
    const res = await t.gql(
      '{ productVariants(first: 1) { nodes { id deliveryProfile { name profileItems(first: 1) { nodes { id } } } } } }',
    );
    expect(res.body.errors?.[0]?.message).toBe(
      'Field DeliveryProfile.profileItems is not implemented by the Shopify emulator',
    );
    expect(res.body.errors?.[0]?.path).toEqual(['productVariants', 'nodes', 0, 'deliveryProfile', 'profileItems']);
  });

  it('validates against the real schema with graphql-ruby style errors', async () => {
    const res = await t.gql('query Q { product(id: "gid://shopify/Product/1") { id nope } }');
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]).toEqual({
      message: "Field 'nope' doesn't exist on type 'Product'",
      locations: [{ line: 1, column: 55 }],
      path: ['query Q', 'product', 'nope'],
      extensions: { code: 'undefinedField', typeName: 'Product', fieldName: 'nope' },
    });
    expect(res.body.data).toBeUndefined();
  });

  it('resolves nodes() for each supported type and null for unknown ids', async () => {
    const res = await t.gql(
      '{ products(first: 1) { nodes { id variants(first: 1) { nodes { id inventoryItem { id } } } } } locations(first: 1) { nodes { id } } }',
    );
    const product = dig(res.body.data, 'products', 'nodes', 0) as { id: string };
    const variant = dig(product, 'variants', 'nodes', 0) as { id: string; inventoryItem: { id: string } };
    const location = dig(res.body.data, 'locations', 'nodes', 0, 'id') as string;
    const ids = [product.id, variant.id, variant.inventoryItem.id, location, 'gid://shopify/Product/1'];
    const nodes = await t.gql('query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids });
    expect(dig(nodes.body.data, 'nodes')).toEqual([
      { __typename: 'Product', id: product.id },
      { __typename: 'ProductVariant', id: variant.id },
      { __typename: 'InventoryItem', id: variant.inventoryItem.id },
      { __typename: 'Location', id: location },
      null,
    ]);
  });

  it('rejects bad tokens with 401 and accepts the Host header form', async () => {
    const bad = await t.gql('{ shop { name } }', undefined, 'shpat_nope');
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
    // Host-header addressing on the plain path (fetch forbids Host, so use node:http)
    const http = await import('node:http');
    const body = JSON.stringify({ query: '{ shop { myshopifyDomain } }' });
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        `${t.url}/admin/api/2026-04/graphql.json`,
        {
          method: 'POST',
          headers: {
            host: t.shop,
            'content-type': 'application/json',
            'x-shopify-access-token': t.token,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let data = '';
          res.on('data', (c: Buffer) => (data += c.toString()));
          res.on('end', () => resolve(data));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(JSON.parse(answer).data).toEqual({ shop: { myshopifyDomain: t.shop } });
  });

  it('creates, updates and deletes products through mutations', async () => {
    const created = await t.gql(
      'mutation { productCreate(product: { title: "Tee & Co / New", tags: ["b", "a"] }) { product { id handle tags variants(first: 1) { nodes { id title price } } } userErrors { field message } } }',
    );
    const product = dig(created.body.data, 'productCreate', 'product') as {
      id: string;
      handle: string;
      tags: string[];
    };
    expect(product.handle).toBe('tee-co-new');
    expect(product.tags).toEqual(['a', 'b']);
    const blank = await t.gql(
      'mutation { productCreate(product: { title: "" }) { product { id } userErrors { field message } } }',
    );
    expect(dig(blank.body.data, 'productCreate', 'userErrors')).toEqual([
      { field: ['title'], message: "Title can't be blank" },
    ]);
    const variantId = dig(created.body.data, 'productCreate', 'product', 'variants', 'nodes', 0, 'id');
    const upd = await t.gql(
      'mutation V($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { productVariants { price inventoryItem { sku tracked } } userErrors { field message code } } }',
      { p: product.id, v: [{ id: variantId, price: '12.5', inventoryItem: { sku: 'NEW-1', tracked: true } }] },
    );
    expect(dig(upd.body.data, 'productVariantsBulkUpdate', 'productVariants')).toEqual([
      { price: '12.50', inventoryItem: { sku: 'NEW-1', tracked: true } },
    ]);
    const del = await t.gql(
      'mutation D($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }',
      { id: product.id },
    );
    expect(dig(del.body.data, 'productDelete', 'deletedProductId')).toBe(product.id);
    const again = await t.gql('query G($id: ID!) { product(id: $id) { id } }', { id: product.id });
    expect(dig(again.body.data, 'product')).toBeNull();
  });
});
