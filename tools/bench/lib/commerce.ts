import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, run, runJson } from './spawn-api';

/** Shared plumbing of the commerce benchmarks: a dedicated database, a seeded workspace, stats, the report. */

export const BENCH_DATABASE_URL =
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/retailos_bench';
/**
 * The platform benchmarks (auth, sockets, webhooks, Shopify ingest) run on the dev database (or DATABASE_URL): those
 * that time the outbox need a drained one, and the commerce benchmarks above leave unrelayed outbox rows behind.
 */
export const PLATFORM_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/retailos_dev';
export const BENCH_CURSOR_SECRET = 'bench-cursor-secret-0123456789';

export { flag, percentile } from './cli';

/** The environment of a benchmark's api/worker processes; `extra` adds or overrides variables. */
export function benchEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_PREFIX: `bench-${Date.now().toString(36)}`,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    CURSOR_SECRET: BENCH_CURSOR_SECRET,
    WORKER_METRICS_PORT: '-1',
    // Limits stay on (their Redis round trip is part of every request) but far above what a run can reach.
    RATE_LIMIT_FREE: '1000000000',
    RATE_LIMIT_PRO: '1000000000',
    RATE_LIMIT_ENTERPRISE: '1000000000',
    RATE_LIMIT_IP: '1000000000',
    ...extra,
  };
}

/** Migrates the bench database (created on first use) and seeds an enterprise workspace with a key (`*` unless said). */
export function prepareWorkspace(
  env: NodeJS.ProcessEnv,
  name: string,
  scopes = '*',
): { workspaceId: string; key: string; stamp: string } {
  run('tools/db/migrate.ts', ['up'], env);
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const ws = runJson(
    'tools/cli/main.ts',
    [
      'workspace:create',
      '--name',
      `${name} ${stamp}`,
      '--owner-email',
      `bench-${stamp}@example.test`,
      '--owner-password',
      `pw-${stamp}-bench`,
      '--plan',
      'enterprise',
    ],
    env,
  );
  const workspaceId = ws['workspaceId'] ?? '';
  const key =
    runJson(
      'tools/cli/main.ts',
      ['apikey:create', '--workspace', workspaceId, '--name', 'bench', '--scopes', scopes],
      env,
    )['key'] ?? '';
  return { workspaceId, key, stamp };
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

export function api(url: string, key: string) {
  const send = async (method: string, path: string, body?: unknown): Promise<JsonResponse> => {
    const started = performance.now();
    const res = await fetch(`${url}${path}`, {
      method,
      headers:
        body === undefined
          ? { authorization: `Bearer ${key}` }
          : { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const ms = performance.now() - started;
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, ms };
  };
  return {
    get: (path: string) => send('GET', path),
    post: async (path: string, body: unknown) => {
      const res = await send('POST', path, body);
      return res;
    },
    must: async (method: string, path: string, body?: unknown) => {
      const res = await send(method, path, body);
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** `setup`: the processes that shared the host with the load generator. */
export function machineNote(setup = 'api (separate process) and load generator'): string {
  const cpu = cpus();
  return `${cpu.length} CPU (${cpu[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, Postgres and Redis local; ${setup} on the same host, other engineers' jobs may share the cores.`;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function appendReport(title: string, command: string, body: string, setup?: string): void {
  const docs = join(ROOT, 'docs');
  const file = join(docs, 'benchmarks-log.md');
  if (!existsSync(docs)) mkdirSync(docs, { recursive: true });
  if (!existsSync(file)) writeFileSync(file, '# Benchmarks\n');
  appendFileSync(
    file,
    `\n## ${title} (${new Date().toISOString()})\n\nCommand: \`${command}\`\n\nMachine: ${machineNote(setup)}\n\n${body}\n`,
  );
}
