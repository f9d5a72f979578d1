import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUES } from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { LISTEN_BACKLOG, setLogDestination } from '@retailos/server/core';
import { redisOptionsFromUrl } from '@retailos/server/queue';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/** Boots the real api (in this process) on a random port against this worker's database and Redis prefix. */
export async function createTestApp(factory: () => Promise<NestFastifyApplication>): Promise<TestApp> {
  const app = await factory();
  await app.listen({ port: 0, host: '127.0.0.1', backlog: LISTEN_BACKLOG });
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** Captures every log line written while it is installed (install before the app boots). */
export function captureLogs(): { lines: string[]; text(): string; restore(): void } {
  const lines: string[] = [];
  setLogDestination({ write: (chunk: string) => void lines.push(chunk) });
  return { lines, text: () => lines.join(''), restore: () => setLogDestination(undefined) };
}

/** Waits until the outbox is published, the Shopify inbox drained, and every queue of this worker's prefix is idle. */
export async function drainQueues(
  options: { timeoutMs?: number; worker?: INestApplicationContext } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15000;
  const prefix = process.env['REDIS_PREFIX'] ?? 'retailos';
  const connection = redisOptionsFromUrl(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix }));
  const db = new Client({ connectionString: process.env['DATABASE_URL'] });
  await db.connect();
  const deadline = Date.now() + timeoutMs;
  try {
    let idleRounds = 0;
    while (Date.now() < deadline) {
      // Shopify deliveries not yet turned into apply jobs by the worker's inbox drain count as pending work too.
      const { rows } = await db.query<{ n: number }>(
        'select (select count(*) from outbox where published_at is null)::int + (select count(*) from shopify_webhooks where queued_at is null)::int as n',
      );
      const counts = await Promise.all(
        queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      );
      const busy = (rows[0]?.n ?? 0) + counts.reduce((s, c) => s + Object.values(c).reduce((a, b) => a + b, 0), 0);
      // Two idle reads in a row: a job that finished may have just enqueued another.
      idleRounds = busy === 0 ? idleRounds + 1 : 0;
      if (idleRounds >= 2) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`Queues did not drain within ${timeoutMs} ms`);
  } finally {
    await db.end();
    await Promise.all(queues.map((q) => q.close()));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolvePort(port));
    });
  });
}

export interface SpawnedProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Runs an app entry point as a separate OS process (for multi-process tests), with this worker's env. */
export async function spawnApp(
  entry: string,
  env: Record<string, string> = {},
  ready: { url?: string; pattern?: RegExp; timeoutMs?: number } = {},
): Promise<SpawnedProcess> {
  const root = resolve(__dirname, '../../../..');
  const child = spawn(process.execPath, [resolve(root, 'tools/dev/run.mjs'), entry], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + (ready.timeoutMs ?? 30000);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}:\n${out}`);
    if (ready.pattern && ready.pattern.test(out)) return { child, output: () => out, stop };
    if (ready.url) {
      const ok = await fetch(ready.url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return { child, output: () => out, stop };
    }
    if (!ready.url && !ready.pattern) return { child, output: () => out, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${entry} was not ready in time:\n${out}`);
}
