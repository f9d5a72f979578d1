import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import type { RequestWithPrincipal } from '../../auth/auth.decorators';
import { ConflictError, DomainError, ValidationFailedError } from '../../errors/domain-error';
import { PROBLEM_CONTENT_TYPE } from '../problem-details';
import { ProblemDetailsFilter } from '../problem-details.filter';
import { IdempotencyStore, requestFingerprint } from './idempotency.service';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** What the onSend hook needs to answer a replay instead of the handler. */
export interface ReplayMarker {
  status: number;
  contentType: string;
  body: string;
}
export const REPLAY = Symbol('retailos.idempotencyReplay');
export type RequestWithReplay = FastifyRequest & RequestWithPrincipal & { [REPLAY]?: ReplayMarker };

function statusOf(err: unknown): number {
  if (err instanceof DomainError) return err.status;
  if (err instanceof HttpException) return err.getStatus();
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : 500;
}

/**
 * Idempotency-Key (IETF draft) on every POST: claim the key atomically before the handler runs, store the answer
 * after, replay it for the same body, 422 for another body, 409 while the first is in flight. Keys are scoped to the
 * caller's workspace. Unauthenticated POSTs (sign-in, inbound webhooks) are not keyed: they have no workspace to
 * scope by, and those routes carry their own replay protection.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestWithReplay>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || header === undefined) return next.handle();
    const workspaceId = request.principal?.workspaceId;
    if (!workspaceId) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (Array.isArray(header) || !key || !KEY_FORMAT.test(key)) {
      throw new ValidationFailedError([
        { field: 'Idempotency-Key', message: 'Idempotency-Key must be one value of 1 to 255 visible ASCII characters' },
      ]);
    }
    const path = request.url.split('?')[0] ?? request.url;
    const hash = requestFingerprint(request.method, request.url, request.body);
    const claim = await this.store.claim(workspaceId, key, hash);
    switch (claim.kind) {
      case 'mismatch':
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with another request body or endpoint.',
          422,
        );
      case 'in_flight':
        throw new ConflictError(
          'idempotency_request_in_flight',
          'A request with this Idempotency-Key is still being processed; retry later.',
        );
      case 'replay':
        request[REPLAY] = { status: claim.status, contentType: claim.contentType, body: claim.body };
        return of(null);
      case 'claimed':
        break;
    }
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          this.store
            .complete(
              workspaceId,
              key,
              status,
              'application/json; charset=utf-8',
              body === undefined ? '' : JSON.stringify(body),
            )
            .then(() => body),
        ),
      ),
      catchError((err: unknown) =>
        from(
          (async (): Promise<never> => {
            const errStatus = statusOf(err);
            if (errStatus >= 500) {
              await this.store.release(workspaceId, key).catch(() => undefined);
            } else {
              const doc = this.problems.toProblem(err, path);
              await this.store.complete(workspaceId, key, doc.status, PROBLEM_CONTENT_TYPE, JSON.stringify(doc));
            }
            throw err;
          })(),
        ),
      ),
    );
  }
}
