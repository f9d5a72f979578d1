import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { createRedis } from '@retailos/server/queue';
import type IORedis from 'ioredis';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

// Until Shopify has told us a shop's bucket, assume the smallest plan's (Shopify's standard 2026 plan is 2000 / 100).
const ASSUMED = { max: 1000, rate: 50 };

// One leaky bucket per shop in Redis, mirrored from Shopify's throttleStatus and refilled at its restore rate.
// `inflight` counts the points reserved by calls Shopify has not answered yet (any copy): a copy settling from its own
// answer must not hand back points another copy's call is about to be charged. A shop idle for 60 s has nothing in
// flight (calls time out after 30 s), which also forgets the reservations of a crashed copy.
// take: reserve `cost` points or answer how many ms until they are there (nothing reserved then).
const TAKE = `
local h = redis.call('HMGET', KEYS[1], 'avail', 'max', 'rate', 'ts', 'inflight')
local now = tonumber(ARGV[2])
local max = tonumber(h[2]) or tonumber(ARGV[3])
local rate = tonumber(h[3]) or tonumber(ARGV[4])
local avail = tonumber(h[1]) or max
local ts = tonumber(h[4]) or now
local inflight = tonumber(h[5]) or 0
if now - ts > 60000 then inflight = 0 end
avail = math.min(max, avail + math.max(0, now - ts) * rate / 1000)
local cost = math.min(tonumber(ARGV[1]), max)
local wait = 0
if avail >= cost then avail = avail - cost; inflight = inflight + cost else wait = math.ceil((cost - avail) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'avail', avail, 'max', max, 'rate', rate, 'ts', now, 'inflight', inflight)
redis.call('PEXPIRE', KEYS[1], 3600000)
return wait
`;

// settle: this call is answered (its reservation leaves `inflight`); give back what was reserved but not charged, then
// never believe more than Shopify just reported minus what other calls still have in flight.
const SETTLE = `
local h = redis.call('HMGET', KEYS[1], 'avail', 'max', 'rate', 'ts', 'inflight')
local now = tonumber(ARGV[2])
local max = tonumber(ARGV[4])
local rate = tonumber(ARGV[5])
local avail = tonumber(h[1]) or max
local ts = tonumber(h[4]) or now
local oldRate = tonumber(h[3]) or rate
local inflight = math.max(0, (tonumber(h[5]) or 0) - tonumber(ARGV[6]))
avail = math.min(max, avail + math.max(0, now - ts) * oldRate / 1000 + tonumber(ARGV[1]))
avail = math.min(avail, tonumber(ARGV[3]) - inflight)
redis.call('HSET', KEYS[1], 'avail', avail, 'max', max, 'rate', rate, 'ts', now, 'inflight', inflight)
redis.call('PEXPIRE', KEYS[1], 3600000)
return 0
`;

// refund: points reserved for a call Shopify never charged (network error).
const REFUND = `
local h = redis.call('HMGET', KEYS[1], 'avail', 'max', 'inflight')
if not h[1] then return 0 end
local points = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'avail', math.min(tonumber(h[2]), tonumber(h[1]) + points), 'inflight', math.max(0, (tonumber(h[3]) or 0) - points))
return 0
`;

/** Per-shop query-cost budget shared by every api and worker copy, so copies never throttle each other into a storm. */
@Injectable()
export class ShopifyBudget implements OnModuleDestroy {
  private redis?: IORedis;

  constructor(private readonly config: AppConfig) {}

  private client(): IORedis {
    if (!this.redis) {
      this.redis = createRedis(this.config.REDIS_URL, { maxRetriesPerRequest: 3 });
      this.redis.defineCommand('shopifyTake', { numberOfKeys: 1, lua: TAKE });
      this.redis.defineCommand('shopifySettle', { numberOfKeys: 1, lua: SETTLE });
      this.redis.defineCommand('shopifyRefund', { numberOfKeys: 1, lua: REFUND });
    }
    return this.redis;
  }

  private key(shop: string): string {
    return `${this.config.REDIS_PREFIX}:sync:budget:${shop}`;
  }

  /** Reserves `cost` points: 0 when reserved, otherwise the ms to wait before asking again. */
  async take(shop: string, cost: number): Promise<number> {
    const redis = this.client() as IORedis & {
      shopifyTake(key: string, ...args: (string | number)[]): Promise<number>;
    };
    return Number(await redis.shopifyTake(this.key(shop), Math.ceil(cost), Date.now(), ASSUMED.max, ASSUMED.rate));
  }

  /**
   * After an answer: `reserved` = what take() reserved for the call, `refund` = reserved minus actually charged,
   * `status` = Shopify's view of the bucket.
   */
  async settle(shop: string, reserved: number, refund: number, status: ThrottleStatus): Promise<void> {
    const redis = this.client() as IORedis & {
      shopifySettle(key: string, ...args: (string | number)[]): Promise<number>;
    };
    await redis.shopifySettle(
      this.key(shop),
      Math.max(0, refund),
      Date.now(),
      status.currentlyAvailable,
      status.maximumAvailable,
      status.restoreRate,
      Math.ceil(reserved),
    );
  }

  async refund(shop: string, points: number): Promise<void> {
    const redis = this.client() as IORedis & { shopifyRefund(key: string, points: number): Promise<number> };
    await redis.shopifyRefund(this.key(shop), Math.max(0, points));
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }
}
