import { loadConfig } from '@retailos/server/core';
import {
  ShopifyApiError,
  ShopifyBudget,
  ShopifyGraphql,
  ShopifyOperations,
  ShopifySettings,
  ShopifyUnauthorizedError,
} from '@retailos/server/sync';
import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';

// The Admin API client against the emulator with its throttling and error faults on: two client copies (two
// workers) share one Redis budget per shop and never send what the bucket cannot pay for.
describe('Shopify Admin API client', () => {
  let shopify: RunningEmulator;
  const clientId = `client-${randomBytes(4).toString('hex')}`;
  const budgets: ShopifyBudget[] = [];

  const control = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${shopify.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };

  const newShop = async (throttle?: {
    maximumAvailable: number;
    restoreRate: number;
  }): Promise<{ shop: string; token: string }> => {
    const name = `client-${randomBytes(5).toString('hex')}`;
    // Ten locations, so that a page of 10 really costs its 12 points (no refund of unused requested cost).
    const created = await control('POST', '/shops', {
      name,
      install: clientId,
      throttle,
      seed: { locations: 10, seed: 1 },
    });
    return {
      shop: created['domain'] as string,
      token: (created['accessTokens'] as Record<string, string>)[clientId] as string,
    };
  };

  /** One client copy, as a worker process would build it (its own Redis connection, the shared prefix). */
  const copy = (env: Record<string, string> = {}): ShopifyGraphql => {
    const config = loadConfig({
      ...process.env,
      SHOPIFY_BASE_URL: `${shopify.url}/shops/{shop}`,
      SHOPIFY_RETRY_BASE_MS: '20',
      ...env,
    });
    const budget = new ShopifyBudget(config);
    budgets.push(budget);
    return new ShopifyGraphql(new ShopifySettings(config), budget);
  };

  beforeAll(async () => {
    shopify = await startEmulator({ port: 0, timeScale: 0.01 });
    await control('POST', '/apps', { clientId, clientSecret: randomBytes(16).toString('hex') });
  });

  afterAll(async () => {
    await Promise.all(budgets.map((b) => b.onModuleDestroy()));
    await shopify.close();
  });

  it('paces two copies on a small bucket: every call answered, none THROTTLED, while an unpaced client is', async () => {
    const { shop, token } = await newShop({ maximumAvailable: 60, restoreRate: 40 });
    const [a, b] = [copy(), copy()];
    // Each page costs 2 + 10 x 1 = 12 points: 2 x 8 calls = 192 points through a 60-point bucket.
    const run = async (client: ShopifyGraphql): Promise<number> => {
      let ok = 0;
      for (let i = 0; i < 8; i++) {
        const data = await client.request(shop, token, ShopifyOperations.LOCATIONS_PAGE, { first: 10 });
        if (data.locations.edges.length === 10) ok++;
      }
      return ok;
    };
    const [okA, okB] = await Promise.all([run(a), run(b)]);
    expect(okA + okB).toBe(16);
    expect(a.stats.throttled + b.stats.throttled).toBe(0);

    // The same load without pacing: the emulator answers THROTTLED (HTTP 200), so the fault is really on.
    const raw = await Promise.all(
      Array.from({ length: 12 }, () =>
        fetch(`${shopify.url}/shops/${shop}/admin/api/2026-04/graphql.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
          body: JSON.stringify({ query: ShopifyOperations.LOCATIONS_PAGE, variables: { first: 10 } }),
        }).then(async (r) => ({ status: r.status, text: await r.text() })),
      ),
    );
    expect(raw.every((r) => r.status === 200)).toBe(true);
    expect(raw.filter((r) => r.text.includes('"THROTTLED"')).length).toBeGreaterThan(0);
  });

  it('recovers from a THROTTLED answer when another app drained the bucket', async () => {
    const { shop, token } = await newShop({ maximumAvailable: 40, restoreRate: 1 });
    const client = copy();
    await client.request(shop, token, ShopifyOperations.LOCATIONS_PAGE, { first: 10 });
    // Someone else (not sharing our budget) spends the bucket below what one more page costs: our mirror is stale,
    // so Shopify (not our pacing) will say THROTTLED. The cost comes from the answer, not from an assumption.
    for (let available = 40, cost = 0; available >= cost;) {
      const res = await fetch(`${shopify.url}/shops/${shop}/admin/api/2026-04/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
        body: JSON.stringify({ query: ShopifyOperations.LOCATIONS_PAGE, variables: { first: 10 } }),
      });
      const body = (await res.json()) as {
        extensions: { cost: { requestedQueryCost: number; throttleStatus: { currentlyAvailable: number } } };
      };
      available = body.extensions.cost.throttleStatus.currentlyAvailable;
      cost = body.extensions.cost.requestedQueryCost;
    }
    const data = await client.request(shop, token, ShopifyOperations.LOCATIONS_PAGE, { first: 10 });
    expect(data.locations.edges.length).toBeGreaterThan(0);
    expect(client.stats.throttled).toBeGreaterThanOrEqual(1);
  });

  it('retries 5xx answers with backoff until they succeed (graphqlErrorRate fault)', async () => {
    const { shop, token } = await newShop();
    await control('PUT', `/shops/${shop}/faults`, { graphqlErrorRate: 0.5, seed: 7 });
    const client = copy({ SHOPIFY_MAX_ATTEMPTS: '12' });
    for (let i = 0; i < 10; i++) {
      const data = await client.request(shop, token, ShopifyOperations.SHOP_INFO);
      expect(data.shop.myshopifyDomain).toBe(shop);
    }
    expect(client.stats.retries).toBeGreaterThan(0);
  });

  it('gives up after SHOPIFY_MAX_ATTEMPTS during an outage, with a coded error and no token in it', async () => {
    const { shop, token } = await newShop();
    await control('PUT', `/shops/${shop}/faults`, { outage: true });
    const client = copy({ SHOPIFY_MAX_ATTEMPTS: '3' });
    const err = await client.request(shop, token, ShopifyOperations.SHOP_INFO).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ShopifyApiError);
    expect((err as ShopifyApiError).code).toBe('shopify_unavailable');
    expect(client.stats.requests).toBe(3);
    expect(JSON.stringify({ message: (err as Error).message, ext: (err as ShopifyApiError).extensions })).not.toContain(
      token,
    );
  });

  it('does not retry a refused token', async () => {
    const { shop } = await newShop();
    const client = copy();
    const badToken = `shpat_${randomBytes(16).toString('hex')}`;
    const err = await client.request(shop, badToken, ShopifyOperations.SHOP_INFO).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ShopifyUnauthorizedError);
    expect(client.stats.requests).toBe(1);
    expect((err as Error).message).not.toContain(badToken);
  });
});
