// inventoryDeactivate / isActive / includeInactive, and search warnings, as live 2026-04 captures show
// them (airhorns/shopify-draft-proxy inventory-inactive-level-lifecycle-2026-04.json and
// inventory-deactivate-validation-2026-04.json: messages, quantities kept, inventoryQuantity).
import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

jest.setTimeout(30_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const DEACTIVATE = `mutation D($id: ID!, $key: String!) { inventoryDeactivate(inventoryLevelId: $id) @idempotent(key: $key) { userErrors { field message } } }`;
const ACTIVATE = `mutation A($item: ID!, $loc: ID!, $available: Int, $key: String!) {
  inventoryActivate(inventoryItemId: $item, locationId: $loc, available: $available) @idempotent(key: $key) {
    inventoryLevel { id isActive quantities(names: ["available"]) { quantity } } userErrors { field message }
  }
}`;
const SET = `mutation S($input: InventorySetQuantitiesInput!, $key: String!) { inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { field message code } } }`;
const READ = `query R($item: ID!, $loc: ID!, $inactive: Boolean) {
  inventoryItem(id: $item) {
    variant { inventoryQuantity }
    inventoryLevels(first: 5, includeInactive: $inactive) { nodes { id isActive location { name } quantities(names: ["available"]) { quantity } } }
    inventoryLevel(locationId: $loc) { isActive quantities(names: ["available"]) { quantity } }
  }
}`;

describe('inactive inventory levels', () => {
  let t: TestShop;
  let item: string;
  let primary: string;
  let secondary: string;
  let n = 0;
  const key = () => `k-${++n}`;

  beforeAll(async () => {
    t = await startTestShop();
    primary = dig((await t.gql('{ location { id } }')).body.data, 'location', 'id') as string;
    const added = await t.gql(
      'mutation { locationAdd(input: { name: "My Custom Location", address: { countryCode: US } }) { location { id } } }',
    );
    secondary = dig(added.body.data, 'locationAdd', 'location', 'id') as string;
    const created = await t.gql(
      'mutation { productCreate(product: { title: "Inactive lifecycle" }) { product { variants(first: 1) { nodes { inventoryItem { id } } } } } }',
    );
    item = dig(created.body.data, 'productCreate', 'product', 'variants', 'nodes', 0, 'inventoryItem', 'id') as string;
    await t.gql(ACTIVATE, { item, loc: secondary, available: 0, key: key() });
    const set = (loc: string, quantity: number) =>
      t.gql(SET, {
        input: {
          name: 'available',
          reason: 'correction',
          quantities: [{ inventoryItemId: item, locationId: loc, quantity, changeFromQuantity: 0 }],
        },
        key: key(),
      });
    await set(primary, 5);
    await set(secondary, 7);
  });
  afterAll(() => t.close());

  const read = async (inactive: boolean | null) =>
    dig((await t.gql(READ, { item, loc: secondary, inactive })).body.data, 'inventoryItem') as Json;
  const levelId = (loc: string) =>
    `gid://shopify/InventoryLevel/${loc.split('/').pop()}?inventory_item_id=${item.split('/').pop()}`;

  it('deactivates: the level leaves the default list, stays readable with includeInactive, keeps its stock', async () => {
    expect((await read(null)).variant.inventoryQuantity).toBe(12);
    const res = await t.gql(DEACTIVATE, { id: levelId(secondary), key: key() });
    expect(dig(res.body.data, 'inventoryDeactivate', 'userErrors')).toEqual([]);
    const after = await read(null);
    expect(after.inventoryLevels.nodes.map((l: Json) => l.location.name)).toEqual(['Shop location']);
    expect(after.variant.inventoryQuantity).toBe(5);
    expect(after.inventoryLevel).toEqual({ isActive: false, quantities: [{ quantity: 7 }] });
    const all = await read(true);
    expect(all.inventoryLevels.nodes.map((l: Json) => [l.location.name, l.isActive, l.quantities[0].quantity])).toEqual(
      [
        ['Shop location', true, 5],
        ['My Custom Location', false, 7],
      ],
    );
    // An inactive level takes no quantity changes.
    const set = await t.gql(SET, {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [{ inventoryItemId: item, locationId: secondary, quantity: 1, changeFromQuantity: null }],
      },
      key: key(),
    });
    expect(dig(set.body.data, 'inventorySetQuantities', 'userErrors', 0, 'code')).toBe('ITEM_NOT_STOCKED_AT_LOCATION');
  });

  it("refuses to unstock the only active location, and unknown items or locations, with Shopify's messages", async () => {
    const only = await t.gql(DEACTIVATE, { id: levelId(primary), key: key() });
    expect(dig(only.body.data, 'inventoryDeactivate', 'userErrors')).toEqual([
      {
        field: null,
        message:
          "The product couldn't be unstocked from Shop location because products need to be stocked at a minimum of 1 location.",
      },
    ]);
    const noItem = await t.gql(DEACTIVATE, {
      id: 'gid://shopify/InventoryLevel/999999999999?inventory_item_id=999999999998',
      key: key(),
    });
    expect(dig(noItem.body.data, 'inventoryDeactivate', 'userErrors')).toEqual([
      { field: null, message: "The product couldn't be unstocked because the product was deleted." },
    ]);
    const noLocation = await t.gql(DEACTIVATE, {
      id: `gid://shopify/InventoryLevel/999999999999?inventory_item_id=${item.split('/').pop()}`,
      key: key(),
    });
    expect(dig(noLocation.body.data, 'inventoryDeactivate', 'userErrors')).toEqual([
      { field: null, message: "The product couldn't be unstocked because the location was deleted." },
    ]);
    expect((await read(null)).inventoryLevels.nodes).toHaveLength(1);
  });

  it('reactivates with the quantities kept, and refuses `available` on an already active level', async () => {
    const res = await t.gql(ACTIVATE, { item, loc: secondary, available: null, key: key() });
    expect(dig(res.body.data, 'inventoryActivate')).toMatchObject({
      inventoryLevel: { isActive: true, quantities: [{ quantity: 7 }] },
      userErrors: [],
    });
    expect((await read(null)).variant.inventoryQuantity).toBe(12);
    const again = await t.gql(ACTIVATE, { item, loc: primary, available: 9, key: key() });
    expect(dig(again.body.data, 'inventoryActivate')).toEqual({
      inventoryLevel: { id: levelId(primary), isActive: true, quantities: [{ quantity: 5 }] },
      userErrors: [
        {
          field: ['available'],
          message: 'Not allowed to set available quantity when the item is already active at the location.',
        },
      ],
    });
  });

  it('applies query: on inventoryLevels', async () => {
    const res = await t.gql(
      `query Q($item: ID!, $q: String!) { inventoryItem(id: $item) { inventoryLevels(first: 5, query: $q) { nodes { location { name } } } } }`,
      {
        item,
        q: `location_id:${secondary.split('/').pop()}`,
      },
    );
    expect(dig(res.body.data, 'inventoryItem', 'inventoryLevels', 'nodes')).toEqual([
      { location: { name: 'My Custom Location' } },
    ]);
    expect(res.body.extensions).not.toHaveProperty('search');
  });
});

describe('search warnings', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 3 } });
  });
  afterAll(() => t.close());

  it('drops an unknown search field and says so in extensions.search', async () => {
    const res = await t.gql(
      '{ matching: products(first: 5, query: "colour:red") { nodes { id } } productsCount(query: "colour:red") { count } }',
    );
    expect(dig(res.body.data, 'matching', 'nodes')).toHaveLength(3);
    expect(res.body.extensions!.search).toEqual([
      {
        path: ['matching'],
        query: 'colour:red',
        parsed: { field: 'colour', match_all: 'red' },
        warnings: [{ field: 'colour', message: 'Invalid search field for this query.', code: 'invalid_field' }],
      },
      {
        path: ['productsCount'],
        query: 'colour:red',
        parsed: { field: 'colour', match_all: 'red' },
        warnings: [{ field: 'colour', message: 'Invalid search field for this query.', code: 'invalid_field' }],
      },
    ]);
  });

  it('keeps the known terms of a query that has an unknown one', async () => {
    const first = dig(
      (await t.gql('{ products(first: 1) { nodes { title } } }')).body.data,
      'products',
      'nodes',
      0,
      'title',
    ) as string;
    const res = await t.gql('query Q($q: String!) { products(first: 5, query: $q) { nodes { title } } }', {
      q: `title:'${first}' AND colour:red`,
    });
    expect(dig(res.body.data, 'products', 'nodes')).toEqual([{ title: first }]);
    expect(res.body.extensions!.search).toEqual([
      {
        path: ['products'],
        query: `title:'${first}' AND colour:red`,
        parsed: {
          and: [
            { field: 'title', match_phrase: first },
            { field: 'colour', match_all: 'red' },
          ],
        },
        warnings: [{ field: 'colour', message: 'Invalid search field for this query.', code: 'invalid_field' }],
      },
    ]);
    const clean = await t.gql('{ products(first: 5, query: "status:active") { nodes { id } } }');
    expect(clean.body.extensions).not.toHaveProperty('search');
  });

  it('applies query: on the count roots too', async () => {
    const res = await t.gql(
      '{ productVariantsCount(query: "sku:none-such") { count } customersCount(query: "email:nobody@example.com") { count } ordersCount(query: "name:#9999") { count } }',
    );
    expect(res.body.data).toEqual({
      productVariantsCount: { count: 0 },
      customersCount: { count: 0 },
      ordersCount: { count: 0 },
    });
    expect(res.body.extensions).not.toHaveProperty('search');
  });
});
