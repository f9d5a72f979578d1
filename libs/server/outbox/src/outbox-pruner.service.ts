import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, drainBatches } from '@retailos/server/core';
import { JobHandler, JobProducer } from '@retailos/server/queue';
import { OutboxRepository } from './outbox.repository';

const PRUNE_BATCH = 5000;

/**
 * Published outbox rows are kept for OUTBOX_RETENTION_HOURS (consumers and replays read events by id), then deleted.
 * The schedule lives in BullMQ (upsertJobScheduler is idempotent), so any number of worker copies share one schedule.
 */
@Injectable()
export class OutboxPruner implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxPruner');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.every('outbox.prune', 10 * 60 * 1000);
  }

  @JobHandler('outbox.prune')
  async prune(): Promise<{ deleted: number }> {
    // Small batches keep each delete short so it never holds locks the relay or writers wait on.
    const deleted = await drainBatches(
      () => this.outbox.prunePublished(this.config.OUTBOX_RETENTION_HOURS, PRUNE_BATCH),
      PRUNE_BATCH,
    );
    if (deleted > 0) this.logger.log(`pruned ${deleted} published outbox rows`);
    return { deleted };
  }
}
