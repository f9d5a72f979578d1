import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureHttpApp, createLogger, fastifyOptions, PinoNestLogger, setupOpenApi } from '@retailos/server/core';
import { AppModule } from './app.module';

/** Builds the api application (not listening yet). Used by main.ts and by the test harness. */
export async function createApiApp(): Promise<NestFastifyApplication> {
  const logger = createLogger({ name: 'api' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(fastifyOptions()), {
    logger: new PinoNestLogger(logger),
    // configureHttpApp installs a JSON parser that keeps the raw bytes (signature checks need them).
    bodyParser: false,
  });
  configureHttpApp(app, logger);
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
