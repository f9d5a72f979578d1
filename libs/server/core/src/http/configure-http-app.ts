import fastifyCookie from '@fastify/cookie';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type AppConfig } from '../config/app-config';
import type { AppLogger } from '../logging/logger';
import { httpRequestDuration } from '../metrics/metrics';
import { createValidationPipe } from './validation.pipe';
import { ProblemDetailsFilter } from './problem-details.filter';
import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Fastify options shared by the api and tests: request ids, raw body kept for signature checks. */
export function fastifyOptions(config: Pick<AppConfig, 'TRUST_PROXY'> = loadConfig()): Record<string, unknown> {
  return {
    logger: false,
    // Only behind a proxy that overwrites X-Forwarded-For may we trust it; otherwise clients could pick their own IP
    // and dodge the per-IP limits.
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 5 * 1024 * 1024,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  };
}

/** Everything an HTTP app needs besides its modules: prefix, validation, problem+json, logs, metrics, OpenAPI. */
export function configureHttpApp(app: NestFastifyApplication, logger: AppLogger): void {
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Session cookies (identity): parsed on every request, set on sign-in.
  void app.register(fastifyCookie);

  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  // Keep the exact bytes of JSON bodies: webhook signatures are computed over them, not over a re-serialisation.
  if (fastify.hasContentTypeParser('application/json')) fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    (req as unknown as { rawBody: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      const err = new Error('The request body is not valid JSON.') as Error & { statusCode: number; code: string };
      err.statusCode = 400;
      err.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      done(err, undefined);
    }
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    httpRequestDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, seconds);
    // The access line is info: below the configured level (production runs at warn) skip building it at all.
    if (!logger.isLevelEnabled('info')) return done();
    logger.info(
      {
        reqId: request.id,
        method: request.method,
        url: request.url,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      },
      'request completed',
    );
    done();
  });
}

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Retailos API')
    .setDescription('Retail back office: catalog, inventory, customers, orders, Shopify sync, webhooks.')
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Workspace API key (wsk_live_...)' }, 'apiKey')
    .addCookieAuth('retailos_session', { type: 'apiKey', in: 'cookie' }, 'session')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', useGlobalPrefix: false });
}
