import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { newId } from '@retailos/shared/util';
import { appendReport, benchEnv, flag, PLATFORM_DATABASE_URL, percentile, prepareWorkspace } from './lib/commerce';
import { freePort, startApi, startWorker } from './lib/spawn-api';
import { runBench } from './lib/cli';

/**
 * Event-to-socket latency: an event committed to the outbox (the way every context raises one) travels through
 * the worker's relay, the `realtime.broadcast` job and the Socket.IO Redis adapter to clients on the api.
 * Latency is measured from just before COMMIT to receipt, in this process (one clock).
 *
 *   npm run bench -- tools/bench/socket-latency.bench.ts [--clients 20] [--events 500] [--rate 50] [--record]
 */

async function main(): Promise<void> {
  const clientsCount = flag('clients', 20);
  const eventsCount = flag('events', 500);
  const rate = flag('rate', 50);
  const env = benchEnv({ DATABASE_URL: PLATFORM_DATABASE_URL });

  const { workspaceId, key } = prepareWorkspace(env, 'ws bench', 'orders:read');

  const api = await startApi(env, await freePort());
  const worker = await startWorker(env);
  const db = new Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  const sockets: Socket[] = [];
  try {
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    let received = 0;
    for (let c = 0; c < clientsCount; c++) {
      const socket = io(api.url, { path: '/ws', transports: ['websocket'], auth: { token: key }, reconnection: false });
      sockets.push(socket);
      socket.on('event', (e: { id: string }) => {
        const t = sentAt.get(e.id);
        if (t === undefined) return;
        latencies.push(performance.now() - t);
        received++;
      });
      await new Promise<void>((ok, fail) => {
        socket.once('ready', () => ok());
        socket.once('connect_error', fail);
      });
    }
    const raise = async (): Promise<void> => {
      const id = newId('evt');
      await db.query('begin');
      await db.query(
        `insert into outbox (id, workspace_id, topic, payload) values ($1, $2, 'order.created', $3::jsonb)`,
        [id, workspaceId, JSON.stringify({ orderId: newId('ord') })],
      );
      await db.query(`select pg_notify('retailos_outbox', '')`);
      sentAt.set(id, performance.now());
      await db.query('commit');
    };
    // Warm-up, not measured.
    for (let i = 0; i < 20; i++) await raise();
    await new Promise((r) => setTimeout(r, 1000));
    latencies.length = 0;
    received = 0;
    const interval = 1000 / rate;
    const start = performance.now();
    for (let i = 0; i < eventsCount; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await raise();
    }
    const expected = eventsCount * clientsCount;
    const deadline = Date.now() + 30_000;
    while (received < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const sorted = [...latencies].sort((a, b) => a - b);
    const result = {
      clients: clientsCount,
      events: eventsCount,
      ratePerSec: rate,
      received,
      expected,
      p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
      p95Ms: Math.round(percentile(sorted, 95) * 10) / 10,
      p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
      maxMs: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (received < expected) process.exitCode = 1;
    if (!process.argv.includes('--record')) return;
    appendReport(
      'Event-to-socket latency',
      `npm run bench -- tools/bench/socket-latency.bench.ts --clients ${clientsCount} --events ${eventsCount} --rate ${rate} --record`,
      'Path: COMMIT of an outbox row -> worker relay (LISTEN/NOTIFY) -> `realtime.broadcast` job -> Redis emitter -> Socket.IO adapter -> client.\n\n' +
        '| measure | value |\n|---|---|\n' +
        `| events x clients | ${eventsCount} x ${clientsCount} at ${rate} events/s; ${received}/${expected} received |\n` +
        `| p50 / p95 | ${result.p50Ms} / ${result.p95Ms} ms |\n` +
        `| **p99** (target < 200 ms) | **${result.p99Ms} ms** |\n` +
        `| max | ${result.maxMs} ms |`,
      'api, worker and clients',
    );
  } finally {
    for (const s of sockets) s.disconnect();
    await db.end();
    await worker.stop();
    await api.stop();
  }
}

runBench(main);
