import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { TokenBox } from '../../libs/server/sync/src/services/token-box';
import {
  BULK_CUSTOMERS,
  BULK_INVENTORY,
  BULK_PRODUCTS,
  bulkOrders,
} from '../../libs/server/sync/src/import/bulk-queries';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import { newId } from '@retailos/shared/util';
import { appendReport, benchEnv, flag, prepareWorkspace, table } from './lib/commerce';
import { freePort, ROOT, run, startWorker, stopProcess } from './lib/spawn-api';

/**
 * Shopify initial import: N products x 3 variants (levels at 2 locations), N/10 customers and N orders, imported by
 * the real worker (bulk operations, JSONL streamed, batched upserts and checkpoints) against merely paging through the
 * same data over the Admin GraphQL API with the throttle lifted (the baseline, same run, same emulator). Wall time and
 * peak RSS of the worker and of the emulator (each its own process), the import's time per phase, and the worker's
 * peak also at a quarter of the size, to show whether it grows with the shop.
 *
 *   npm run bench -- tools/bench/shopify-import.bench.ts --products 10000 [--skip-quarter]
 *   npm run bench -- tools/bench/shopify-import.bench.ts --products 100000 --emulator-only
 *
 * --emulator-only: no worker, no database: seeding, the import's four bulk queries (run, then the JSONL streamed
 * through and counted) and the paging baseline alone, to size the emulator's part.
 * IMPORT_BENCH_PRODUCTS sets the default size (200). IMPORT_BENCH_PROFILE_DIR=/tmp/prof also writes a CPU profile of
 * the worker there (node --cpu-prof, see startWorker).
 *
 * Two runs at once need two databases (BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/retailos_bench_<you>):
 * a booting worker resumes every running import in its database, against its own emulator, where the shop does not
 * exist: the other run's import fails with "Shopify answered HTTP 404 to SyncBulkOperationStatus".
 *
 * The issue's full size is 100,000 products (300,000 variants, 600,000 levels, 10,000 customers, 100,000 orders).
 */
const TOKEN_KEY = 'bench-shopify-token-key-0123456789';
const APP = 'bench-import';
const MiB = (n: number) => `${Math.round(n)} MiB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system, ms) a process has used so far: on a shared host, steadier than wall time. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** The process tools/dev/run.mjs started (the worker, the emulator), not the wrapper. */
function childPid(wrapperPid: number): number {
  try {
    const kids = readFileSync(`/proc/${wrapperPid}/task/${wrapperPid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    return kids.length > 0 ? Number(kids[0]) : wrapperPid;
  } catch {
    return wrapperPid;
  }
}

/** Peak RSS (MiB) of named processes, sampled every 50 ms, over windows that may overlap. */
class RssPeaks {
  private readonly open = new Set<Record<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: Record<string, number>) {
    this.timer = setInterval(() => this.sample(), 50);
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.pids)) {
      const rss = rssOf(pid);
      for (const w of this.open) w[name] = Math.max(w[name] ?? 0, rss);
    }
  }

  /** Starts a window; the returned function ends it and gives each process's peak in it. */
  window(): () => Record<string, number> {
    const w: Record<string, number> = {};
    this.open.add(w);
    this.sample();
    return () => {
      this.sample();
      this.open.delete(w);
      return w;
    };
  }

  close(): void {
    clearInterval(this.timer);
  }
}

/** The emulator in its own process (its RSS apart from the bench's), time scale 0.001 (bulk ops start at once). */
async function startEmulatorProcess(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; pid: number; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(ROOT, 'tools/dev/run.mjs'), 'apps/shopify-emulator/src/main.ts'], {
    cwd: ROOT,
    env: { ...env, SHOPIFY_EMULATOR_PORT: String(port), SHOPIFY_EMULATOR_TIME_SCALE: '0.001' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) ok();
    });
    child.once('exit', (code) => fail(new Error(`emulator exited with ${code}`)));
  });
  child.stdout?.resume();
  return { url: `http://127.0.0.1:${port}`, pid: childPid(child.pid as number), child };
}

interface Shop {
  domain: string;
  token: string;
  seedMs: number;
  wallMs: number;
}

interface PagerResult {
  ms: number;
  rows: number;
  maxRssMb: number;
  perRoot: Record<string, { nodes: number; rows: number; pages: number; ascending: boolean | null }>;
}

interface BulkRun {
  phase: string;
  runMs: number;
  downloadMs: number;
  objects: number;
  roots: number;
  lines: number;
  bytes: number;
}

async function main(): Promise<void> {
  const products = flag('products', Number(process.env['IMPORT_BENCH_PRODUCTS'] ?? 200));
  const emulatorOnly = process.argv.includes('--emulator-only');
  const skipQuarter = process.argv.includes('--skip-quarter');
  const customers = Math.max(1, Math.round(products / 10));
  const env: NodeJS.ProcessEnv = {
    ...benchEnv(),
    SHOPIFY_TOKEN_KEY: TOKEN_KEY,
    SHOPIFY_CLIENT_ID: APP,
    SHOPIFY_RETRY_BASE_MS: '50',
  };
  const emulator = await startEmulatorProcess(env);
  env['SHOPIFY_BASE_URL'] = `${emulator.url}/shops/{shop}`;
  const pids: Record<string, number> = { emulator: emulator.pid };
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulator.url}/_emulator${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  await control('POST', '/apps', {
    clientId: APP,
    clientSecret: 'bench-import-secret-0123456789',
    autoApprove: true,
    name: 'bench',
  });
  const gql = async <T>(shop: Shop, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${emulator.url}/shops/${shop.domain}/admin/api/2026-04/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': shop.token },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`graphql: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
    return body.data;
  };

  const seedShop = async (n: number): Promise<Shop> => {
    const started = performance.now();
    const shop = await control<{ domain: string; accessTokens: Record<string, string>; seeded: { ms: number } }>(
      'POST',
      '/shops',
      {
        name: `bench-import-${Date.now().toString(36)}`,
        seed: {
          products: n,
          variantsPerProduct: 3,
          locations: 2,
          customers: Math.max(1, Math.round(n / 10)),
          orders: n,
          seed: 5,
        },
        install: APP,
      },
    );
    return {
      domain: shop.domain,
      token: shop.accessTokens[APP] ?? '',
      seedMs: shop.seeded.ms,
      wallMs: performance.now() - started,
    };
  };

  /** The baseline: a separate process paging through the shop with the throttle lifted. */
  const pagerRun = async (shop: Shop): Promise<PagerResult> => {
    await control('PUT', `/shops/${shop.domain}/throttle`, {
      maximumAvailable: 1_000_000_000,
      restoreRate: 1_000_000_000,
    });
    const child = spawn(
      process.execPath,
      [
        resolve(ROOT, 'tools/dev/run.mjs'),
        'tools/bench/lib/shopify-pager.ts',
        `${emulator.url}/shops/${shop.domain}/admin/api/2026-04/graphql.json`,
        shop.token,
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`pager exited with ${code}`);
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as PagerResult;
  };

  /** One of the import's bulk queries alone: run to COMPLETED, then its JSONL streamed through and counted. */
  const bulkRun = async (shop: Shop, phase: string, query: string): Promise<BulkRun> => {
    const started = performance.now();
    const res = await gql<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: unknown[] } }>(
      shop,
      'mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }',
      { q: query },
    );
    const id = res.bulkOperationRunQuery.bulkOperation?.id;
    if (!id) throw new Error(`bulk ${phase}: ${JSON.stringify(res.bulkOperationRunQuery.userErrors)}`);
    let op: { status: string; objectCount: string; rootObjectCount: string; url: string | null };
    for (;;) {
      op = (
        await gql<{ node: typeof op }>(
          shop,
          'query($id: ID!) { node(id: $id) { ... on BulkOperation { status objectCount rootObjectCount url } } }',
          { id },
        )
      ).node;
      if (op.status !== 'CREATED' && op.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (op.status !== 'COMPLETED' || !op.url) throw new Error(`bulk ${phase}: ${op.status}`);
    const runMs = performance.now() - started;
    const file = await fetch(op.url);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return {
      phase,
      runMs,
      downloadMs: performance.now() - started - runMs,
      objects: Number(op.objectCount),
      roots: Number(op.rootObjectCount),
      lines,
      bytes,
    };
  };

  /** Rows the baseline must have seen: the shop's own counts (line items are 1-3 per order, counted by the pager). */
  const pagerCheck = (shop: Shop, paged: PagerResult, n: number): string => {
    const want: Record<string, number> = {
      products: n,
      inventoryItems: n * 3,
      customers: Math.max(1, Math.round(n / 10)),
      orders: n,
      locations: 2,
    };
    const wrong = Object.entries(want).filter(
      ([root, count]) => paged.perRoot[root]?.nodes !== count || paged.perRoot[root]?.ascending === false,
    );
    const nested = [
      paged.perRoot['products']?.rows === n * 4 ? '' : 'variants',
      paged.perRoot['inventoryItems']?.rows === n * 9 ? '' : 'levels',
    ].filter(Boolean);
    return wrong.length === 0 && nested.length === 0
      ? `every root and nested node of ${shop.domain} paged, each root's in strictly ascending sort order (${Object.entries(
          paged.perRoot,
        )
          .map(([root, c]) => `${root} ${c.nodes} in ${c.pages} pages`)
          .join(', ')})`
      : `**MISMATCH**: ${JSON.stringify({ want, got: paged.perRoot, nested })}`;
  };

  const baselineNote = (paged: PagerResult) =>
    `Baseline: a separate process (tools/bench/lib/shopify-pager.ts) pages the same shop over the Admin GraphQL API, one request at a time, 250 roots a page, the throttle lifted (bucket 10^9 points, restore 10^9/s), nested connections in the same request (variants first 100, levels first 50, line items first 50), selecting the fields the import's bulk queries select and doing nothing with the rows but counting them: ${paged.rows} rows (every node, nested ones included), the same ${paged.rows} rows are the import's rows in rows/s.`;

  const peaks = new RssPeaks(pids);
  try {
    if (emulatorOnly) {
      const idle = rssOf(emulator.pid);
      let w = peaks.window();
      let cpu = cpuMsOf(emulator.pid);
      const cpuSince = () => {
        const before = cpu;
        cpu = cpuMsOf(emulator.pid);
        return cpu - before;
      };
      const shop = await seedShop(products);
      const seedCpu = cpuSince();
      const seedPeak = w()['emulator'] ?? 0;
      const seededRss = rssOf(emulator.pid);
      const bulk: Array<BulkRun & { peak: number; cpu: number }> = [];
      for (const [phase, query] of [
        ['products', BULK_PRODUCTS],
        ['inventory', BULK_INVENTORY],
        ['customers', BULK_CUSTOMERS],
        ['orders', bulkOrders(null)],
      ] as const) {
        w = peaks.window();
        cpuSince();
        const r = await bulkRun(shop, phase, query);
        bulk.push({ ...r, peak: w()['emulator'] ?? 0, cpu: cpuSince() });
      }
      w = peaks.window();
      cpuSince();
      const paged = await pagerRun(shop);
      const pageCpu = cpuSince();
      const pagePeak = w()['emulator'] ?? 0;
      const objects = bulk.reduce((n, b) => n + b.objects, 0);
      const bulkMs = bulk.reduce((n, b) => n + b.runMs + b.downloadMs, 0);
      const body = [
        `Shop: ${products} products x 3 variants, 2 locations (${products * 6} levels), ${customers} customers, ${products} orders. Emulator alone (its own process, NODE_ENV=production), no worker.`,
        '',
        table(
          ['step', 'wall time', 'emulator CPU', 'objects', 'objects/s (wall)', 'JSONL', 'emulator peak RSS'],
          [
            [
              `seed (POST /_emulator/shops)`,
              `${secs(shop.wallMs)} (${secs(shop.seedMs)} in seedShop)`,
              secs(seedCpu),
              '',
              '',
              '',
              `${MiB(seedPeak)} (idle ${MiB(idle)}, after seeding ${MiB(seededRss)})`,
            ],
            ...bulk.map((b) => [
              `bulk ${b.phase}: run / download`,
              `${secs(b.runMs)} / ${secs(b.downloadMs)}`,
              secs(b.cpu),
              `${b.objects} (${b.roots} roots, ${b.lines} lines)`,
              Math.round(b.objects / ((b.runMs + b.downloadMs) / 1000)),
              MiB(b.bytes / 2 ** 20),
              MiB(b.peak),
            ]),
            [
              'paging baseline, throttle lifted',
              secs(paged.ms),
              secs(pageCpu),
              paged.rows,
              Math.round(paged.rows / (paged.ms / 1000)),
              '',
              `${MiB(pagePeak)} (pager process ${MiB(paged.maxRssMb)})`,
            ],
          ],
        ),
        '',
        `Bulk total (4 queries run + streamed): ${secs(bulkMs)} for ${objects} objects; paging: ${secs(paged.ms)} for ${paged.rows} rows (${paged.rows - objects} more: the ${paged.perRoot['locations']?.nodes ?? 0} locations, paged but not bulk-queried here). Lines = objects in every file: ${bulk.every((b) => b.lines === b.objects) ? 'yes' : '**no**'}.`,
        `Pager check: ${pagerCheck(shop, paged, products)}.`,
        baselineNote(paged),
      ].join('\n');
      process.stdout.write(`${body}\n`);
      appendReport(
        `Shopify emulator at import size (seed, bulk JSONL, paging), ${products} products`,
        `npm run bench -- tools/bench/shopify-import.bench.ts --products ${products} --emulator-only`,
        body,
        'Shopify emulator (separate process), bulk downloader and pager',
      );
      return;
    }

    run('tools/db/migrate.ts', ['up'], env);
    const db = new Client({ connectionString: env['DATABASE_URL'] });
    await db.connect();
    const worker = await startWorker(env, process.env['IMPORT_BENCH_PROFILE_DIR'] || undefined);
    pids['worker'] = childPid(worker.child.pid as number);
    const workerIdle = rssOf(pids['worker']);
    const queue = new Queue('sync-import', {
      connection: redisOptionsFromUrl(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'),
      prefix: env['REDIS_PREFIX'],
    });

    interface ImportResult {
      shop: Shop;
      ms: number;
      peak: Record<string, number>;
      counts: Record<string, { done: number; total: number | null }>;
      /** Stage -> ms from enqueue when the import's row first showed it. */
      stages: Array<{ stage: string; at: number }>;
      bulkOps: Array<{ root: string; createdAt: string; completedAt: string | null; objectCount: string }>;
    }

    /** The real import in the worker process: wall time from enqueue to completed, stages from its row every 100 ms. */
    const importRun = async (n: number): Promise<ImportResult> => {
      const shop = await seedShop(n);
      const { workspaceId } = prepareWorkspace(env, `shopify import ${n}`);
      const connectionId = newId('shc');
      await db.query(
        `insert into shopify_connections (id, workspace_id, shop_domain, access_token_sealed, scopes) values ($1, $2, $3, $4, 'read_products')`,
        [connectionId, workspaceId, shop.domain, new TokenBox(TOKEN_KEY).seal(shop.token, workspaceId)],
      );
      const importId = newId('sim');
      await db.query(`insert into shopify_imports (id, workspace_id, connection_id) values ($1, $2, $3)`, [
        importId,
        workspaceId,
        connectionId,
      ]);
      const stages: ImportResult['stages'] = [];
      const w = peaks.window();
      const started = performance.now();
      await queue.add('sync.import.run', { workspaceId, importId }, { jobId: `bench-${importId}` });
      for (;;) {
        const { rows } = await db.query<{
          status: string;
          stage: string;
          counts: ImportResult['counts'];
          error: string | null;
        }>('select status, stage, counts, error from shopify_imports where id = $1', [importId]);
        const row = rows[0];
        const at = performance.now() - started;
        if (row && stages[stages.length - 1]?.stage !== row.stage) stages.push({ stage: row.stage, at });
        if (row?.status === 'completed') {
          const ms = performance.now() - started;
          const ops = await gql<{
            bulkOperations: {
              nodes: Array<{ query: string; createdAt: string; completedAt: string | null; objectCount: string }>;
            };
          }>(shop, '{ bulkOperations(first: 20) { nodes { query createdAt completedAt objectCount } } }');
          return {
            shop,
            ms,
            peak: w(),
            counts: row.counts,
            stages,
            bulkOps: ops.bulkOperations.nodes.map((o) => ({
              ...o,
              root: /\{\s*(\w+)/.exec(o.query)?.[1] ?? '?',
            })),
          };
        }
        if (row?.status === 'failed') throw new Error(`import failed: ${row.error}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const phaseRows = (r: ImportResult): (string | number)[][] => {
      const ROOT_OF: Record<string, string> = {
        locations: 'locations',
        products: 'products',
        inventory: 'inventoryItems',
        customers: 'customers',
        orders: 'orders',
      };
      return r.stages.map((s, i) => {
        const end = r.stages[i + 1]?.at ?? r.ms;
        const op = r.bulkOps.find((o) => o.root === ROOT_OF[s.stage]);
        const opS =
          op?.completedAt !== null && op?.completedAt !== undefined
            ? `${(Date.parse(op.completedAt) - Date.parse(op.createdAt)) / 1000} s (${op.objectCount} objects)`
            : '';
        return [s.stage, secs(end - s.at), opS, r.counts[s.stage]?.done ?? ''];
      });
    };

    try {
      const quarter = Math.max(10, Math.round(products / 4));
      let small: ImportResult | null = null;
      if (!skipQuarter) {
        small = await importRun(quarter);
        await control('DELETE', `/shops/${small.shop.domain}`);
      }
      const full = await importRun(products);
      // The baseline pages the shop the import just read (the import changes nothing in it).
      const w = peaks.window();
      const baseline = await pagerRun(full.shop);
      const pagePeak = w()['emulator'] ?? 0;
      const rows = baseline.rows;
      const ratio = baseline.ms / full.ms;
      const body = [
        `Shop: ${products} products x 3 variants, 2 locations (${products * 6} levels), ${customers} customers, ${products} orders; seeded in ${secs(full.shop.wallMs)}. Import batch ${env['SHOPIFY_IMPORT_BATCH'] ?? 100}. Worker and emulator each in their own process (NODE_ENV=production).`,
        '',
        table(
          ['run', 'wall time', 'rows/s', 'peak RSS worker', 'peak RSS emulator'],
          [
            [
              `paging through it, throttle lifted (baseline)`,
              secs(baseline.ms),
              Math.round(rows / (baseline.ms / 1000)),
              `${MiB(baseline.maxRssMb)} (pager process)`,
              MiB(pagePeak),
            ],
            [
              `import (worker)`,
              secs(full.ms),
              Math.round(rows / (full.ms / 1000)),
              `${MiB(full.peak['worker'] ?? 0)} (${MiB(workerIdle)} idle)`,
              MiB(full.peak['emulator'] ?? 0),
            ],
            ...(small
              ? [
                  [
                    `import at ${quarter} products (worker)`,
                    secs(small.ms),
                    '',
                    MiB(small.peak['worker'] ?? 0),
                    MiB(small.peak['emulator'] ?? 0),
                  ],
                ]
              : []),
          ],
        ),
        '',
        `Import phases at ${products} products (from the import's row, polled every 100 ms; a phase runs its bulk operation, then streams and upserts its JSONL; "bulk op" is the emulator's createdAt -> completedAt, second precision):`,
        '',
        table(['stage', 'wall time', 'bulk op', 'roots done'], phaseRows(full)),
        '',
        `Import rate / paging rate: **${ratio.toFixed(2)}** (target >= 0.5).${small ? ` Peak worker RSS at ${quarter} vs ${products} products: ${MiB(small.peak['worker'] ?? 0)} vs ${MiB(full.peak['worker'] ?? 0)}.` : ' Quarter-size run skipped (--skip-quarter): no memory-flatness figure.'}`,
        `Pager check: ${pagerCheck(full.shop, baseline, products)}.`,
        baselineNote(baseline),
        `Counts: ${JSON.stringify(full.counts)}`,
      ].join('\n');
      process.stdout.write(`${body}\n`);
      appendReport(
        `Shopify initial import, ${products} products`,
        `npm run bench -- tools/bench/shopify-import.bench.ts --products ${products}${skipQuarter ? ' --skip-quarter' : ''}`,
        body,
        'worker, Shopify emulator and pager (separate processes)',
      );
    } finally {
      await queue.close();
      await worker.stop();
      await db.end();
    }
  } finally {
    peaks.close();
    await stopProcess(emulator.child);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
