import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Header, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig, Public, renderMetrics } from '@retailos/server/core';
import { closeRedis, createRedis } from '@retailos/server/queue';
import type { FastifyReply } from 'fastify';
import type IORedis from 'ioredis';

const CHECK_TIMEOUT_MS = 1500;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

@ApiExcludeController()
@Controller()
export class HealthController implements OnModuleDestroy {
  /** Its own connection, failing fast while Redis is down and reconnecting by itself when it is back. */
  private readonly redis: IORedis;

  constructor(
    private readonly em: EntityManager,
    config: AppConfig,
  ) {
    this.redis = createRedis(config.REDIS_URL, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: CHECK_TIMEOUT_MS,
      lazyConnect: false,
      retryStrategy: () => 500,
    });
    this.redis.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await closeRedis(this.redis);
  }

  @Public()
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    const checks = await Promise.all([
      this.check('postgres', () => this.pingPostgres()),
      this.check('redis', () => this.pingRedis()),
    ]);
    const failing = checks.filter((c) => c.status !== 'up').map((c) => c.name);
    void reply.status(failing.length === 0 ? 200 : 503);
    return {
      status: failing.length === 0 ? 'ok' : 'unavailable',
      failing,
      checks: Object.fromEntries(checks.map((c) => [c.name, c])),
    };
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return renderMetrics();
  }

  /** One round trip on the ORM pool (MikroORM checkConnection). */
  private async pingPostgres(): Promise<void> {
    const res = await this.em.getConnection().checkConnection();
    if (!res.ok) throw res.error ?? new Error(res.reason);
  }

  private async pingRedis(): Promise<unknown> {
    if (this.redis.status !== 'ready') {
      // Just booted or reconnecting: give the connection the check's budget to come up instead of failing at once.
      await new Promise<void>((resolve, reject) => {
        const onReady = (): void => {
          clearTimeout(t);
          resolve();
        };
        const t = setTimeout(() => {
          this.redis.off('ready', onReady);
          reject(new Error(`redis is ${this.redis.status}`));
        }, CHECK_TIMEOUT_MS - 100);
        this.redis.once('ready', onReady);
      });
    }
    return this.redis.ping();
  }

  private async check(
    name: string,
    fn: () => Promise<unknown>,
  ): Promise<{ name: string; status: 'up' | 'down'; ms: number; error?: string }> {
    const started = Date.now();
    try {
      await withTimeout(fn(), CHECK_TIMEOUT_MS, name);
      return { name, status: 'up', ms: Date.now() - started };
    } catch (err) {
      return { name, status: 'down', ms: Date.now() - started, error: (err as Error).message };
    }
  }
}
