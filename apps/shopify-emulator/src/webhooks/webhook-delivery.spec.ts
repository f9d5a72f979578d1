import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dig, SHOP_TOPICS, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, ReceivedWebhook, TestShop } from '../testing/test-harness';
import { RETRY_DELAYS_MS } from './webhook-delivery.service';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'webhooks');

/** A receiver's verification using nothing but node:crypto and the documented scheme. */
function verify(hook: ReceivedWebhook, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(Buffer.from(hook.raw, 'utf8')).digest('base64'));
  const given = Buffer.from(String(hook.headers['x-shopify-hmac-sha256'] ?? ''));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Compares key sets recursively: objects present on both sides, first elements of non-empty arrays. */
function keyDiff(sample: unknown, actual: unknown, at = '$'): string[] {
  if (Array.isArray(sample) && Array.isArray(actual)) {
    return sample.length > 0 && actual.length > 0 ? keyDiff(sample[0], actual[0], `${at}[0]`) : [];
  }
  if (sample && actual && typeof sample === 'object' && typeof actual === 'object') {
    const a = Object.keys(sample).sort();
    const b = Object.keys(actual).sort();
    const out: string[] = [];
    for (const k of a) if (!b.includes(k)) out.push(`${at}.${k} missing`);
    for (const k of b) if (!a.includes(k)) out.push(`${at}.${k} unexpected`);
    for (const k of a)
      if (b.includes(k))
        out.push(
          ...keyDiff((sample as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k], `${at}.${k}`),
        );
    return out;
  }
  return [];
}

const TOPICS = [...SHOP_TOPICS, 'bulk_operations/finish', 'app/uninstalled'];

describe('webhook payloads and signatures', () => {
  let t: TestShop;
  let rx: Receiver;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 2, variantsPerProduct: 2, customers: 1 } });
    rx = await startReceiver();
    const res = await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topics: TOPICS,
      uri: rx.url,
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  it('sends every topic with the sample key set, valid signatures, headers and lossless ids', async () => {
    const created = await t.gql(
      'mutation { productCreate(product: { title: "Hook & Test" }) { product { id variants(first: 1) { nodes { id inventoryItem { id } } } } } }',
    );
    const productId = dig(created.body.data, 'productCreate', 'product', 'id') as string;
    const variantId = dig(created.body.data, 'productCreate', 'product', 'variants', 'nodes', 0, 'id') as string;
    await t.gql(
      'mutation U($id: ID!) { productUpdate(product: { id: $id, title: "Hook & Test 2" }) { userErrors { message } } }',
      { id: productId },
    );
    await t.gql(
      'mutation V($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }',
      {
        p: productId,
        v: [{ id: variantId, inventoryItem: { tracked: true } }],
      },
    );
    await t.control('POST', `/_emulator/shops/${t.shop}/merchant/inventory/set`, { variantId, available: 7 });
    const order = await t.control<{ orderId: string }>('POST', `/_emulator/shops/${t.shop}/merchant/orders`, {
      lineItems: [{ variantId, quantity: 2 }],
    });
    await t.gql('mutation O($id: ID!) { orderUpdate(input: { id: $id, note: "hi" }) { userErrors { message } } }', {
      id: order.body.orderId,
    });
    await t.control('POST', `/_emulator/shops/${t.shop}/merchant/orders/cancel`, {
      orderId: order.body.orderId,
      restock: true,
    });
    const customer = await t.gql(
      'mutation { customerCreate(input: { email: "x@example.com", firstName: "X", addresses: [{ address1: "1 Rd", city: "Ottawa", countryCode: CA }] }) { customer { id } } }',
    );
    await t.gql('mutation C($id: ID!) { customerUpdate(input: { id: $id, note: "vip" }) { userErrors { message } } }', {
      id: dig(customer.body.data, 'customerCreate', 'customer', 'id'),
    });
    const loc = await t.gql(
      'mutation { locationAdd(input: { name: "Depot", address: { countryCode: US, city: "Boston" } }) { location { id } } }',
    );
    await t.control('POST', `/_emulator/shops/${t.shop}/merchant/locations/update`, {
      locationId: dig(loc.body.data, 'locationAdd', 'location', 'id'),
      name: 'Depot 2',
    });
    await t.gql(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    await rx.waitFor((all) => all.some((h) => h.topic === 'bulk_operations/finish'));
    await t.gql('mutation D($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }', { id: productId });
    await rx.waitFor((all) => all.some((h) => h.topic === 'products/delete'));
    await t.control('POST', `/_emulator/shops/${t.shop}/uninstall`, { clientId: t.clientId });
    await rx.waitFor((all) => TOPICS.every((topic) => all.some((h) => h.topic === topic)));

    for (const topic of TOPICS) {
      const hook = rx.received.find((h) => h.topic === topic)!;
      const sample: unknown = JSON.parse(readFileSync(path.join(FIXTURES, `${topic}.json`), 'utf8'));
      expect({ topic, diff: keyDiff(sample, JSON.parse(hook.raw)) }).toEqual({ topic, diff: [] });
      expect(verify(hook, t.clientSecret)).toBe(true);
      expect(verify(hook, 'wrong-secret')).toBe(false);
      expect(hook.headers['x-shopify-shop-domain']).toBe(t.shop);
      expect(hook.headers['x-shopify-api-version']).toBe('2026-04');
      expect(hook.headers['user-agent']).toBe('Shopify-Captain-Hook');
      expect(hook.headers['content-type']).toBe('application/json');
      expect(hook.headers['x-shopify-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(hook.headers['x-shopify-event-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(String(hook.headers['x-shopify-triggered-at'])))).toBe(false);
    }
    const productHook = rx.received.find((h) => h.topic === 'products/update')!;
    // ids are bare 64-bit integer literals, slashes and ampersands escaped like Shopify's JSON
    expect(productHook.raw).toMatch(/"id":\d{18}[,}]/);
    expect(productHook.raw).toContain('"admin_graphql_api_id":"gid:\\/\\/shopify\\/Product\\/');
    expect(productHook.raw).toContain('Hook \\u0026 Test 2');
    const level = rx.received.find((h) => h.topic === 'inventory_levels/update')!;
    expect(level.raw).toMatch(/"available":7/);
  });
});

describe('webhook delivery policy', () => {
  let t: TestShop;
  let rx: Receiver;

  beforeEach(async () => {
    t = await startTestShop({ seed: { products: 1 } });
    rx = await startReceiver();
  });
  afterEach(async () => {
    await t.close();
    await rx.close();
  });

  async function subscribeViaApi(topic = 'PRODUCTS_UPDATE'): Promise<string> {
    const res = await t.gql(
      'mutation S($topic: WebhookSubscriptionTopic!, $uri: String!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri }) { webhookSubscription { id } userErrors { field message } } }',
      { topic, uri: rx.url },
    );
    expect(dig(res.body.data, 'webhookSubscriptionCreate', 'userErrors')).toEqual([]);
    return dig(res.body.data, 'webhookSubscriptionCreate', 'webhookSubscription', 'id') as string;
  }

  async function touchProduct(title: string): Promise<void> {
    const p = await t.gql('{ products(first: 1) { nodes { id } } }');
    const res = await t.control('POST', `/_emulator/shops/${t.shop}/merchant/products/update`, {
      productId: dig(p.body.data, 'products', 'nodes', 0, 'id'),
      title,
    });
    expect(res.status).toBe(200);
  }

  const deliveries = async () =>
    (await t.control<Array<Record<string, unknown>>>('GET', `/_emulator/shops/${t.shop}/deliveries`)).body;
  const waitIdle = () => t.control('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: 10_000 });

  it('spreads 8 retries over 4 hours exponentially', () => {
    expect(RETRY_DELAYS_MS).toHaveLength(8);
    expect(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeCloseTo(4 * 3600 * 1000, 3);
    for (let i = 1; i < RETRY_DELAYS_MS.length; i++)
      expect(RETRY_DELAYS_MS[i]).toBeCloseTo(RETRY_DELAYS_MS[i - 1]! * 2, 6);
  });

  it('retries failures with the same webhook id and stops at the first 2xx', async () => {
    await subscribeViaApi();
    rx.respond = (n) => (n <= 2 ? 500 : n === 3 ? 302 : 200);
    await touchProduct('retry me');
    await waitIdle();
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((h) => h.headers['x-shopify-webhook-id'])).size).toBe(1);
    expect(new Set(rx.received.map((h) => h.raw)).size).toBe(1);
    const [d] = await deliveries();
    expect(d!['status']).toBe('delivered');
    expect((d!['attempts'] as Array<{ statusCode: number }>).map((a) => a.statusCode)).toEqual([500, 500, 302, 200]);
  });

  it('deletes an API subscription after its retries are exhausted but keeps config ones', async () => {
    const apiSub = await subscribeViaApi();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topic: 'products/update',
      uri: `${rx.url}?config`,
    });
    rx.respond = 503;
    await touchProduct('fail forever');
    await waitIdle();
    const list = await deliveries();
    expect(list).toHaveLength(2);
    for (const d of list) {
      expect(d['status']).toBe('failed');
      expect(d['attempts']).toHaveLength(9);
    }
    const subs = await t.gql('{ webhookSubscriptions(first: 10) { nodes { id } } }');
    expect(dig(subs.body.data, 'webhookSubscriptions', 'nodes')).toEqual([]);
    const all = await t.control<Array<{ id: string; source: string }>>('GET', `/_emulator/shops/${t.shop}/webhooks`);
    expect(all.body.map((s) => s.source)).toEqual(['config']);
    expect(all.body.some((s) => s.id === apiSub)).toBe(false);
  });

  it('shares X-Shopify-Event-Id across subscriptions of one event', async () => {
    await subscribeViaApi();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topic: 'products/update',
      uri: `${rx.url}?second`,
    });
    await touchProduct('two subs');
    await rx.waitFor((all) => all.length === 2);
    const [a, b] = rx.received;
    expect(a!.headers['x-shopify-event-id']).toBe(b!.headers['x-shopify-event-id']);
    expect(a!.headers['x-shopify-webhook-id']).not.toBe(b!.headers['x-shopify-webhook-id']);
  });

  it('times out slow receivers (total timeout) and counts it as a failure', async () => {
    await t.close();
    t = await startTestShop({ seed: { products: 1 }, webhookTimeoutMs: 100 });
    await subscribeViaApi();
    const slow = await import('node:http');
    let hits = 0;
    const server = slow.createServer((_req, res) => {
      hits++;
      if (hits === 1) setTimeout(() => res.writeHead(200).end(), 400);
      else res.writeHead(200).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topic: 'products/update',
      uri: `http://127.0.0.1:${port}/slow`,
    });
    await touchProduct('slow');
    await waitIdle();
    const slowDelivery = (await deliveries()).find((d) => String(d['uri']).endsWith('/slow'))!;
    const attempts = slowDelivery['attempts'] as Array<{ error: string | null }>;
    expect(attempts[0]!.error).toMatch(/timeout after 100 ms/);
    expect(slowDelivery['status']).toBe('delivered');
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
