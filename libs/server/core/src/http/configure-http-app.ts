import fastifyCookie from '@fastify/cookie';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadConfig, type AppConfig } from '../config/app-config';
import type { AppLogger } from '../logging/logger';
import { httpRequestDuration } from '../metrics/metrics';
import { createValidationPipe } from './validation.pipe';
import { viewComponents } from './openapi-views';
import { ProblemDetailsFilter } from './problem-details.filter';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { countEarly } from '../auth/authenticator';
import { DomainError, ValidationFailedError } from '../errors/domain-error';
import { findOutOfBounds, INPUT_BOUNDS, scanJsonText } from './input-bounds';
import { problem, PROBLEM_CONTENT_TYPE } from './problem-details';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Accept queue of the api's listening socket (the api and the test harness listen with it). */
export const LISTEN_BACKLOG = 4096;

/** Routes whose JSON body is not parsed here: the route reads `rawBody` (exact bytes) itself. */
export const RAW_BODY_PATHS = new Set(['/api/shopify/webhooks']);

/** Fastify options shared by the api and tests: request ids, raw body kept for signature checks. */
export function fastifyOptions(config: Pick<AppConfig, 'TRUST_PROXY'> = loadConfig()): Record<string, unknown> {
  return {
    logger: false,
    // Only behind a proxy that overwrites X-Forwarded-For may we trust it; otherwise clients could pick their own IP
    // and dodge the per-IP limits.
    trustProxy: config.TRUST_PROXY,
    bodyLimit: INPUT_BOUNDS.bodyBytes,
    // Errors Fastify raises before any route runs (bad URL encoding, over-long path parameter) and at the socket
    // (431 headers too large, malformed HTTP): problem+json with a request id, like every other error.
    frameworkErrors: (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) =>
      earlyProblem(error, withClientIp(request, config.TRUST_PROXY), reply),
    clientErrorHandler: clientErrorProblem,
    routerOptions: { querystringParser: parseQueryString },
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
  // A JSON api: any other body (Fastify parses text/plain by default) is refused with 415 before any route runs.
  if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(/^application\/([\w.+-]+\+)?json/, { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    (req as unknown as { rawBody: Buffer }).rawBody = body;
    if (body.length === 0) return done(null, undefined);
    // Signed third-party deliveries are kept as bytes only: their route verifies the signature over them and its job
    // parses them later, keyed on GIDs (Shopify ids above 2^53 would fail the exact-number check of our own API).
    if (RAW_BODY_PATHS.has((req.url ?? '').split('?')[0] ?? '')) return done(null, undefined);
    const text = body.toString('utf8');
    // Depth, array length and keys per object on the text: a hostile shape never reaches JSON.parse.
    const tooBig = scanJsonText(text);
    if (tooBig) return done(new ValidationFailedError([tooBig]), undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const err = new Error('The request body is not valid JSON.') as Error & { statusCode: number; code: string };
      err.statusCode = 400;
      err.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
      return done(err, undefined);
    }
    // Shape, strings and numbers in one linear walk, before class-transformer ever sees the body.
    const outOfBounds = findOutOfBounds(parsed);
    if (outOfBounds) return done(new ValidationFailedError([outOfBounds]), undefined);
    done(null, parsed);
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    if ((request.query as Record<symbol, unknown> | undefined)?.[MALFORMED_QUERY]) {
      return done(
        new DomainError(
          'malformed_query',
          'The query string is not valid (bad percent-encoding or invalid UTF-8).',
          400,
        ),
      );
    }
    done();
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
  // Response bodies: the contracts' view registry (request bodies stay the DTO classes' own schemas).
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const [name, schema] of Object.entries(viewComponents())) {
    if (name in schemas) throw new Error(`OpenAPI schema ${name} is both a DTO class and a contract view`);
    schemas[name] = schema as (typeof schemas)[string];
  }
  document.components.schemas = schemas;
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', useGlobalPrefix: false });
}

function earlyProblem(
  error: Error & { statusCode?: number; code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const code =
    error.code === 'FST_ERR_BAD_URL'
      ? 'malformed_url'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'path_parameter_too_long'
        : 'bad_request';
  const detail =
    code === 'malformed_url'
      ? 'The URL is not valid (bad percent-encoding).'
      : code === 'path_parameter_too_long'
        ? 'A path parameter is too long.'
        : 'The request is not valid.';
  const path = (request.raw.url ?? '/').split('?')[0] ?? '/';
  const send = (doc: ReturnType<typeof problem>): void => {
    void reply
      .code(doc.status)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .header('x-request-id', request.id)
      .send(JSON.stringify(doc));
  };
  // Counted as the guard would have (per workspace with valid credentials, per IP otherwise): never free of the limits.
  void countEarly(request, reply).then((limited) => {
    if (limited) void reply.header('Retry-After', String(limited.retryAfterSeconds));
    if (limited)
      send(
        problem(429, 'rate_limited', limited.message, '/', { extensions: { retryAfter: limited.retryAfterSeconds } }),
      );
    else send(problem(status, code, detail, safeInstance(path)));
  });
}

/**
 * The request Fastify hands to frameworkErrors ignores trustProxy (its ip is the socket's): recompute it the way
 * trustProxy=true does (the left-most X-Forwarded-For address), so the per-IP limit counts the same client.
 */
function withClientIp(request: FastifyRequest, trustProxy: boolean): FastifyRequest {
  const forwarded = request.headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  if (!trustProxy || !first) return request;
  return Object.create(request, { ip: { value: first } }) as FastifyRequest;
}

/** Percent-decoding failed, so the raw path may hold anything: keep it out of the answer unless plainly printable. */
function safeInstance(path: string): string {
  return /^[\x21-\x7e]{1,512}$/.test(path) ? path : '/';
}

/** Errors at the HTTP parser (431 headers too large, malformed requests): there is no request object yet. */
function clientErrorProblem(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const code = status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'malformed_request';
  const reason =
    status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const detail =
    status === 431
      ? 'The request headers are too large.'
      : status === 408
        ? 'The request took too long to arrive.'
        : 'The HTTP request is malformed.';
  const body = JSON.stringify(problem(status, code, detail, '/'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nx-request-id: ${randomUUID()}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

const MALFORMED_QUERY = Symbol('retailos.malformedQuery');

/**
 * Strict query-string parsing: a bad percent-escape or bytes that are not UTF-8 (a CESU-8 lone surrogate included)
 * make the whole query invalid (400 malformed_query) instead of being passed on mangled. Repeated keys become arrays.
 */
export function parseQueryString(text: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  if (text === '') return out;
  try {
    for (const part of text.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      const key = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
      const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
      const prev = out[key];
      if (prev === undefined) out[key] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[key] = [prev, value];
    }
  } catch {
    (out as unknown as Record<symbol, boolean>)[MALFORMED_QUERY] = true;
  }
  return out;
}
