/** Names shared by the global setup (parent process) and the per-worker setup (each Jest worker). */
export const ADMIN_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export function runId(): string {
  const id = process.env['RETAILOS_TEST_RUN'];
  if (!id) throw new Error('RETAILOS_TEST_RUN is not set: run tests through jest.int.config.js or jest.e2e.config.js');
  return id;
}

export function templateDbName(run = runId()): string {
  return `rt_tpl_${run}`;
}

export function workerDbName(workerId: string | number, run = runId()): string {
  return `rt_test_${run}_w${workerId}`;
}

export function dbUrl(name: string): string {
  const u = new URL(ADMIN_DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export function workerId(): string {
  return process.env['JEST_WORKER_ID'] ?? '1';
}

/** The Redis key prefix of this Jest worker: BullMQ queues, rate limits and socket fan-out of one test run never collide. */
export function workerRedisPrefix(id = workerId(), run = runId()): string {
  return `rt:${run}:w${id}`;
}
