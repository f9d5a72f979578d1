import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LeakyBucket } from './leaky-bucket';
import { compareToCapture } from '../testing/capture-compare';
import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

// 2 + floor(2 ln 250) × (1 + 2 + floor(2 ln 10) × 1) = 2 + 11 × 7 = 79 points requested.
const QUERY = '{ products(first: 250) { nodes { id variants(first: 10) { nodes { id } } } } }';

describe('LeakyBucket', () => {
  it('takes, refuses, restores at restoreRate and refunds', () => {
    let now = 0;
    const bucket = new LeakyBucket({ maximumAvailable: 100, restoreRate: 10 }, () => now);
    expect(bucket.tryTake(60)).toBe(true);
    expect(bucket.tryTake(60)).toBe(false);
    expect(bucket.status().currentlyAvailable).toBe(40);
    now += 2000;
    expect(bucket.status().currentlyAvailable).toBe(60);
    expect(bucket.tryTake(60)).toBe(true);
    bucket.refund(25);
    expect(bucket.status().currentlyAvailable).toBe(25);
    now += 60_000;
    expect(bucket.status().currentlyAvailable).toBe(100);
  });
});

describe('cost-based throttling', () => {
  let t: TestShop;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 25 }, throttle: { maximumAvailable: 100, restoreRate: 400 } });
  });
  afterAll(() => t.close());

  it('reports extensions.cost on every response, requested >= actual', async () => {
    const res = await t.gql('{ products(first: 10) { nodes { id variants(first: 3) { nodes { id } } } } }');
    const cost = res.body.extensions!.cost;
    // Connections: 2 + floor(2·ln(size)) × (cost of one item); first: 10 -> ×4, first: 3 -> ×2.
    expect(cost.requestedQueryCost).toBe(2 + 4 * (1 + (2 + 2 * 1)));
    // each product has a single variant (×1): 2 + 4 * (1 + (2 + 1 * 1))
    expect(cost.actualQueryCost).toBe(2 + 4 * (1 + 3));
    expect(cost.throttleStatus).toEqual({
      maximumAvailable: 100,
      currentlyAvailable: expect.any(Number),
      restoreRate: 400,
    });
    const mutation = await t.gql(
      'mutation { productCreate(product: { title: "x" }) { product { id } userErrors { message } } }',
    );
    expect(mutation.body.extensions!.cost.requestedQueryCost).toBe(10);
  });

  it('costs a full single-product read (250 variants × 250 metafields + 10 media) a few hundred points', async () => {
    const id = dig(
      (await t.gql('{ products(first: 1) { nodes { id } } }')).body.data,
      'products',
      'nodes',
      0,
      'id',
    ) as string;
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 2000, restoreRate: 400 });
    const read = () =>
      t.gql(
        `query P($id: ID!) { product(id: $id) { id title variants(first: 250) { nodes { id sku metafields(first: 250) { nodes { id namespace key value } } media(first: 10) { nodes { id alt } } } } } }`,
        { id },
      );
    // The bucket refills from its earlier level (100) at 400/s: retry until 223 points are there.
    let res = await read();
    for (let i = 0; i < 100 && res.body.errors?.[0]?.extensions?.['code'] === 'THROTTLED'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      res = await read();
    }
    expect(res.body.errors).toBeUndefined();
    // product 1 + variants (2 + 11 × (1 + metafields (2 + 11 × 1) + media (2 + 4 × 1))) = 1 + 2 + 11 × 20
    expect(res.body.extensions!.cost.requestedQueryCost).toBe(223);
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 100, restoreRate: 400 });
  });

  it("answers a burst with THROTTLED as HTTP 200 in Shopify's body", async () => {
    // A slow restore rate keeps the burst over budget even on a loaded machine.
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 100, restoreRate: 10 });
    const results = await Promise.all(Array.from({ length: 12 }, () => t.gql(QUERY)));
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 100, restoreRate: 400 });
    const throttled = results.filter((r) => r.body.errors?.[0]?.extensions?.['code'] === 'THROTTLED');
    expect(throttled.length).toBeGreaterThan(0);
    expect(results.some((r) => r.body.data)).toBe(true);
    for (const r of throttled) expect(r.status).toBe(200);
    const sample = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'graphql', 'throttled_response.json'), 'utf8'),
    );
    // The sample comes from another shop's plan (1000 / 50) and another query (752 points): its
    // figures are replaced by ours; everything else, and actualQueryCost: null, must match.
    const ours = throttled[0]!.body.extensions!.cost;
    const expected = {
      ...sample,
      extensions: {
        cost: {
          ...sample.extensions.cost,
          requestedQueryCost: ours.requestedQueryCost,
          throttleStatus: { ...ours.throttleStatus },
        },
      },
    };
    expect(compareToCapture(expected, throttled[0]!.body)).toEqual([]);
    expect(throttled[0]!.body.extensions!.cost.actualQueryCost).toBeNull();
  });

  it('never throttles a client that paces itself from throttleStatus', async () => {
    await new Promise((r) => setTimeout(r, 300));
    let throttled = 0;
    let wait = 0;
    for (let i = 0; i < 25; i++) {
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const res = await t.gql(QUERY);
      if (res.body.errors?.[0]?.extensions?.['code'] === 'THROTTLED') throttled++;
      const { requestedQueryCost, throttleStatus } = res.body.extensions!.cost;
      const deficit = requestedQueryCost - throttleStatus.currentlyAvailable;
      wait = deficit > 0 ? Math.ceil((deficit / throttleStatus.restoreRate) * 1000) + 5 : 0;
    }
    expect(throttled).toBe(0);
  });

  it('rejects a single query above 1000 points with MAX_COST_EXCEEDED', async () => {
    // 2 + 11 × (1 + 2 + 11 × (1 + 2 + 11 × 1)) = 1729
    const res = await t.gql(
      '{ products(first: 250) { nodes { id variants(first: 250) { nodes { id metafields(first: 250) { nodes { id } } } } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maxCost: 1000, cost: 1729 });
    expect(res.body.errors?.[0]?.message).toMatch(
      /^Query cost is \d+, which exceeds the single query max cost limit \(1000\)/,
    );
    expect(res.body.data).toBeUndefined();
  });

  it('applies throttle settings changed through the control API', async () => {
    const res = await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 10, restoreRate: 1 });
    expect(res.status).toBe(200);
    const q = await t.gql(QUERY);
    expect(q.body.errors?.[0]?.extensions?.['code']).toBe('THROTTLED');
    expect(q.body.extensions!.cost.throttleStatus).toMatchObject({ maximumAvailable: 10, restoreRate: 1 });
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 2000, restoreRate: 100 });
  });
});
