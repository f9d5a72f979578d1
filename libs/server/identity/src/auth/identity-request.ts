import type { RequestWithPrincipal } from '@retailos/server/core';
import type { FastifyRequest } from 'fastify';
import type { RateLimitState } from '../services/rate-limiter.service';

/** What the identity context hangs on a request between the authenticator, the policies and the onSend hook. */
export type IdentityRequest = FastifyRequest &
  RequestWithPrincipal & {
    rateLimit?: RateLimitState;
    sessionToken?: string;
    cookies?: Record<string, string | undefined>;
  };
