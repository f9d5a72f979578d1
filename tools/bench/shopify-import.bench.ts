import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { startEmulator } from '../../apps/shopify-emulator/src';
import { TokenBox } from '../../libs/server/sync/src/services/token-box';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import { newId } from '@retailos/shared/util';
import { appendReport, benchEnv, flag, prepareWorkspace, table } from './lib/commerce';
import { ROOT, run, startWorker } from './lib/spawn-api';

/**
 * Shopify initial import: N products x 3 variants (levels at 2 locations), N/10 customers and N orders, imported by
 * the real worker (bulk operations, JSONL streamed, batched upserts and checkpoints) against merely paging through the
 * same data over the Admin GraphQL API with the throttle lifted (the baseline, same run, same emulator). Wall time and
 * peak RSS of each process; the import's peak is also sampled at a quarter of the size to show whether it grows with
 * the shop.
 *
 *   IMPORT_BENCH_PRODUCTS=200 npm run bench -- tools/bench/shopify-import.bench.ts [--products 200]
 *
 * IMPORT_BENCH_PROFILE_DIR=/tmp/prof also writes a CPU profile of the worker there (node --cpu-prof, see startWorker).
 *
 * The issue's full size is 100,000 products (100,000 orders, 10,000 customers).
 */
const TOKEN_KEY = 'bench-shopify-token-key-0123456789';

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The worker process itself (tools/dev/run.mjs starts it as its own child). */
function workerPid(wrapperPid: number): number {
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

async function main(): Promise<void> {
  const products = flag('products', Number(process.env['IMPORT_BENCH_PRODUCTS'] ?? 200));
  const env: NodeJS.ProcessEnv = {
    ...benchEnv(),
    SHOPIFY_TOKEN_KEY: TOKEN_KEY,
    SHOPIFY_CLIENT_ID: 'bench-import',
    SHOPIFY_RETRY_BASE_MS: '50',
  };
  const emulator = await startEmulator({ port: 0, timeScale: 0.001 });
  env['SHOPIFY_BASE_URL'] = `${emulator.url}/shops/{shop}`;
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
    clientId: 'bench-import',
    clientSecret: 'bench-import-secret-0123456789',
    autoApprove: true,
    name: 'bench',
  });

  run('tools/db/migrate.ts', ['up'], env);
  const db = new Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  const worker = await startWorker(env, process.env['IMPORT_BENCH_PROFILE_DIR'] || undefined);
  const pid = workerPid(worker.child.pid as number);
  const idleRss = rssOf(pid);
  const queue = new Queue('sync-import', {
    connection: redisOptionsFromUrl(env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'),
    prefix: env['REDIS_PREFIX'],
  });

  const seedShop = async (n: number): Promise<{ domain: string; token: string; seedMs: number }> => {
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
        install: 'bench-import',
      },
    );
    return { domain: shop.domain, token: shop.accessTokens['bench-import'] ?? '', seedMs: shop.seeded.ms };
  };

  /** The real import in the worker process: wall time from enqueue to completed, peak RSS sampled every 50 ms. */
  const importRun = async (
    n: number,
  ): Promise<{
    ms: number;
    peakRss: number;
    counts: Record<string, { done: number }>;
    phases: Record<string, number>;
    spans: string;
  }> => {
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
    let peak = rssOf(pid);
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
    const started = performance.now();
    await queue.add('sync.import.run', { workspaceId, importId }, { jobId: `bench-${importId}` });
    // Per phase: from the first poll that sees its stage to the first that sees the next one (bulk operation included).
    const seen: [string, number][] = [];
    for (;;) {
      const { rows } = await db.query<{
        status: string;
        stage: string;
        counts: Record<string, { done: number }>;
        error: string | null;
      }>('select status, stage, counts, error from shopify_imports where id = $1', [importId]);
      const row = rows[0];
      const now = performance.now();
      if (row && seen[seen.length - 1]?.[0] !== row.stage) seen.push([row.stage, now]);
      if (row?.status === 'completed') {
        clearInterval(sampler);
        const phases: Record<string, number> = {};
        for (const [i, [stage, at]] of seen.entries()) phases[stage] = (seen[i + 1]?.[1] ?? now) - at;
        // Per entity, the span of its import history entries over their count: the apply time per row.
        const spans = await db.query<{ entity_type: string; n: number; ms: number }>(
          `select entity_type, count(*)::int as n, extract(epoch from max(occurred_at) - min(occurred_at)) * 1000 as ms
             from sync_history where workspace_id = $1 and source = 'import' group by entity_type order by entity_type`,
          [workspaceId],
        );
        return {
          ms: now - started,
          peakRss: peak,
          counts: row.counts,
          phases,
          spans: spans.rows.map((r) => `${r.entity_type} ${(Number(r.ms) / r.n).toFixed(2)} ms (${r.n})`).join(', '),
        };
      }
      if (row?.status === 'failed') throw new Error(`import failed: ${row.error}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** The baseline: a separate process paging through the same shop with the throttle lifted. */
  const pagerRun = async (domain: string, token: string): Promise<{ ms: number; rows: number; maxRssMb: number }> => {
    await control('PUT', `/shops/${domain}/throttle`, { maximumAvailable: 1_000_000, restoreRate: 1_000_000 });
    // Asynchronously: the emulator answering the pager lives in this process.
    const child = spawn(
      process.execPath,
      [
        resolve(ROOT, 'tools/dev/run.mjs'),
        'tools/bench/lib/shopify-pager.ts',
        `${emulator.url}/shops/${domain}/admin/api/2026-04/graphql.json`,
        token,
      ],
      {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`pager exited with ${code}`);
    const out = { stdout };
    return JSON.parse(out.stdout.trim().split('\n').pop() ?? '{}') as { ms: number; rows: number; maxRssMb: number };
  };

  try {
    const quarter = Math.max(10, Math.round(products / 4));
    const small = await importRun(quarter);
    const full = await importRun(products);
    // The baseline pages a freshly seeded shop of the same size (the import's shop is still there; either works).
    const shop = await seedShop(products);
    const baseline = await pagerRun(shop.domain, shop.token);
    const rows = baseline.rows;
    const ratio = baseline.ms / full.ms;
    const body = [
      `Shop: ${products} products x 3 variants, 2 locations (${products * 6} levels), ${Math.max(1, Math.round(products / 10))} customers, ${products} orders; ${rows} rows paged by the baseline. Import batch ${env['SHOPIFY_IMPORT_BATCH'] ?? 100}.`,
      '',
      table(
        ['run', 'wall time', 'rows/s', 'peak RSS'],
        [
          [
            `paging through it, throttle lifted (baseline)`,
            `${(baseline.ms / 1000).toFixed(1)} s`,
            Math.round(rows / (baseline.ms / 1000)),
            `${baseline.maxRssMb} MiB (pager process)`,
          ],
          [
            `import (worker)`,
            `${(full.ms / 1000).toFixed(1)} s`,
            Math.round(rows / (full.ms / 1000)),
            `${Math.round(full.peakRss)} MiB (worker; ${Math.round(idleRss)} MiB idle)`,
          ],
          [
            `import at ${quarter} products (worker)`,
            `${(small.ms / 1000).toFixed(1)} s`,
            '',
            `${Math.round(small.peakRss)} MiB`,
          ],
        ],
      ),
      '',
      `Import rate / paging rate: **${ratio.toFixed(2)}** (target >= 0.5). Peak worker RSS at ${quarter} vs ${products} products: ${Math.round(small.peakRss)} vs ${Math.round(full.peakRss)} MiB.`,
      `Counts: ${JSON.stringify(full.counts)}`,
      `Phase wall times at ${products} products (polled every 50 ms, bulk operation included): ${Object.entries(
        full.phases,
      )
        .filter(([stage]) => stage !== 'done')
        .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(2)} s`)
        .join(', ')}. History span per entry: ${full.spans}.`,
    ].join('\n');
    process.stdout.write(`${body}\n`);
    appendReport(
      `Shopify initial import, ${products} products`,
      `IMPORT_BENCH_PRODUCTS=${products} npm run bench -- tools/bench/shopify-import.bench.ts`,
      body,
    );
  } finally {
    await queue.close();
    await worker.stop();
    await db.end();
    await emulator.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
