import { Client } from 'pg';
import { runBench } from './lib/cli';
import { api, appendReport, BENCH_DATABASE_URL, benchEnv, flag, prepareWorkspace, table } from './lib/commerce';
import { measureExport, withRssPeak, type ExportMeasure } from './lib/export-stream';
import { freePort, startApi } from './lib/spawn-api';

/**
 * Inventory export: `GET /api/export/inventory` (one raw SQL keyset batch of 1,000 levels joined to their variant's SKU
 * and location name, inventory-export.sql.ts) against reading the same levels through the paginated ORM list
 * `GET /api/inventory/levels` (250 a page, SKUs resolved through the catalog facade), on a workspace seeded with
 * variants x locations levels by set-based SQL.
 *
 *   node tools/dev/run.mjs tools/bench/inventory-export.bench.ts [--variants 20000] [--locations 10]
 */
async function seed(db: Client, workspaceId: string, productId: string, variants: number): Promise<number> {
  const stamp = Date.now().toString(36);
  const started = Date.now();
  await db.query(
    `insert into variants (id, workspace_id, product_id, sku, title, price, currency, position)
     select 'var_x' || $2 || lpad(i::text, 7, '0'), $1, $3, 'INVX-' || $2 || '-' || i, 'Bench ' || i, 1000,
            (select currency from variants where product_id = $3 limit 1), i
       from generate_series(1, $4::int) as i`,
    [workspaceId, stamp, productId, variants],
  );
  const { rowCount } = await db.query(
    `insert into inventory_levels (id, workspace_id, variant_id, location_id, available, on_hand)
     select 'lvl_x' || $2 || lpad(i::text, 7, '0') || loc.n, $1, 'var_x' || $2 || lpad(i::text, 7, '0'), loc.id, i % 50, i % 50
       from generate_series(1, $3::int) as i
      cross join (select id, lpad((row_number() over (order by id))::text, 3, '0') as n from locations where workspace_id = $1) loc`,
    [workspaceId, stamp, variants],
  );
  await db.query('analyze variants');
  await db.query('analyze inventory_levels');
  process.stdout.write(
    `seeded ${variants} variants, ${rowCount} levels in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return rowCount ?? 0;
}

async function main(): Promise<void> {
  const variants = flag('variants', 20_000);
  const locations = flag('locations', 10);
  const env = benchEnv();
  const ws = prepareWorkspace(env, 'inventory-export');
  const server = await startApi(env, await freePort());
  const db = new Client({ connectionString: BENCH_DATABASE_URL });
  await db.connect();
  try {
    const c = api(server.url, ws.key);
    for (let i = 0; i < locations; i++) await c.must('POST', '/api/locations', { name: `Store ${i + 1}` });
    const product = await c.must('POST', '/api/products', {
      title: 'Export item',
      variants: [{ sku: `INVX-${ws.stamp}`, price: 1000 }],
    });
    const levels = await seed(db, ws.workspaceId, product['id'] as string, variants);
    const pid = server.child.pid ?? 0;

    await measureExport(server.url, ws.key, pid, 'inventory', 'csv'); // warm-up
    const csv = await measureExport(server.url, ws.key, pid, 'inventory', 'csv');
    const json = await measureExport(server.url, ws.key, pid, 'inventory', 'json');
    const started = performance.now();
    const paged = await withRssPeak(pid, async () => {
      let rows = 0;
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await c.get(`/api/inventory/levels?limit=250${q}`);
        if (res.status !== 200) throw new Error(`levels page answered ${res.status}: ${JSON.stringify(res.body)}`);
        rows += (res.body['data'] as unknown[]).length;
        cursor = res.body['nextCursor'] as string | null;
      } while (cursor);
      return rows;
    });
    const list: ExportMeasure = {
      rows: paged.result,
      mib: NaN,
      seconds: (performance.now() - started) / 1000,
      rssBefore: paged.rssBefore,
      rssPeak: paged.rssPeak,
    };
    for (const m of [csv, json, list]) if (m.rows !== levels) throw new Error(`read ${m.rows} of ${levels} levels`);

    const row = (path: string, m: ExportMeasure): (string | number)[] => [
      path,
      m.rows,
      m.seconds.toFixed(1),
      Math.round(m.rows / m.seconds),
      `${m.rssBefore} / ${m.rssPeak}`,
    ];
    const body =
      `${table(
        ['read', 'rows', 's', 'rows/s', 'api RSS before / peak MiB'],
        [
          row('GET /api/export/inventory?format=csv (raw SQL batches of 1,000)', csv),
          row('GET /api/export/inventory?format=json', json),
          row('GET /api/inventory/levels, 250 a page (ORM list, the baseline)', list),
        ],
      )}\n\n` +
      `${levels} levels (${variants} variants x ${locations} locations) in one workspace; CSV ${csv.mib} MiB, JSON ${json.mib} MiB. ` +
      `Export/list throughput ratio (CSV): **${(list.seconds / csv.seconds).toFixed(1)}x**.\n`;
    process.stdout.write(`${body}\n`);
    appendReport(
      'Inventory export stream',
      `node tools/dev/run.mjs tools/bench/inventory-export.bench.ts --variants ${variants} --locations ${locations}`,
      body,
    );
  } finally {
    await db.end();
    await server.stop();
  }
}

runBench(main);
