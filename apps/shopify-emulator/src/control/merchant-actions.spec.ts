import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../index';
import { dig, SHOP_TOPICS, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

const ALL_TOPICS = SHOP_TOPICS;

describe('merchant actions send exactly the webhooks Shopify would', () => {
  let t: TestShop;
  let rx: Receiver;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 3, variantsPerProduct: 2, customers: 2, seed: 5 } });
    rx = await startReceiver();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topics: ALL_TOPICS,
      uri: rx.url,
    });
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  async function topicsOf(action: () => Promise<unknown>): Promise<string[]> {
    const before = rx.received.length;
    await action();
    await t.control('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: 5000 });
    return rx.received
      .slice(before)
      .map((h) => h.topic)
      .sort();
  }

  it('maps each admin action to its topics', async () => {
    const state = await t.control<{
      products: Array<{ admin_graphql_api_id: string; variants: Array<{ admin_graphql_api_id: string }> }>;
      customers: Array<{ admin_graphql_api_id: string }>;
    }>('GET', `/_emulator/shops/${t.shop}/state`);
    const product = state.body.products[0]!;
    const variantId = product.variants[0]!.admin_graphql_api_id;
    const m = (p: string, body: unknown) => t.control('POST', `/_emulator/shops/${t.shop}/merchant/${p}`, body);
    expect(
      await topicsOf(() => m('products/update', { productId: product.admin_graphql_api_id, title: 'Edited' })),
    ).toEqual(['products/update']);
    expect(await topicsOf(() => m('variants/update', { variantId, price: '9.99' }))).toEqual(['products/update']);
    expect(await topicsOf(() => m('inventory/set', { variantId, available: 40 }))).toEqual(['inventory_levels/update']);
    let orderId = '';
    expect(
      await topicsOf(async () => {
        const res = await m('orders', {
          lineItems: [
            { variantId, quantity: 2 },
            { variantId: product.variants[1]!.admin_graphql_api_id, quantity: 1 },
          ],
          customerId: state.body.customers[0]!.admin_graphql_api_id,
        });
        orderId = (res.body as { orderId: string }).orderId;
      }),
    ).toEqual(['inventory_levels/update', 'inventory_levels/update', 'orders/create']);
    expect(await topicsOf(() => m('orders/cancel', { orderId, restock: true }))).toEqual([
      'inventory_levels/update',
      'inventory_levels/update',
      'orders/cancelled',
      'orders/updated',
    ]);
    expect(
      await topicsOf(() =>
        m('customers/update', { customerId: state.body.customers[0]!.admin_graphql_api_id, note: 'vip' }),
      ),
    ).toEqual(['customers/update']);
    expect(await topicsOf(() => m('products', { title: 'Brand new' }))).toEqual(['products/create']);
    expect(await topicsOf(() => m('products/delete', { productId: product.admin_graphql_api_id }))).toEqual([
      'products/delete',
    ]);
    expect(await topicsOf(() => m('locations', { name: 'Annex' }))).toEqual(['locations/create']);

    const after = await t.gql('query V($id: ID!) { productVariant(id: $id) { id } }', { id: variantId });
    expect(dig(after.body.data, 'productVariant')).toBeNull();
    const levels = rx.received
      .filter((h) => h.topic === 'inventory_levels/update')
      .map((h) => JSON.parse(h.raw).available as number);
    // set to 40, then the order took 2 of that variant, then the cancel restocked them
    expect(levels.slice(0, 2)).toEqual([40, 38]);
  });

  it('returns 400/404 for bad control input', async () => {
    expect(
      (await t.control('POST', `/_emulator/shops/${t.shop}/merchant/products/update`, { productId: 'nope' })).status,
    ).toBe(400);
    expect(
      (await t.control('POST', `/_emulator/shops/${t.shop}/merchant/products/update`, { productId: '1' })).status,
    ).toBe(404);
    expect((await t.control('POST', '/_emulator/shops/unknown-shop/merchant/products', {})).status).toBe(404);
  });
});

describe('seeding and snapshots', () => {
  it('seeds deterministically for a given seed', async () => {
    const t = await startTestShop();
    try {
      const read = async (name: string) => {
        await t.control('POST', '/_emulator/shops', {
          name,
          seed: { products: 20, variantsPerProduct: 3, locations: 2, customers: 5, orders: 5, seed: 9 },
        });
        const s = await t.control<{ products: Array<Record<string, unknown>>; counts: Record<string, number> }>(
          'GET',
          `/_emulator/shops/${name}/state?include=products`,
        );
        return {
          counts: s.body.counts,
          products: s.body.products.map((p) => ({
            title: p['title'],
            vendor: p['vendor'],
            variants: (p['variants'] as Array<Record<string, unknown>>).map((v) => [
              v['sku'],
              v['price'],
              v['inventory_quantity'],
            ]),
          })),
        };
      };
      const a = await read('seed-a');
      const b = await read('seed-b');
      expect(a).toEqual(b);
      expect(a.counts).toMatchObject({ products: 20, variants: 60, locations: 2, customers: 5, orders: 5 });
    } finally {
      await t.close();
    }
  });

  it('survives a restart through the snapshot file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'emu-snap-'));
    const file = path.join(dir, 'snapshot.json');
    try {
      const first = await startEmulator({ snapshotFile: file });
      const post = (url: string, p: string, body: unknown) =>
        fetch(`${url}${p}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      await post(first.url, '/_emulator/apps', { clientId: 'snap', clientSecret: 's' });
      const shop = await post(first.url, '/_emulator/shops', {
        name: 'demo',
        install: 'snap',
        seed: { products: 10, variantsPerProduct: 2 },
      });
      const token = (shop['accessTokens'] as Record<string, string>)['snap']!;
      await first.close();
      const second = await startEmulator({ snapshotFile: file });
      const res = await fetch(`${second.url}/shops/demo.myshopify.com/admin/api/2026-04/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({
          query: '{ products(first: 50) { nodes { id variants(first: 5) { nodes { sku } } } } }',
        }),
      });
      const body = (await res.json()) as { data: unknown };
      expect(dig(body.data, 'products', 'nodes', 'length')).toBe(10);
      expect(dig(body.data, 'products', 'nodes', 9, 'variants', 'nodes', 1, 'sku')).toBe('SKU-10-2');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
