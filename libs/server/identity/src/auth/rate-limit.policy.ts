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

  async enforce(request: FastifyRequest, _reply: FastifyReply, principal: Principal | null): Promise<void> {
    const req = request as IdentityRequest;
    // Probes and scrapes (/health/*, /metrics) live outside /api and are never limited: an orchestrator must see them.
    // Socket.IO handshakes (/ws) count like HTTP calls.
    if (!request.url.startsWith('/api/') && request.url !== '/ws') return;
    if (!req.rateLimit) {
      // API-key calls were already counted by the authenticator (together with the revocation check).
      const outcome = principal ? await this.limiter.forWorkspace(principal.workspaceId, principal.plan) : await this.limiter.forIp(req.ip);
      if (outcome.state) req.rateLimit = outcome.state;
    }
    if (req.rateLimit?.exceeded) throw new RateLimitedError(req.rateLimit.resetSeconds);
  }
}
