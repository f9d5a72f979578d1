import { Injectable } from '@nestjs/common';
import { ForbiddenError, type RequestPolicy } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, csrfTokenFor, safeEqual } from '../domain/tokens';
import type { IdentityRequest } from './identity-request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Cookie-authenticated requests that change state must echo the CSRF token in a header (double submit). */
@Injectable()
export class CsrfPolicy implements RequestPolicy {
  async enforce(
    request: FastifyRequest,
    _reply: FastifyReply,
    principal: Principal | null,
    isPublic: boolean,
  ): Promise<void> {
    if (isPublic || principal?.kind !== 'session' || SAFE_METHODS.has(request.method)) return;
    const token = (request as IdentityRequest).sessionToken;
    const given = request.headers[CSRF_HEADER];
    if (!token || typeof given !== 'string' || !safeEqual(given, csrfTokenFor(token))) {
      throw new ForbiddenError(
        'csrf_token_invalid',
        `State-changing requests with a session cookie need a valid ${CSRF_HEADER} header.`,
      );
    }
  }
}
