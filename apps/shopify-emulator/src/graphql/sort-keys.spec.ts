// sortKey defaults from the SDL (locations by NAME, orders by PROCESSED_AT) and explicit sort keys,
// with cursors that carry the sort value and page correctly across pages and in reverse.
import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

jest.setTimeout(30_000);

describe('sortKey', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop();
    for (const name of ['Zeta depot', 'alpha store', 'Mid warehouse']) {
      await t.gql(
        'mutation L($n: String!) { locationAdd(input: { name: $n, address: { countryCode: US } }) { location { id } } }',
        { n: name },
      );
    }
    for (const title of ['banana', 'Cherry', 'apple', 'date']) {
      await t.gql('mutation P($t: String!) { productCreate(product: { title: $t }) { product { id } } }', { t: title });
    }
  });
  afterAll(() => t.close());

  const names = (res: { body: { data?: Record<string, unknown> | null } }, root: string, field: string) =>
    (dig(res.body.data, root, 'nodes') as Array<Record<string, string>>).map((n) => n[field]);

  it('sorts locations by NAME unless told otherwise', async () => {
    const byDefault = await t.gql('{ locations(first: 10) { nodes { name } } }');
    expect(names(byDefault, 'locations', 'name')).toEqual([
      'alpha store',
      'Mid warehouse',
      'Shop location',
      'Zeta depot',
    ]);
    const byId = await t.gql('{ locations(first: 10, sortKey: ID) { nodes { name } } }');
    expect(names(byId, 'locations', 'name')).toEqual(['Shop location', 'Zeta depot', 'alpha store', 'Mid warehouse']);
    const reversed = await t.gql('{ locations(first: 10, reverse: true) { nodes { name } } }');
    expect(names(reversed, 'locations', 'name')).toEqual([
      'Zeta depot',
      'Shop location',
      'Mid warehouse',
      'alpha store',
    ]);
  });

  it('pages a TITLE sort with cursors that carry the title', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(
        'query P($after: String) { products(first: 2, after: $after, sortKey: TITLE) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      const conn = dig(res.body.data, 'products') as {
        edges: Array<{ cursor: string; node: { title: string } }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      for (const e of conn.edges) {
        expect(JSON.parse(Buffer.from(e.cursor, 'base64').toString()).last_value).toBe(e.node.title.toLowerCase());
        seen.push(e.node.title);
      }
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(['apple', 'banana', 'Cherry', 'date']);
    const last = await t.gql('{ products(last: 1, sortKey: TITLE) { nodes { title } } }');
    expect(names(last, 'products', 'title')).toEqual(['date']);
  });

  it('sees a record move between pages of a sort, and pages a filtered sort backwards', async () => {
    type Page = {
      edges: Array<{ cursor: string; node: { id: string; title: string } }>;
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean };
    };
    const page = async (args: string, vars: Record<string, unknown> = {}) =>
      dig(
        (
          await t.gql(
            `query P${
              Object.keys(vars).length > 0
                ? `(${Object.keys(vars)
                    .map((k) => `$${k}: String`)
                    .join(', ')})`
                : ''
            } { products(${args}, sortKey: TITLE) { edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage } } }`,
            vars,
          )
        ).body.data,
        'products',
      ) as Page;
    const rename = (id: string, title: string) =>
      t.gql('mutation U($id: ID!, $t: String!) { productUpdate(product: { id: $id, title: $t }) { product { id } } }', {
        id,
        t: title,
      });
    const first = await page('first: 2, after: $after', { after: null });
    expect(first.edges.map((e) => e.node.title)).toEqual(['apple', 'banana']);
    const date = (await page('last: 1')).edges[0]!;
    expect(date.node.title).toBe('date');
    // 'date' becomes the first title: the next page after banana no longer holds it.
    await rename(date.node.id, 'aardvark');
    const second = await page('first: 2, after: $after', { after: first.edges[1]!.cursor });
    expect(second.edges.map((e) => e.node.title)).toEqual(['Cherry']);
    expect(second.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    await rename(date.node.id, 'date');
    const before = await page('last: 2, before: $before, query: "-title:banana"', { before: date.cursor });
    expect(before.edges.map((e) => e.node.title)).toEqual(['apple', 'Cherry']);
    expect(before.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
  });

  it('sorts orders by PROCESSED_AT by default', async () => {
    const shop = [...t.running.emulator.shops.values()][0]!;
    const variantId = [...shop.variants.keys()][0]!;
    for (let i = 0; i < 3; i++) {
      const res = await t.control('POST', `/_emulator/shops/${t.shop}/merchant/orders`, {
        lineItems: [{ variantId: String(variantId), quantity: 1 }],
      });
      expect(res.status).toBe(201);
    }
    // Backdate the newest order: processed first, it must come first.
    const orders = [...shop.orders.values()];
    orders[2]!.processedAt = '2020-01-01T00:00:00Z';
    const res = await t.gql('{ orders(first: 5) { nodes { name processedAt } } }');
    const list = dig(res.body.data, 'orders', 'nodes') as Array<{ name: string; processedAt: string }>;
    expect(list.map((o) => o.name)).toEqual([orders[2]!.name, orders[0]!.name, orders[1]!.name]);
    const byNumber = await t.gql('{ orders(first: 5, sortKey: ORDER_NUMBER, reverse: true) { nodes { name } } }');
    expect(names(byNumber, 'orders', 'name')).toEqual([orders[2]!.name, orders[1]!.name, orders[0]!.name]);
  });
});
