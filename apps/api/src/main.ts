import { AppConfig, loadConfig } from '@retailos/server/core';
import cluster from 'node:cluster';
import { createApiApp } from './bootstrap';

async function serve(): Promise<void> {
  const app = await createApiApp();
  const config = app.get(AppConfig);
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(`${JSON.stringify({ level: 30, pid: process.pid, msg: `api listening on http://localhost:${config.PORT}/api` })}\n`);
}

/**
 * API_PROCESSES > 1 runs that many copies of the stateless api on one port through node:cluster (the kernel-facing
 * primary hands out connections round-robin). All shared state is in Postgres and Redis, so the copies need nothing
 * from each other. Socket.IO clients must then use the websocket transport (long-polling needs sticky sessions).
 */
function supervise(copies: number): void {
  let stopping = false;
  for (let i = 0; i < copies; i++) cluster.fork();
  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  process.on('SIGINT', () => stopAll('SIGTERM'));
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      // A copy that dies takes the whole api down: a supervisor (systemd, k8s, npm start) restarts it cleanly.
      process.stderr.write(`api process ${worker.process.pid} exited (${signal ?? code}); stopping the others\n`);
      process.exitCode = code || 1;
      stopAll('SIGTERM');
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
  });
}

const copies = cluster.isPrimary ? loadConfig().API_PROCESSES : 1;
if (copies > 1) {
  supervise(copies);
} else {
  serve().catch((err: unknown) => {
    process.stderr.write(`api failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
