import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import type { WorkspacePlan } from '@retailos/shared/contracts';
import { IdentityRedis } from './identity-redis';

export interface RateLimitState {
  limit: number;
  remaining: number;
  resetSeconds: number;
  exceeded: boolean;
}

export interface LimitOutcome {
  state: RateLimitState | null;
  revoked: boolean;
  /** Redis did not answer: limits fail open, and callers must not trust caches that Redis would have vetoed. */
  unavailable: boolean;
}

/** Fixed-window counters in Redis, shared by every api process: per workspace by plan, per IP without credentials. */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private lastWarnAt = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: IdentityRedis,
  ) {}

  limitFor(plan: WorkspacePlan | null): number {
    switch (plan) {
      case null:
        return this.config.RATE_LIMIT_IP;
      case 'free':
        return this.config.RATE_LIMIT_FREE;
      case 'pro':
        return this.config.RATE_LIMIT_PRO;
      case 'enterprise':
        return this.config.RATE_LIMIT_ENTERPRISE;
    }
  }

  forWorkspace(workspaceId: string, plan: WorkspacePlan, revokedKey?: string): Promise<LimitOutcome> {
    return this.consume(`ws:${workspaceId}`, this.limitFor(plan), revokedKey);
  }

  revocationMarker(apiKeyId: string): string {
    return this.redis.revokedKeyMarker(apiKeyId);
  }

  forIp(ip: string): Promise<LimitOutcome> {
    return this.consume(`ip:${ip}`, this.limitFor(null));
  }

  /** Failed credentials (wrong, revoked or expired keys, stale session cookies) from one IP, same window and limit. */
  failedFrom(ip: string): Promise<LimitOutcome> {
    return this.consume(`authfail:${ip}`, this.limitFor(null));
  }

  /** The failure window of an IP as it stands, without counting (null when limits are off or Redis is away). */
  async peekFailures(ip: string): Promise<RateLimitState | null> {
    if (!this.config.RATE_LIMIT_ENABLED) return null;
    const limit = this.limitFor(null);
    try {
      const { count, ttlMs } = await this.redis.peek(`authfail:${ip}`);
      return {
        limit,
        remaining: Math.max(0, limit - count),
        resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
        exceeded: count > limit,
      };
    } catch {
      return null;
    }
  }

  private async consume(bucket: string, limit: number, revokedKey?: string): Promise<LimitOutcome> {
    const enabled = this.config.RATE_LIMIT_ENABLED;
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    try {
      const hit = await this.redis.hit(bucket, windowMs, { count: enabled, revokedKey });
      if (!enabled) return { state: null, revoked: hit.revoked, unavailable: false };
      return {
        state: {
          limit,
          remaining: Math.max(0, limit - hit.count),
          resetSeconds: Math.max(1, Math.ceil(hit.ttlMs / 1000)),
          exceeded: hit.count > limit,
        },
        revoked: hit.revoked,
        unavailable: false,
      };
    } catch (err) {
      if (Date.now() - this.lastWarnAt > 10_000) {
        this.lastWarnAt = Date.now();
        this.logger.warn(`rate limiter unavailable, failing open: ${(err as Error).message}`);
      }
      return { state: null, revoked: false, unavailable: true };
    }
  }
}
