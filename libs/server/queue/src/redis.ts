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

/**
 * Closes a client and resolves once its socket is closed. `disconnect()` alone returns while the socket is still open
 * (it closes when Redis answers the FIN), so a shutdown that does not wait leaves a live handle behind it.
 */
export async function closeRedis(redis: IORedis, timeoutMs = 2000): Promise<void> {
  if (redis.status === 'end') return;
  await new Promise<void>((resolve) => {
    // A client between reconnect attempts has no socket left to close and never emits 'end' again.
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    redis.disconnect();
  });
}

/** Queues lose jobs silently when Redis evicts keys; say so loudly at boot. */
export async function checkNoeviction(redis: IORedis, logger = new Logger('Redis')): Promise<boolean> {
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy !== 'noeviction') {
      logger.warn(
        `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or jobs can vanish under memory pressure.`,
      );
      return false;
    }
    return true;
  } catch (err) {
    logger.warn(`Could not read Redis maxmemory-policy (${(err as Error).message}); make sure it is "noeviction".`);
    return false;
  }
}
