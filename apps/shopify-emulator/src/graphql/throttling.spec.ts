import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LeakyBucket } from './leaky-bucket';
import { compareToCapture } from '../testing/capture-compare';
import { startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

const QUERY = '{ products(first: 20) { nodes { id title } } }';

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
    expect(cost.requestedQueryCost).toBe(2 + 10 * (1 + 2 + 3));
    // each product has a single variant: 2 + 10 * (1 + 2 + 1)
    expect(cost.actualQueryCost).toBe(2 + 10 * 4);
    expect(cost.throttleStatus).toEqual({ maximumAvailable: 100, currentlyAvailable: expect.any(Number), restoreRate: 400 });
    const mutation = await t.gql('mutation { productCreate(product: { title: "x" }) { product { id } userErrors { message } } }');
    expect(mutation.body.extensions!.cost.requestedQueryCost).toBe(10);
  });

  it('answers a burst with THROTTLED as HTTP 200 in Shopify\'s body', async () => {
    // A slow restore rate keeps the burst over budget even on a loaded machine.
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 100, restoreRate: 10 });
    const results = await Promise.all(Array.from({ length: 12 }, () => t.gql(QUERY)));
    await t.control('PUT', `/_emulator/shops/${t.shop}/throttle`, { maximumAvailable: 100, restoreRate: 400 });
    const throttled = results.filter((r) => r.body.errors?.[0]?.extensions?.['code'] === 'THROTTLED');
    expect(throttled.length).toBeGreaterThan(0);
    expect(results.some((r) => r.body.data)).toBe(true);
    for (const r of throttled) expect(r.status).toBe(200);
    const sample = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'test', 'fixtures', 'graphql', 'throttled_response.json'), 'utf8'));
    expect(compareToCapture(sample, throttled[0]!.body)).toEqual([]);
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
    const res = await t.gql('{ products(first: 250) { nodes { id variants(first: 250) { nodes { id } } } } }');
    expect(res.status).toBe(200);
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maxCost: 1000 });
    expect(res.body.errors?.[0]?.message).toMatch(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)/);
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
