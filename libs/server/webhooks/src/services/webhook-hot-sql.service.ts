import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { Pool, type QueryResultRow } from 'pg';

/**
 * The delivery hot path (claim, record + claim next) as named prepared statements on a small pool of its own.
 * Those statements are multi-CTE and were re-planned on every call (the ORM inlines parameters): planning cost
 * more than executing. Prepared once per connection with a generic plan, they only execute.
 */
@Injectable()
export class WebhookHotSql implements OnModuleDestroy {
  private pool?: Pool;

  constructor(private readonly config: AppConfig) {}

  async query<T extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return (await this.getPool().query<T>({ name, text, values })).rows;
  }

  private getPool(): Pool {
    if (!this.pool) {
      this.pool = new Pool({
        connectionString: this.config.DATABASE_URL,
        max: Math.min(this.config.DATABASE_POOL_MAX, Math.max(4, Math.ceil(this.config.WORKER_CONCURRENCY / 2))),
        idleTimeoutMillis: 30_000,
        // Session settings of this pool only. Generic plans: these few statements are worth never re-planning.
        // Asynchronous commit: a Postgres crash can lose the last few hundred ms of claims/success records; such a
        // delivery then reads as still `sending`, its lease runs out and it is sent again under the same idempotency
        // key (at-least-once, as always). Fan-out and failure handling (retries, disabling) stay on the durable path.
        options: '-c plan_cache_mode=force_generic_plan -c synchronous_commit=off',
      });
    }
    return this.pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.end();
    this.pool = undefined;
  }
}
