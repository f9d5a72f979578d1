import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { closeRedis, createRedis } from '@retailos/server/queue';
import type IORedis from 'ioredis';

export interface RateLimitHit {
  count: number;
  ttlMs: number;
  revoked: boolean;
}

// One round trip per request: count the hit in a fixed window (started by the first hit) and read the key's
// revocation marker, so a key revoked on another api instance is refused on the very next request.
const HIT_SCRIPT = `
local n = 0
local ttl = 0
if ARGV[2] == '1' then
  n = redis.call('INCR', KEYS[1])
  ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    ttl = tonumber(ARGV[1])
  end
end
local revoked = redis.call('EXISTS', KEYS[2])
return {n, ttl, revoked}
`;

type WithHit = IORedis & {
  identityHit(
    bucket: string,
    revokedKey: string,
    windowMs: number,
    count: '0' | '1',
  ): Promise<[number, number, number]>;
};

/** The identity context's own Redis connection (rate limits, login lockout, revocation markers), keys under REDIS_PREFIX. */
@Injectable()
export class IdentityRedis implements OnApplicationShutdown {
  readonly client: WithHit;
  private readonly prefix: string;
  private readonly logger = new Logger('IdentityRedis');

  constructor(@Inject(AppConfig) config: AppConfig) {
    // Fail fast rather than queue: a request must not hang because Redis is away.
    const client = createRedis(config.REDIS_URL, { maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
    client.defineCommand('identityHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    client.on('error', (err: Error) => this.logger.warn(`redis: ${err.message}`));
    this.client = client as WithHit;
    this.prefix = `${config.REDIS_PREFIX}:identity`;
  }

  key(...parts: string[]): string {
    return `${this.prefix}:${parts.join(':')}`;
  }

  revokedKeyMarker(apiKeyId: string): string {
    return this.key('revoked', apiKeyId);
  }

  async hit(bucket: string, windowMs: number, options: { count: boolean; revokedKey?: string }): Promise<RateLimitHit> {
    if (this.client.status === 'wait') await this.client.connect().catch(() => undefined);
    const [count, ttlMs, revoked] = await this.client.identityHit(
      this.key('rl', bucket),
      options.revokedKey ?? this.key('none'),
      windowMs,
      options.count ? '1' : '0',
    );
    return { count, ttlMs, revoked: revoked === 1 };
  }

  async peek(bucket: string): Promise<{ count: number; ttlMs: number }> {
    if (this.client.status === 'wait') await this.client.connect().catch(() => undefined);
    const key = this.key('rl', bucket);
    const [[, count], [, ttl]] = (await this.client.multi().get(key).pttl(key).exec()) as [
      [unknown, string | null],
      [unknown, number],
    ];
    return { count: Number(count ?? 0), ttlMs: ttl > 0 ? ttl : 0 };
  }

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.client);
  }
}
