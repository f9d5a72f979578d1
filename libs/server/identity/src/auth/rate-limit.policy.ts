import { Injectable } from '@nestjs/common';
import { RateLimitedError, type RequestPolicy } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter, type RateLimitState } from '../services/rate-limiter.service';
import type { IdentityRequest } from './identity-request';

export const RATE_LIMIT_HEADERS = {
  limit: 'x-ratelimit-limit',
  remaining: 'x-ratelimit-remaining',
  reset: 'x-ratelimit-reset',
} as const;

export function writeRateLimitHeaders(reply: FastifyReply, state: RateLimitState): void {
  void reply.header(RATE_LIMIT_HEADERS.limit, String(state.limit));
  void reply.header(RATE_LIMIT_HEADERS.remaining, String(state.remaining));
  void reply.header(RATE_LIMIT_HEADERS.reset, String(state.resetSeconds));
}

/** Per workspace (by plan) for authenticated callers, per IP otherwise, with the X-RateLimit-* headers. */
@Injectable()
export class RateLimitPolicy implements RequestPolicy {
  constructor(private readonly limiter: RateLimiter) {}

  async enforce(request: FastifyRequest, reply: FastifyReply, principal: Principal | null): Promise<void> {
    const req = request as IdentityRequest;
    // Probes and scrapes (/health/*, /metrics) live outside /api and are never limited: an orchestrator must see them.
    // Socket.IO handshakes (/ws) count like HTTP calls.
    if (!request.url.startsWith('/api/') && request.url !== '/ws') return;
    // Shopify delivers every shop's webhooks from a few addresses at high rates; they are authenticated by their HMAC,
    // and a 429 would only make Shopify retry (and eventually delete our subscriptions). Not metered per IP.
    if (!principal && request.method === 'POST' && request.url.split('?')[0] === '/api/shopify/webhooks') return;
    if (!req.rateLimit) {
      // API-key calls were already counted by the authenticator (together with the revocation check).
      const outcome = principal
        ? await this.limiter.forWorkspace(principal.workspaceId, principal.plan)
        : await this.limiter.forIp(req.ip);
      if (outcome.state) req.rateLimit = outcome.state;
    }
    // Written here, once: answers Fastify sends before any route (a malformed URL) skip the onSend hook, which only
    // fills in what the authenticator refused before this policy ran.
    const state = req.rateLimit;
    if (state && typeof reply.header === 'function') writeRateLimitHeaders(reply, state);
    if (state?.exceeded) throw new RateLimitedError(state.resetSeconds);
  }
}
