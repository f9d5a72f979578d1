import { Injectable } from '@nestjs/common';
import { RateLimitedError, type RequestPolicy } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiter } from '../services/rate-limiter.service';
import type { IdentityRequest } from './identity-request';

/** Per workspace (by plan) for authenticated callers, per IP otherwise; headers are written by the onSend hook. */
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
      const outcome = principal ? await this.limiter.forWorkspace(principal.workspaceId, principal.plan) : await this.limiter.forIp(req.ip);
      if (outcome.state) req.rateLimit = outcome.state;
    }
    // Also written here, not only by the onSend hook: answers Fastify sends before any route (a malformed URL) skip it.
    const state = req.rateLimit;
    if (state && typeof reply.header === 'function') {
      void reply.header('X-RateLimit-Limit', String(state.limit));
      void reply.header('X-RateLimit-Remaining', String(state.remaining));
      void reply.header('X-RateLimit-Reset', String(state.resetSeconds));
    }
    if (state?.exceeded) throw new RateLimitedError(state.resetSeconds);
  }
}
