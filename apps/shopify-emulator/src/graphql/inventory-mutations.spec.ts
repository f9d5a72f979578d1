import { dig, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

const SET = `mutation S($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { field message code }
  }
}`;
const ADJUST = SET.replace('InventorySetQuantitiesInput', 'InventoryAdjustQuantitiesInput').replace(
  'inventorySetQuantities(',
  'inventoryAdjustQuantities(',
);

describe('2026-04 inventory mutations', () => {
  let t: TestShop;
  let rx: Receiver;
  let item: string;
  let location: string;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 1 } });
    rx = await startReceiver();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topics: ['inventory_levels/update', 'products/update'],
      uri: rx.url,
    });
    const res = await t.gql(
      '{ inventoryItems(first: 1) { nodes { id inventoryLevels(first: 1) { nodes { location { id } quantities(names: ["available"]) { quantity } } } } } }',
    );
    item = dig(res.body.data, 'inventoryItems', 'nodes', 0, 'id') as string;
    location = dig(
      res.body.data,
      'inventoryItems',
      'nodes',
      0,
      'inventoryLevels',
      'nodes',
      0,
      'location',
      'id',
    ) as string;
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  const available = async (): Promise<number> => {
    const res = await t.gql(
      'query Q($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 1) { nodes { quantities(names: ["available"]) { quantity } } } } }',
      { id: item },
    );
    return dig(res.body.data, 'inventoryItem', 'inventoryLevels', 'nodes', 0, 'quantities', 0, 'quantity') as number;
  };
  const setInput = (quantity: number, changeFromQuantity: number | null) => ({
    name: 'available',
    reason: 'correction',
    quantities: [{ inventoryItemId: item, locationId: location, quantity, changeFromQuantity }],
  });

  it('compare-and-swaps on changeFromQuantity and emits inventory_levels/update', async () => {
    const start = await available();
    const ok = await t.gql(SET, { input: setInput(start + 5, start), key: 'cas-1' });
    expect(dig(ok.body.data, 'inventorySetQuantities', 'inventoryAdjustmentGroup', 'changes')).toEqual([
      { name: 'available', delta: 5 },
      { name: 'on_hand', delta: 5 },
    ]);
    await rx.waitFor((all) =>
      all.some((h) => h.topic === 'inventory_levels/update' && h.raw.includes(`"available":${start + 5}`)),
    );
    expect(rx.received.filter((h) => h.topic === 'products/update')).toHaveLength(0);
    const stale = await t.gql(SET, { input: setInput(1, start), key: 'cas-2' });
    expect(dig(stale.body.data, 'inventorySetQuantities')).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ['input', 'quantities', '0', 'changeFromQuantity'],
          message: 'The changeFromQuantity argument no longer matches the persisted quantity.',
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ],
    });
    expect(await available()).toBe(start + 5);
    const skip = await t.gql(SET, { input: setInput(3, null), key: 'cas-3' });
    expect(dig(skip.body.data, 'inventorySetQuantities', 'userErrors')).toEqual([]);
    expect(await available()).toBe(3);
    const adjust = await t.gql(ADJUST, {
      input: {
        name: 'available',
        reason: 'correction',
        changes: [{ inventoryItemId: item, locationId: location, delta: -2, changeFromQuantity: 3 }],
      },
      key: 'adj-1',
    });
    expect(dig(adjust.body.data, 'inventoryAdjustQuantities', 'userErrors')).toEqual([]);
    expect(await available()).toBe(1);
  });

  it('replays a reused key with the same input and rejects it with different input', async () => {
    const before = await available();
    const first = await t.gql(SET, { input: setInput(before + 1, before), key: 'idem-1' });
    const again = await t.gql(SET, { input: setInput(before + 1, before), key: 'idem-1' });
    expect(again.body.data).toEqual(first.body.data);
    expect(await available()).toBe(before + 1);
    const other = await t.gql(SET, { input: setInput(before + 2, before + 1), key: 'idem-1' });
    expect(dig(other.body.data, 'inventorySetQuantities', 'userErrors', 0, 'code')).toBe(
      'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
    );
  });

  it('reports IDEMPOTENCY_CONCURRENT_REQUEST while the same key is in flight', async () => {
    await t.control('PUT', `/_emulator/shops/${t.shop}/faults`, { latencyMs: 150 });
    const before = await available();
    const [a, b] = await Promise.all([
      t.gql(SET, { input: setInput(before + 1, before), key: 'conc-1' }),
      new Promise((r) => setTimeout(r, 60)).then(() =>
        t.gql(SET, { input: setInput(before + 1, before), key: 'conc-1' }),
      ),
    ]);
    await t.control('DELETE', `/_emulator/shops/${t.shop}/faults`);
    expect(dig(a.body.data, 'inventorySetQuantities', 'userErrors')).toEqual([]);
    expect(dig(b.body.data, 'inventorySetQuantities', 'userErrors', 0, 'code')).toBe('IDEMPOTENCY_CONCURRENT_REQUEST');
  });

  it('requires the directive in 2026-04 but not in 2026-01', async () => {
    const noDirective = SET.replace(' @idempotent(key: $key)', '').replace(', $key: String!', '');
    const res = await t.gql(noDirective, { input: setInput(1, null) });
    expect(res.body.errors?.[0]).toMatchObject({
      message: 'The @idempotent directive is required for this mutation but was not provided.',
      extensions: { code: 'BAD_REQUEST' },
      path: ['inventorySetQuantities'],
    });
    const old = await fetch(t.graphqlUrl.replace('2026-04', '2026-01'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': t.token },
      body: JSON.stringify({ query: noDirective, variables: { input: setInput(1, null) } }),
    });
    const body = (await old.json()) as { data: unknown };
    expect(dig(body.data, 'inventorySetQuantities', 'userErrors')).toEqual([]);
  });
});
