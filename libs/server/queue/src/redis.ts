import { Logger } from '@nestjs/common';
import IORedis, { type RedisOptions } from 'ioredis';

export function redisOptionsFromUrl(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname && u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers block on Redis; they must never give up a command.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
  };
}

export function createRedis(url: string, overrides: RedisOptions = {}): IORedis {
  return new IORedis({ ...redisOptionsFromUrl(url), ...overrides });
}

/** Queues lose jobs silently when Redis evicts keys; say so loudly at boot. */
export async function checkNoeviction(redis: IORedis, logger = new Logger('Redis')): Promise<boolean> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy !== 'noeviction') {
      logger.warn(`Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or jobs can vanish under memory pressure.`);
      return false;
    }
    return true;
  } catch (err) {
    logger.warn(`Could not read Redis maxmemory-policy (${(err as Error).message}); make sure it is "noeviction".`);
    return false;
  }
}
