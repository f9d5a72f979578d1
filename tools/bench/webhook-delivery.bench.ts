import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { newId } from '@retailos/shared/util';
import { appendReport, benchEnv, flag, PLATFORM_DATABASE_URL, percentile, prepareWorkspace } from './lib/commerce';
import { freePort, runJson, startApi, startWorker } from './lib/spawn-api';
import { runBench } from './lib/cli';

// autocannon ships no types; the slice used here (POST with a body).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: {
  url: string;
  method: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}) => Promise<{ requests: { average: number; total: number }; non2xx: number; errors: number; timeouts: number }>;

/**
 * Outbound webhook throughput: 1,000 subscriptions x 10 events = 10,000 signed deliveries from the real worker to a
 * local node:http receiver, against the rate the same receiver sustains from a plain load generator (autocannon)
 * with as many connections as the worker sends with, in the same run; and against the worker's send path alone
 * (tools/bench/lib/bare-sender.ts: same HTTP client and signatures, no database, no queue).
 *
 *   npm run bench -- tools/bench/webhook-delivery.bench.ts [--subs 1000] [--events 10] [--concurrency 64]
 *     [--receiver-delay-ms 0] [--duration 10] [--record]   (--record appends the result to docs/benchmarks-log.md)
 */

// The receiver runs in its own process so neither the load generator nor the bench's polling steals its CPU.
const RECEIVER = `
const http = require('node:http');
const delay = Number(process.env.DELAY_MS || 0);
let posts = 0;
http.createServer((req, res) => {
  if (req.method === 'GET') { res.end(JSON.stringify({ posts })); return; }
  req.resume();
  req.on('end', () => {
    posts++;
    const answer = () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); };
    if (delay > 0) setTimeout(answer, delay); else answer();
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

async function startReceiver(port: number, delayMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', RECEIVER], {
    env: { ...process.env, PORT: String(port), DELAY_MS: String(delayMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok) => child.stdout?.once('data', () => ok()));
  return child;
}

async function main(): Promise<void> {
  const subsCount = flag('subs', 1000);
  const eventsCount = flag('events', 10);
  const concurrency = flag('concurrency', 64);
  const delayMs = flag('receiver-delay-ms', 0, true);
  const duration = flag('duration', 10);
  const env = benchEnv({
    DATABASE_URL: PLATFORM_DATABASE_URL,
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WORKER_CONCURRENCY: String(concurrency),
    DATABASE_POOL_MAX: String(Math.max(20, Math.ceil(concurrency / 2))),
  });

  const { workspaceId, key } = prepareWorkspace(env, 'wh bench', 'webhooks:write,webhooks:read');

  const receiverPort = await freePort();
  const receiver = await startReceiver(receiverPort, delayMs);
  const receiverUrl = `http://127.0.0.1:${receiverPort}`;
  const api = await startApi(env, await freePort());
  const db = new Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  let worker: { stop(): Promise<void> } | undefined;
  try {
    // 1,000 subscriptions through the real endpoint (URL vetting, sealed secrets), 20 at a time.
    const t0 = Date.now();
    for (let i = 0; i < subsCount; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, subsCount - i) }, async (_v, j) => {
          const res = await fetch(`${api.url}/api/webhooks/subscribe`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ url: `${receiverUrl}/hooks/${i + j}`, topics: ['order.*'] }),
          });
          if (res.status !== 201) throw new Error(`subscribe answered ${res.status}: ${await res.text()}`);
        }),
      );
    }
    process.stderr.write(`created ${subsCount} subscriptions in ${Date.now() - t0} ms\n`);

    // The receiver's own ceiling: a plain load generator, same connection count as the worker's sender.
    const sample = JSON.stringify({
      id: newId('evt'),
      topic: 'order.created',
      workspaceId,
      occurredAt: new Date().toISOString(),
      data: { orderId: newId('ord'), total: { amount: 4200, currency: 'EUR' } },
    });
    const baseline = await autocannon({
      url: `${receiverUrl}/baseline`,
      method: 'POST',
      body: sample,
      headers: { 'content-type': 'application/json' },
      connections: concurrency,
      duration,
    });
    const receiverRps = baseline.requests.average;
    process.stderr.write(`receiver alone: ${Math.round(receiverRps)} req/s\n`);
    // The worker's own send path alone (same HTTP client and signatures, no database or queue), in its own process:
    // what any delivery pipeline built on it could reach here at best.
    const senderOnly = Number(
      runJson(
        'tools/bench/lib/bare-sender.ts',
        [`${receiverUrl}/sender`, String(concurrency), String(duration * 1000)],
        env,
      )['perSec'],
    );
    process.stderr.write(`sender alone: ${senderOnly} signed POSTs/s\n`);

    worker = await startWorker(env, process.env['WH_PROF']);
    const before = (await (await fetch(receiverUrl)).json()) as { posts: number };
    const started = Date.now();
    for (let e = 0; e < eventsCount; e++) {
      await db.query('begin');
      await db.query(
        `insert into outbox (id, workspace_id, topic, payload) values ($1, $2, 'order.created', $3::jsonb)`,
        [
          newId('evt'),
          workspaceId,
          JSON.stringify({ orderId: newId('ord'), n: e, total: { amount: 4200 + e, currency: 'EUR' } }),
        ],
      );
      await db.query(`select pg_notify('retailos_outbox', '')`);
      await db.query('commit');
    }
    const expected = subsCount * eventsCount;
    // Poll the receiver's count (its own process, no database load), then the database until every success is
    // recorded; the end time is the last recorded success, read from the rows themselves.
    const deadline = Date.now() + 600_000;
    const posted = async (): Promise<number> =>
      ((await (await fetch(receiverUrl)).json()) as { posts: number }).posts - before.posts;
    while ((await posted()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    let done = 0;
    let lastSuccessMs = 0;
    while (Date.now() < deadline) {
      const { rows } = await db.query<{ n: number; last: Date | null }>(
        `select count(*)::int as n, max(succeeded_at) as last from webhook_deliveries where workspace_id = $1 and status = 'succeeded'`,
        [workspaceId],
      );
      done = rows[0]?.n ?? 0;
      lastSuccessMs = rows[0]?.last ? new Date(rows[0].last).getTime() : 0;
      if (done >= expected) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsedMs = lastSuccessMs - started;
    if (done < expected) throw new Error(`only ${done}/${expected} deliveries succeeded`);
    const after = (await (await fetch(receiverUrl)).json()) as { posts: number };
    const { rows: lat } = await db.query<{ ms: number }>(
      `select extract(epoch from d.succeeded_at - o.occurred_at) * 1000 as ms
         from webhook_deliveries d join outbox o on o.id = d.event_id where d.workspace_id = $1`,
      [workspaceId],
    );
    const latencies = lat.map((r) => Number(r.ms)).sort((x, y) => x - y);
    // Per subscription, deliveries must have succeeded in event order.
    const { rows: order } = await db.query<{ n: number }>(
      `select count(*)::int as n from (
         select subscription_id, succeeded_at, lag(succeeded_at) over (partition by subscription_id order by event_seq) as prev
           from webhook_deliveries where workspace_id = $1) x where prev > succeeded_at`,
      [workspaceId],
    );
    const deliveriesPerSec = expected / (elapsedMs / 1000);
    const result = {
      subscriptions: subsCount,
      events: eventsCount,
      deliveries: expected,
      receiverPosts: after.posts - before.posts,
      elapsedMs,
      deliveriesPerSec: Math.round(deliveriesPerSec),
      receiverAloneRps: Math.round(receiverRps),
      ratio: Math.round((deliveriesPerSec / receiverRps) * 1000) / 1000,
      senderAlonePerSec: senderOnly,
      ratioToSenderAlone: Math.round((deliveriesPerSec / senderOnly) * 1000) / 1000,
      eventToDeliveryP50Ms: Math.round(percentile(latencies, 50)),
      eventToDeliveryP99Ms: Math.round(percentile(latencies, 99)),
      outOfOrder: order[0]?.n ?? 0,
      concurrency,
      receiverDelayMs: delayMs,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);

    if (!process.argv.includes('--record')) return;
    appendReport(
      'Webhook delivery throughput',
      `npm run bench -- tools/bench/webhook-delivery.bench.ts --subs ${subsCount} --events ${eventsCount} --concurrency ${concurrency} --receiver-delay-ms ${delayMs} --duration ${duration} --record`,
      `Receiver: node:http, answers 200 \`{"ok":true}\`${delayMs > 0 ? ` after ${delayMs} ms` : ' at once'}. Worker: WORKER_CONCURRENCY=${concurrency}; autocannon with ${concurrency} connections.\n\n` +
        '| measure | value |\n|---|---|\n' +
        `| deliveries (subscriptions x events) | ${expected} (${subsCount} x ${eventsCount}), all succeeded, ${result.receiverPosts} POSTs received |\n` +
        `| end to end (first commit -> last success) | ${elapsedMs} ms |\n` +
        `| deliveries/s | ${result.deliveriesPerSec} |\n` +
        `| receiver alone (autocannon) req/s | ${result.receiverAloneRps} |\n` +
        `| **ratio** (target >= 0.5) | **${result.ratio}** |\n` +
        `| sender alone (the worker's HTTP client + signatures, no DB/queue, ${concurrency} in flight) per s | ${result.senderAlonePerSec} |\n` +
        `| deliveries/s over sender alone | ${result.ratioToSenderAlone} |\n` +
        `| event -> delivery p50 / p99 | ${result.eventToDeliveryP50Ms} / ${result.eventToDeliveryP99Ms} ms |\n` +
        `| per-subscription order violations | ${result.outOfOrder} |`,
      'api, worker, receiver and load generator',
    );
  } finally {
    await db.end();
    await worker?.stop();
    await api.stop();
    receiver.kill('SIGTERM');
  }
}

runBench(main);
