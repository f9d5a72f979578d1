import { encodeCursor, filterKeyOf } from '@retailos/shared/util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, ROOT, startApi } from './lib/spawn-api';
import {
  api,
  appendReport,
  BENCH_CURSOR_SECRET,
  BENCH_DATABASE_URL,
  benchEnv,
  flag,
  percentile,
  prepareWorkspace,
  table,
} from './lib/commerce';
import { runBench } from './lib/cli';
import { measureExport } from './lib/export-stream';

/**
 * Deep pagination: GET /api/orders page one vs the page at depth 900,000 of a 1,000,000-order workspace (keyset
 * cursor), and the same pages by OFFSET in SQL for comparison. Seeding is set-based SQL (generate_series), done once
 * and reused by later runs (marker in .data/bench/).
 *
 *   node tools/dev/run.mjs tools/bench/deep-pagination.bench.ts [--orders 1000000] [--depth 900000] [--samples 100]
 */
interface Seeded {
  workspaceId: string;
  key: string;
  orders: number;
  database: string;
}

async function seed(
  db: Client,
  workspaceId: string,
  orders: number,
  locationId: string,
  variant: { id: string; sku: string },
): Promise<void> {
  const stamp = Date.now().toString(36);
  const started = Date.now();
  // One row per second going back in time: the newest order is i = 1.
  await db.query(
    `insert into orders (id, workspace_id, number, name, channel, source, status, location_id, currency, subtotal, total, created_at, updated_at)
     select 'ord_b' || $2 || lpad(i::text, 8, '0'), $1, 1000 + i, '#' || (1000 + i), (array['pos','online','b2b'])[1 + i % 3], 'retailos', 'open',
            $3, 'USD', 1000, 1000, now() - make_interval(secs => i), now() - make_interval(secs => i)
       from generate_series(1, $4::int) as i`,
    [workspaceId, stamp, locationId, orders],
  );
  await db.query(
    `insert into order_lines (id, workspace_id, order_id, variant_id, sku, title, quantity, unit_price, total, position)
     select 'oli_b' || $2 || lpad(i::text, 8, '0'), $1, 'ord_b' || $2 || lpad(i::text, 8, '0'), $3, $4, 'Bench item', 1, 1000, 1000, 0
       from generate_series(1, $5::int) as i`,
    [workspaceId, stamp, variant.id, variant.sku, orders],
  );
  await db.query('analyze orders');
  await db.query('analyze order_lines');
  process.stdout.write(`seeded ${orders} orders + lines in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function timeSql(db: Client, sql: string, params: unknown[], samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await db.query(sql, params);
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const orders = flag('orders', 1_000_000);
  const depth = flag('depth', 900_000);
  const samples = flag('samples', 100);
  const limit = 50;
  const env = benchEnv();
  const markerDir = join(ROOT, '.data/bench');
  const marker = join(markerDir, `deep-pagination-${orders}.json`);
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  let seeded: Seeded | null = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Seeded) : null;
  const ws = seeded ? null : prepareWorkspace(env, 'deep-pagination');
  const server = await startApi(env, await freePort());
  await db.connect();
  try {
    if (seeded) {
      const { rows } = await db.query('select count(*)::int as n from orders where workspace_id = $1', [
        seeded.workspaceId,
      ]);
      if ((rows[0] as { n: number }).n !== orders) seeded = null;
    }
    if (!seeded) {
      const fresh = ws ?? prepareWorkspace(env, 'deep-pagination');
      const c = api(server.url, fresh.key);
      const loc = (await c.must('POST', '/api/locations', { name: 'Archive' }))['id'] as string;
      const sku = `DEEP-${Date.now().toString(36).toUpperCase()}`;
      const product = await c.must('POST', '/api/products', { title: 'Deep item', variants: [{ sku, price: 1000 }] });
      const variant = (product['variants'] as { id: string; sku: string }[])[0] as { id: string; sku: string };
      await seed(db, fresh.workspaceId, orders, loc, variant);
      seeded = { ...fresh, orders, database: BENCH_DATABASE_URL };
      mkdirSync(markerDir, { recursive: true });
      writeFileSync(marker, JSON.stringify(seeded));
    }
    const c = api(server.url, seeded.key);
    // The cursor a client holds after paging to `depth`: the keyset of the row just before it, signed like the api's.
    const { rows: at } = await db.query(
      `select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ck, id from orders where workspace_id = $1
        order by created_at desc, id desc offset $2 limit 1`,
      [seeded.workspaceId, depth - 1],
    );
    const before = at[0] as { ck: string; id: string };
    // Bound like keysetPage binds it: the list's filters plus the list and the workspace.
    const cursor = encodeCursor(
      { k: [before.ck, before.id] },
      filterKeyOf({ list: 'orders', workspaceId: seeded.workspaceId }),
      BENCH_CURSOR_SECRET,
    );
    const { rows: expectRows } = await db.query(
      'select id from orders where workspace_id = $1 order by created_at desc, id desc offset $2 limit 1',
      [seeded.workspaceId, depth],
    );
    const deepFirst = (expectRows[0] as { id: string }).id;

    for (let i = 0; i < 20; i++) await c.get(`/api/orders?limit=${limit}`); // warm-up
    const first: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < samples; i++) {
      const a = await c.get(`/api/orders?limit=${limit}`);
      if (a.status !== 200) throw new Error(`page one answered ${a.status}`);
      first.push(a.ms);
      const b = await c.get(`/api/orders?limit=${limit}&cursor=${encodeURIComponent(cursor)}`);
      if (b.status !== 200) throw new Error(`deep page answered ${b.status}: ${JSON.stringify(b.body)}`);
      const data = b.body['data'] as { id: string }[];
      if (data[0]?.id !== deepFirst || data.length !== limit) throw new Error('deep page is not the expected page');
      deep.push(b.ms);
    }
    const offsetSql = `select o.id from orders o where o.workspace_id = $1 order by o.created_at desc, o.id desc limit ${limit} offset $2`;
    const offFirst = await timeSql(db, offsetSql, [seeded.workspaceId, 0], 10);
    const offDeep = await timeSql(db, offsetSql, [seeded.workspaceId, depth], 10);
    const keysetSql = `select o.id from orders o where o.workspace_id = $1 and (o.created_at, o.id) < ($2::timestamptz, $3)
                        order by o.created_at desc, o.id desc limit ${limit}`;
    const keyDeep = await timeSql(db, keysetSql, [seeded.workspaceId, before.ck, before.id], 10);
    const ratio = percentile(deep, 99) / percentile(first, 99);
    const exp = process.argv.includes('--skip-export')
      ? null
      : await measureExport(server.url, seeded.key, server.child.pid ?? 0, 'orders', 'csv');
    const rows: (string | number)[][] = [
      ['GET /api/orders page 1 (keyset)', percentile(first, 50), percentile(first, 99), samples],
      [`GET /api/orders at depth ${depth} (keyset cursor)`, percentile(deep, 50), percentile(deep, 99), samples],
      ['SQL keyset at depth (orders only)', percentile(keyDeep, 50), percentile(keyDeep, 99), 10],
      ['SQL OFFSET 0 (orders only)', percentile(offFirst, 50), percentile(offFirst, 99), 10],
      [`SQL OFFSET ${depth} (orders only)`, percentile(offDeep, 50), percentile(offDeep, 99), 10],
    ];
    const body =
      `${table(['page', 'p50 ms', 'p99 ms', 'samples'], rows)}\n\n` +
      `${orders} orders (with one line each) in one workspace, ${limit} per page. Deep/first p99 ratio through the api: **${ratio.toFixed(2)}** (target <= 1.5). ` +
      `OFFSET at depth is ${(percentile(offDeep, 50) / Math.max(0.01, percentile(keyDeep, 50))).toFixed(0)}x the keyset query.\n` +
      (exp
        ? `\nExport of the same workspace, \`GET /api/export/orders?format=csv\`: ${exp.rows} rows, ${exp.mib} MiB in ${exp.seconds.toFixed(1)} s; ` +
          `api RSS ${exp.rssBefore} MiB before, peak ${exp.rssPeak} MiB while streaming (constant memory: keyset batches of 1,000 with backpressure).\n`
        : '');
    process.stdout.write(`${body}\n`);
    appendReport(
      'Deep pagination on 1,000,000 orders',
      `node tools/dev/run.mjs tools/bench/deep-pagination.bench.ts --orders ${orders} --depth ${depth} --samples ${samples}`,
      body,
    );
  } finally {
    await db.end();
    await server.stop();
  }
}

runBench(main);
