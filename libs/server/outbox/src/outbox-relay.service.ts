import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  advisoryXactLock,
  AppConfig,
  listenChannel,
  outboxLagSeconds,
  outboxPending,
  registerScrapeCollector,
  type Listener,
} from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { EVENT_CONSUMER_JOBS } from '@retailos/shared/contracts';
import { OUTBOX_CHANNEL } from './outbox.sql';
import { OutboxRepository } from './outbox.repository';

/** Any constant works: it names the one relay allowed to publish at a time across all worker copies. */
const RELAY_LOCK_KEY = 7_274_001;

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
  private listener?: Listener;
  private running = false;
  private rerun = false;
  private stopped = false;
  hooks: RelayHooks = {};

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxRepository,
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
    await this.listener?.close();
  }

  private async listen(): Promise<void> {
    try {
      this.listener = await listenChannel(
        this.em,
        OUTBOX_CHANNEL,
        () => this.kick(),
        (err) => this.logger.warn(`outbox listener lost: ${err.message}; polling only`),
      );
    } catch (err) {
      this.logger.warn(`outbox listener did not start (${(err as Error).message}); falling back to polling`);
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
      if (!(await advisoryXactLock(tem, RELAY_LOCK_KEY, { wait: false }))) return 0;
      const rows = await this.outbox.pending(tem, limit);
      if (rows.length === 0) return 0;
      await this.producer.enqueueBulk(
        rows.flatMap((r) =>
          EVENT_CONSUMER_JOBS.map((name) => ({
            name,
            data: { eventId: r.id, workspaceId: r.workspaceId },
            opts: { jobId: `${name}.${r.id}` },
          })),
        ),
      );
      await this.hooks.afterPublish?.();
      await this.outbox.markPublished(
        tem,
        rows.map((r) => r.seq),
      );
      return rows.length;
    });
  }

  private async collectLag(): Promise<void> {
    const { n, lag } = await this.outbox.lag();
    outboxPending.set(n);
    outboxLagSeconds.set(lag);
  }
}
