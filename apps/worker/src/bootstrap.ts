import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppConfig, createLogger, PinoNestLogger, renderMetrics } from '@retailos/server/core';
import { checkNoeviction, closeRedis, createRedis } from '@retailos/server/queue';
import { createServer, type Server } from 'node:http';
import { WorkerModule } from './worker.module';

export interface RunningWorker {
  app: INestApplicationContext;
  metricsServer?: Server;
  close(): Promise<void>;
}

/** Boots the worker context; a missing job handler throws here, before any job is taken. */
export async function startWorker(options: { metricsPort?: number } = {}): Promise<RunningWorker> {
  const logger = createLogger({ name: 'worker' });
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  const redis = createRedis(config.REDIS_URL);
  await checkNoeviction(redis);
  await closeRedis(redis);
  await app.init();

  const port = options.metricsPort ?? config.WORKER_METRICS_PORT;
  let metricsServer: Server | undefined;
  if (config.METRICS_ENABLED && port !== undefined && port >= 0) {
    metricsServer = createServer((req, res) => {
      if (req.url === '/metrics') {
        void renderMetrics().then((body) => {
          res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
          res.end(body);
        });
      } else if (req.url === '/health/live') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"ok"}');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => metricsServer?.listen(port, '0.0.0.0', resolve));
    logger.info(`worker metrics on http://localhost:${port}/metrics`);
  }
  return {
    app,
    metricsServer,
    close: async () => {
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await app.close();
    },
  };
}
