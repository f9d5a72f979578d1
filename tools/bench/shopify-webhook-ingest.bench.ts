import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { AutocannonResult } from './lib/autocannon';
import { appendReport, benchEnv, flag, PLATFORM_DATABASE_URL, prepareWorkspace } from './lib/commerce';
import { freePort, ROOT, startApi } from './lib/spawn-api';
import { runBench } from './lib/cli';

// autocannon ships no types; per-request headers (a fresh X-Shopify-Webhook-Id each) need its setupRequest hook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

/**
 * Shopify webhook ingest: POST /api/shopify/webhooks (HMAC over raw bytes, connection lookup, inbox insert unique on
 * the webhook id, 200; the worker's inbox drain enqueues the apply jobs later, in bulk) against a bare Fastify route doing the same HMAC check and inbox insert, both
 * separate processes on the same database, rounds interleaved. Sustained rate at full load, then p99 at 1,000/s.
 *
 *   npm run bench -- tools/bench/shopify-webhook-ingest.bench.ts [--duration 10] [--connections 32] [--rounds 2] [--rate 1000]
 */
async function main(): Promise<void> {
  const duration = flag('duration', 10);
  const connections = flag('connections', 32);
  const rounds = flag('rounds', 2);
  const rate = flag('rate', 1000);
  const secret = `bench-secret-${randomBytes(8).toString('hex')}`;
  const env = benchEnv({ DATABASE_URL: PLATFORM_DATABASE_URL, SHOPIFY_CLIENT_SECRET: secret });

  const { workspaceId, stamp } = prepareWorkspace(env, 'bench');
  const shop = `bench-${stamp}.myshopify.com`;
  const db = new Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  // A connected shop (the token is never used on this path, so a placeholder seal is enough).
  await db.query(
    `insert into shopify_connections (id, workspace_id, shop_domain, access_token_sealed, scopes) values ($1, $2, $3, 'v1:bench', 'read_customers')`,
    [`shc_bench${stamp}`, workspaceId, shop],
  );

  // A real customers/update body shape (~1 KB, Shopify's escapes, an id above 2^53), signed once: the webhook id varies.
  const body = JSON.stringify({
    id: 0,
    email: 'bob\\/biller@example.com',
    first_name: 'Bob',
    last_name: 'Biller',
    note: 'This customer loves ice cream \\u0026 cake'.padEnd(700, '.'),
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: 'gid:\\/\\/shopify\\/Customer\\/788032119674292922',
  }).replace('"id":0', '"id":788032119674292922');
  const hmac = createHmac('sha256', secret).update(body).digest('base64');
  const headersFor = (): Record<string, string> => ({
    'content-type': 'application/json',
    'x-shopify-topic': 'customers/update',
    'x-shopify-shop-domain': shop,
    'x-shopify-hmac-sha256': hmac,
    'x-shopify-webhook-id': randomBytes(12).toString('hex'),
    'x-shopify-event-id': randomBytes(8).toString('hex'),
    'x-shopify-triggered-at': new Date().toISOString(),
  });
  const fire = (url: string, opts: Record<string, unknown>): Promise<AutocannonResult> =>
    autocannon({
      url,
      method: 'POST',
      body,
      connections,
      duration,
      requests: [
        { method: 'POST', body, setupRequest: (req: Record<string, unknown>) => ({ ...req, headers: headersFor() }) },
      ],
      ...opts,
    });

  const api = await startApi(env, await freePort());
  const barePort = await freePort();
  const bare = spawn(
    process.execPath,
    [resolve(ROOT, 'tools/dev/run.mjs'), 'tools/bench/lib/bare-shopify-receiver.ts', String(barePort)],
    {
      cwd: ROOT,
      env: { ...env, BENCH_WORKSPACE: workspaceId },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const bareUrl = `http://127.0.0.1:${barePort}/webhooks`;
  try {
    for (
      let i = 0;
      i < 300 &&
      !(await fetch(`http://127.0.0.1:${barePort}/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await new Promise((r) => setTimeout(r, 200));
    const apiUrl = `${api.url}/api/shopify/webhooks`;
    const check = await fetch(apiUrl, { method: 'POST', headers: headersFor(), body });
    if (check.status !== 200) throw new Error(`webhook route answered ${check.status}: ${await check.text()}`);
    // Warm up both (JIT, pools).
    await fire(apiUrl, { duration: 2 });
    await fire(bareUrl, { duration: 2 });

    const rows: { label: string; r: AutocannonResult }[] = [];
    for (let i = 0; i < rounds; i++) {
      rows.push({ label: `bare Fastify route, full load (round ${i + 1})`, r: await fire(bareUrl, {}) });
      rows.push({ label: `POST /api/shopify/webhooks, full load (round ${i + 1})`, r: await fire(apiUrl, {}) });
    }
    const bareFixed = await fire(bareUrl, { overallRate: rate, connections: 64 });
    const apiFixed = await fire(apiUrl, { overallRate: rate, connections: 64 });
    const avg = (label: string): number => {
      const xs = rows.filter((x) => x.label.startsWith(label)).map((x) => x.r.requests.average);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    const ratio = avg('POST') / avg('bare');
    const bad = [...rows.map((x) => x.r), bareFixed, apiFixed].reduce(
      (s, x) => s + x.non2xx + x.errors + x.timeouts,
      0,
    );
    const stored = await db.query<{ n: number }>(
      'select count(*)::int as n from shopify_webhooks where workspace_id = $1',
      [workspaceId],
    );
    // No worker ran: a worker started later on this database would drain and apply every bench delivery.
    await db.query('delete from shopify_webhooks where workspace_id = $1', [workspaceId]);
    const result = {
      apiRps: Math.round(avg('POST')),
      bareRps: Math.round(avg('bare')),
      ratio: Math.round(ratio * 100) / 100,
      apiP99AtRate: apiFixed.latency.p99,
      bareP99AtRate: bareFixed.latency.p99,
      rate,
      bad,
      inboxRows: stored.rows[0]?.n,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    appendReport(
      'Shopify webhook ingest',
      `npm run bench -- tools/bench/shopify-webhook-ingest.bench.ts --duration ${duration} --connections ${connections} --rounds ${rounds} --rate ${rate}`,
      "No worker runs: deliveries wait in the inbox for the worker's drain.\n\n" +
        '| path | deliveries/s | p50 / p99 ms |\n|---|---|---|\n' +
        rows
          .map((x) => `| ${x.label} | ${Math.round(x.r.requests.average)} | ${x.r.latency.p50} / ${x.r.latency.p99} |`)
          .join('\n') +
        `\n| bare Fastify route at ${rate}/s | ${Math.round(bareFixed.requests.average)} | ${bareFixed.latency.p50} / ${bareFixed.latency.p99} |\n` +
        `| POST /api/shopify/webhooks at ${rate}/s | ${Math.round(apiFixed.requests.average)} | ${apiFixed.latency.p50} / ${apiFixed.latency.p99} |\n\n` +
        `Each delivery: a fresh X-Shopify-Webhook-Id, a 1 KB signed customers/update body. Sustained ratio api/bare: **${result.ratio}** (target >= 0.5); ` +
        `p99 at ${rate}/s: **${apiFixed.latency.p99} ms** (target < 100 ms). Non-2xx or errors: ${bad}. Inbox rows written by both: ${result.inboxRows}.`,
      'api, baseline and load generator',
    );
    if (bad > 0) process.exitCode = 1;
  } finally {
    bare.kill('SIGTERM');
    await api.stop();
    await db.end();
  }
}

runBench(main);
