import { Pool } from 'pg';
import { freePort, startApi } from './lib/spawn-api';
import {
  api,
  appendReport,
  BENCH_DATABASE_URL,
  benchEnv,
  flag,
  percentile,
  prepareWorkspace,
  table,
} from './lib/commerce';
import { runBench } from './lib/cli';
// autocannon ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (
  opts: Record<string, unknown>,
  done: (err: Error | null) => void,
) => { on(event: 'response', fn: (client: unknown, statusCode: number, bytes: number, ms: number) => void): void };

/**
 * Hot-SKU flash sale: orders/s until one SKU sells out through POST /api/orders, against the ceiling of the bare
 * conditional UPDATE run from a pool of connections (same size as the api's) on the same table. Rounds interleave
 * ceiling and api runs (each on fresh stock) so drifting load on a shared host hits both; the ratio uses medians.
 *
 *   node tools/dev/run.mjs tools/bench/flash-sale.bench.ts [--stock 2000] [--concurrency 64] [--rounds 3]
 */
async function ceiling(
  pool: Pool,
  workspaceId: string,
  variantId: string,
  locationId: string,
  concurrency: number,
): Promise<number> {
  let updates = 0;
  let soldOut = false;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!soldOut) {
        const res = await pool.query(
          `update inventory_levels set available = available - 1, on_hand = on_hand - 1, updated_at = now()
            where workspace_id = $1 and variant_id = $2 and location_id = $3 and available >= 1 returning available`,
          [workspaceId, variantId, locationId],
        );
        if (res.rowCount === 0) soldOut = true;
        else updates++;
      }
    }),
  );
  return updates / ((performance.now() - started) / 1000);
}

interface SaleResult {
  perSecond: number;
  sold: number;
  latencies: number[];
  statuses: Map<number, number>;
}

/** autocannon (far less client CPU per request than fetch on a 2-core host) until shortly after the sell-out. */
function sale(
  url: string,
  key: string,
  locationId: string,
  sku: string,
  stock: number,
  concurrency: number,
): Promise<SaleResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let lastSuccessAt = 0;
  const started = performance.now();
  return new Promise<SaleResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/orders`,
        method: 'POST',
        connections: concurrency,
        amount: stock + concurrency * 4,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'online', locationId, lines: [{ sku, quantity: 1 }] }),
      },
      (err) => {
        if (err) return reject(err);
        const sold = statuses.get(201) ?? 0;
        resolve({ perSecond: sold / ((lastSuccessAt - started) / 1000), sold, latencies, statuses });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, ms) => {
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      if (statusCode === 201) {
        latencies.push(ms);
        lastSuccessAt = performance.now();
      }
    });
  });
}

const median = (xs: number[]): number => percentile(xs, 50);

async function main(): Promise<void> {
  const stock = flag('stock', 2000);
  const concurrency = flag('concurrency', 64);
  const rounds = flag('rounds', 3);
  const env = benchEnv();
  const { workspaceId, key } = prepareWorkspace(env, 'flash-sale');
  const server = await startApi(env, await freePort());
  const pool = new Pool({ connectionString: BENCH_DATABASE_URL, max: 20 });
  try {
    const c = api(server.url, key);
    const loc = (await c.must('POST', '/api/locations', { name: 'Flash store' }))['id'] as string;
    const stamp = Date.now().toString(36).toUpperCase();
    const variants: { id: string; sku: string }[] = [];
    for (let i = 0; i < rounds * 2 + 2; i++) {
      const p = await c.must('POST', '/api/products', {
        title: `Flash ${i}`,
        variants: [{ sku: `FLASH-${stamp}-${i}`, price: 9900 }],
      });
      const v = (p['variants'] as { id: string; sku: string }[])[0] as { id: string; sku: string };
      await c.must('POST', '/api/inventory/adjustments', {
        sku: v.sku,
        locationId: loc,
        set: stock,
        reason: 'received',
      });
      variants.push(v);
    }
    // Warm up the api (JIT, pools, caches) with one uncounted sale of the same shape, then the pool with one ceiling run.
    const warm = variants[rounds * 2 + 1] as { id: string; sku: string };
    await sale(server.url, key, loc, warm.sku, stock, concurrency);

    const ceilings: number[] = [];
    const sales: SaleResult[] = [];
    const apiVariants = variants.slice(0, rounds);
    const ceilingVariants = variants.slice(rounds);
    for (let r = 0; r < rounds; r++) {
      ceilings.push(await ceiling(pool, workspaceId, (ceilingVariants[r] as { id: string }).id, loc, concurrency));
      sales.push(await sale(server.url, key, loc, (apiVariants[r] as { sku: string }).sku, stock, concurrency));
    }
    ceilings.push(await ceiling(pool, workspaceId, (ceilingVariants[rounds] as { id: string }).id, loc, concurrency));

    // Zero oversell: every hot level ends at exactly 0 and its ledger holds exactly `stock` sales.
    const checks = (
      await pool.query(
        `select l.variant_id, l.available, (select count(*)::int from inventory_movements m
          where m.workspace_id = l.workspace_id and m.variant_id = l.variant_id and m.reason = 'order_placed') as sales
         from inventory_levels l where l.workspace_id = $1 and l.variant_id = any($2::text[])`,
        [workspaceId, apiVariants.map((v) => v.id)],
      )
    ).rows as { variant_id: string; available: number; sales: number }[];
    const oversold = sales.reduce((s, x) => s + (x.sold - stock), 0);
    const broken = checks.filter((x) => x.available !== 0 || x.sales !== stock);
    const unexpected = sales.flatMap((x) => [...x.statuses.keys()].filter((s) => s !== 201 && s !== 409));

    const ratio = median(sales.map((x) => x.perSecond)) / median(ceilings);
    const latencies = sales.flatMap((x) => x.latencies);
    const rows: (string | number)[][] = [
      ...ceilings.map((x, i) => [`bare conditional UPDATE, pool of 20 (run ${i + 1})`, Math.round(x), '-']),
      ...sales.map((x, i) => [
        `POST /api/orders until sold out (round ${i + 1})`,
        Math.round(x.perSecond),
        `${percentile(x.latencies, 50)} / ${percentile(x.latencies, 99)}`,
      ]),
    ];
    const body =
      `${table(['path', 'per second', 'p50 / p99 ms (201s)'], rows)}\n\n` +
      `Stock ${stock} per round, ${concurrency} concurrent clients (autocannon), ${rounds} rounds interleaved with ${rounds + 1} ceiling runs. ` +
      `Median orders/s **${Math.round(median(sales.map((x) => x.perSecond)))}** over median ceiling **${Math.round(median(ceilings))}**: ` +
      `ratio **${ratio.toFixed(2)}** (target >= 0.3). p50/p99 of successful orders over all rounds: ${percentile(latencies, 50)} / ${percentile(latencies, 99)} ms. ` +
      `Oversell ${oversold}; every hot level ended at 0 with exactly ${stock} sales in its ledger: ${broken.length === 0 ? 'yes' : 'NO'}; ` +
      `statuses other than 201/409: ${unexpected.length}.\n`;
    process.stdout.write(`${body}\n`);
    if (oversold !== 0 || broken.length > 0 || checks.length !== rounds || unexpected.length > 0)
      throw new Error('oversell, ledger mismatch or errors');
    appendReport(
      'Hot-SKU flash sale',
      `node tools/dev/run.mjs tools/bench/flash-sale.bench.ts --stock ${stock} --concurrency ${concurrency} --rounds ${rounds}`,
      body,
    );
  } finally {
    await pool.end();
    await server.stop();
  }
}

runBench(main);
