import { freePort, startApi } from './lib/spawn-api';
// autocannon ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
  done: (
    err: Error | null,
    result?: {
      requests: { average: number };
      latency: { p50: number; p99: number };
      non2xx: number;
      errors: number;
      timeouts: number;
    },
  ) => void,
) => unknown;
import { api, appendReport, benchEnv, flag, percentile, prepareWorkspace, table } from './lib/commerce';
import { runBench } from './lib/cli';

/**
 * Order creation on distinct SKUs: (1) sustained orders/s with a closed loop of concurrent clients, (2) latency at a
 * fixed 200 orders/s (open loop: requests start on schedule whatever the answers do), next to (3) the baseline: an
 * authenticated read (GET /api/locations?limit=1) at the same rate, same run, same api process.
 *
 *   node tools/dev/run.mjs tools/bench/order-throughput.bench.ts [--skus 200] [--concurrency 32] [--seconds 10] [--rate 200]
 */
async function openLoop(
  rate: number,
  seconds: number,
  fire: (i: number) => Promise<{ status: number; ms: number }>,
): Promise<{ latencies: number[]; bad: number }> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let bad = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      fire(i).then((res) => {
        // Latency counts from the scheduled start, so a stalled server cannot hide queueing (coordinated omission).
        latencies.push(performance.now() - due);
        if (res.status >= 300) bad++;
      }),
    );
  }
  await Promise.all(inFlight);
  return { latencies, bad };
}

async function main(): Promise<void> {
  const skuCount = flag('skus', 200);
  const concurrency = flag('concurrency', 32);
  const seconds = flag('seconds', 10);
  const rate = flag('rate', 200);
  const env = benchEnv();
  const { key } = prepareWorkspace(env, 'order-throughput');
  const server = await startApi(env, await freePort());
  try {
    const c = api(server.url, key);
    const loc = (await c.must('POST', '/api/locations', { name: 'Store' }))['id'] as string;
    const stamp = Date.now().toString(36).toUpperCase();
    const skus: string[] = [];
    for (let p = 0; p < skuCount / 20; p++) {
      const variants = Array.from({ length: 20 }, (_, i) => ({ sku: `TP-${stamp}-${p * 20 + i}`, price: 500 + i }));
      await c.must('POST', '/api/products', { title: `Throughput ${p}`, variants });
      skus.push(...variants.map((v) => v.sku));
    }
    for (const sku of skus)
      await c.must('POST', '/api/inventory/adjustments', { sku, locationId: loc, set: 1_000_000, reason: 'received' });
    let n = 0;
    const order = (i: number) =>
      c.post('/api/orders', {
        channel: i % 2 ? 'online' : 'pos',
        locationId: loc,
        lines: [
          { sku: skus[i % skus.length], quantity: 1 },
          { sku: skus[(i * 7 + 3) % skus.length], quantity: 2 },
        ],
      });
    // Warm-up: JIT, pools, caches.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let k = 0; k < 40; k++) await order(n++);
      }),
    );

    // 1. Sustained throughput, closed loop, driven by autocannon (little client CPU on a 2-core host).
    let next = 0;
    const closed = await new Promise<{ rps: number; p50: number; p99: number; bad: number }>((resolve, reject) => {
      autocannon(
        {
          url: server.url,
          connections: concurrency,
          duration: seconds,
          requests: [
            {
              method: 'POST',
              path: '/api/orders',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              setupRequest: (req: Record<string, unknown>) => {
                const i = next++;
                return {
                  ...req,
                  body: JSON.stringify({
                    channel: i % 2 ? 'online' : 'pos',
                    locationId: loc,
                    lines: [
                      { sku: skus[i % skus.length], quantity: 1 },
                      { sku: skus[(i * 7 + 3) % skus.length], quantity: 2 },
                    ],
                  }),
                };
              },
            },
          ],
        },
        (err, result) => {
          if (err || !result) return reject(err ?? new Error('no result'));
          resolve({
            rps: result.requests.average,
            p50: result.latency.p50,
            p99: result.latency.p99,
            bad: result.non2xx + result.errors + result.timeouts,
          });
        },
      );
    });
    const sustained = closed.rps;

    // 2. and 3. Fixed rate: the baseline read, then orders.
    const baseline = await openLoop(rate, seconds, () => c.get('/api/locations?limit=1'));
    const fixed = await openLoop(rate, seconds, (i) => order(n + next + i));

    const rows: (string | number)[][] = [
      [
        `POST /api/orders, closed loop x${concurrency} (autocannon)`,
        Math.round(sustained),
        closed.p50,
        closed.p99,
        closed.bad,
      ],
      [
        `GET /api/locations?limit=1 at ${rate}/s (baseline)`,
        rate,
        percentile(baseline.latencies, 50),
        percentile(baseline.latencies, 99),
        baseline.bad,
      ],
      [
        `POST /api/orders at ${rate}/s`,
        rate,
        percentile(fixed.latencies, 50),
        percentile(fixed.latencies, 99),
        fixed.bad,
      ],
    ];
    const p99 = percentile(fixed.latencies, 99);
    const body =
      `${table(['load', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx'], rows)}\n\n` +
      `Orders of 2 lines on ${skus.length} distinct SKUs (3 units each). p99 at ${rate} orders/s: **${p99} ms** (target < 50 ms); ` +
      `sustained: **${Math.round(sustained)} orders/s**.\n`;
    process.stdout.write(`${body}\n`);
    appendReport(
      'Order creation on distinct SKUs',
      `node tools/dev/run.mjs tools/bench/order-throughput.bench.ts --skus ${skuCount} --concurrency ${concurrency} --seconds ${seconds} --rate ${rate}`,
      body,
    );
  } finally {
    await server.stop();
  }
}

runBench(main);
