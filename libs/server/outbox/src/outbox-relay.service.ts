import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, outboxLagSeconds, outboxPending, registerScrapeCollector } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { EVENT_CONSUMER_JOBS } from '@retailos/shared/contracts';
import { Client } from 'pg';
import { OUTBOX_CHANNEL } from './outbox.sql';

/** Any constant works: it names the one relay allowed to publish at a time across all worker copies. */
const RELAY_LOCK_KEY = 7_274_001;

interface PendingRow {
  seq: string;
  id: string;
  workspace_id: string;
}

export interface RelayHooks {
  /** Test seam: runs after the jobs are in Redis and before the rows are marked (simulates a crash there). */
  afterPublish?: () => Promise<void> | void;
}

/**
 * Publishes committed outbox rows to BullMQ, at least once, in transaction order. Only rows older than every
 * in-flight transaction (xid below the snapshot's xmin) are read, so a slow transaction can never be overtaken
 * and skipped. Job ids are the event id per consumer, so a re-publish after a crash collapses in BullMQ.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running = false;
  private rerun = false;
  private stopped = false;
  hooks: RelayHooks = {};

  constructor(
    private readonly em: EntityManager,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    registerScrapeCollector(() => this.collectLag());
    await this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
    await this.listener?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    try {
      const client = new Client({ connectionString: this.config.DATABASE_URL });
      client.on('error', (err) => this.logger.warn(`outbox listener lost: ${err.message}; polling only`));
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      client.on('notification', () => this.kick());
      this.listener = client;
    } catch (err) {
      this.logger.warn(`LISTEN failed (${(err as Error).message}); falling back to polling`);
    }
  }

  private kick(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), ms);
  }

  private async loop(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    let published = 0;
    try {
      published = await this.publishBatch();
    } catch (err) {
      this.logger.error({ err }, 'outbox relay batch failed');
    } finally {
      this.running = false;
    }
    const again = published > 0 || this.rerun;
    this.rerun = false;
    this.schedule(again ? 0 : this.config.OUTBOX_POLL_MS);
  }

  /** One batch under the relay lock; returns how many rows were published. */
  async publishBatch(limit = 500): Promise<number> {
    const em = this.em.fork();
    return em.transactional(async (tem) => {
      const [lock] = (await tem.execute('select pg_try_advisory_xact_lock(?) as ok', [RELAY_LOCK_KEY])) as { ok: boolean }[];
      if (!lock?.ok) return 0;
      const rows = (await tem.execute(
        `select seq, id, workspace_id from outbox
          where published_at is null and txid < pg_snapshot_xmin(pg_current_snapshot())
          order by txid, seq limit ?`,
        [limit],
      )) as PendingRow[];
      if (rows.length === 0) return 0;
      await this.producer.enqueueBulk(
        rows.flatMap((r) =>
          EVENT_CONSUMER_JOBS.map((name) => ({
            name,
            data: { eventId: r.id, workspaceId: r.workspace_id },
            opts: { jobId: `${name}.${r.id}` },
          })),
        ),
      );
      await this.hooks.afterPublish?.();
      await tem.execute('update outbox set published_at = now() where seq = any(?::bigint[])', [
        `{${rows.map((r) => r.seq).join(',')}}`,
      ]);
      return rows.length;
    });
  }

  private async collectLag(): Promise<void> {
    const rows = (await this.em
      .fork()
      .execute(
        "select count(*)::int as n, coalesce(extract(epoch from now() - min(occurred_at)), 0)::float as lag from outbox where published_at is null",
      )) as { n: number; lag: number }[];
    outboxPending.set(rows[0]?.n ?? 0);
    outboxLagSeconds.set(rows[0]?.lag ?? 0);
  }
}
