import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GUARD_SEEN } from '../auth/auth.decorators';
import { countEarly, hasEarlyPolicies } from '../auth/authenticator';
import { DomainError, RateLimitedError } from '../errors/domain-error';
import { describeError } from '../logging/redact';
import { problem, PROBLEM_CONTENT_TYPE, type ProblemDocument } from './problem-details';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** The single place errors become HTTP answers: every error body is application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    // Refused before the guard ran (bad JSON, body too large, unknown route): the rate limits count it all the same.
    if (hasEarlyPolicies(request) && !(request as unknown as Record<symbol, boolean>)[GUARD_SEEN]) {
      (request as unknown as Record<symbol, boolean>)[GUARD_SEEN] = true;
      void this.countThenSend(exception, request, reply);
      return;
    }
    this.send(exception, request, reply);
  }

  private async countThenSend(exception: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const limited = await countEarly(request, reply);
    if (limited) void reply.header('Retry-After', String(limited.retryAfterSeconds));
    this.send(limited ?? exception, request, reply);
  }

  private send(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const doc = this.toProblem(exception, request.url.split('?')[0] ?? '/');
    if (doc.status >= 500) {
      // Codes and ids only: a driver error's message and detail carry the SQL and the row's values (customer data).
      this.logger.error(
        { err: describeError(exception), reqId: request.id, route: request.routeOptions?.url },
        'Unhandled error',
      );
    }
    if (exception instanceof RateLimitedError) void reply.header('Retry-After', String(exception.retryAfterSeconds));
    void reply.status(doc.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(doc));
  }

  toProblem(exception: unknown, instance: string): ProblemDocument {
    if (exception instanceof DomainError) {
      return problem(exception.status, exception.code, exception.message, instance, {
        errors: exception.errors,
        extensions: exception.extensions,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response && 'message' in response
          ? String((response as { message: unknown }).message)
          : exception.message;
      if (status === 404) return problem(404, 'route_not_found', message, instance);
      return problem(status, httpCode(status), message, instance);
    }
    const fe = exception as FastifyLikeError | undefined;
    if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      // Fastify's own errors (body parsing, media type, size) carry statusCode + code.
      const code =
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fe.message ?? '')
          ? 'malformed_json'
          : httpCode(fe.statusCode);
      const detail = code === 'malformed_json' ? 'The request body is not valid JSON.' : (fe.message ?? 'Bad request');
      return problem(fe.statusCode, code, detail, instance);
    }
    return problem(500, 'internal_error', 'An unexpected error occurred.', instance);
  }
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal_error' : 'http_error';
  }
}
