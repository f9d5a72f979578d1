import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { JobHandler, JobProducer } from '@retailos/server/queue';

/**
 * Published outbox rows are kept for OUTBOX_RETENTION_HOURS (consumers and replays read events by id), then deleted.
 * The schedule lives in BullMQ (upsertJobScheduler is idempotent), so any number of worker copies share one schedule.
 */
@Injectable()
export class OutboxPruner implements OnApplicationBootstrap {
  private readonly logger = new Logger('OutboxPruner');

  constructor(
    private readonly em: EntityManager,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.every('outbox.prune', 10 * 60 * 1000);
  }

  @JobHandler('outbox.prune')
  async prune(): Promise<{ deleted: number }> {
    let deleted = 0;
    // Small batches keep each delete short so it never holds locks the relay or writers wait on.
    for (;;) {
      const rows = (await this.em.fork().execute(
        `delete from outbox where seq in (
           select seq from outbox where published_at is not null and published_at < now() - make_interval(hours => ?)
           order by seq limit 5000)
         returning seq`,
        [this.config.OUTBOX_RETENTION_HOURS],
      )) as unknown[];
      deleted += rows.length;
      if (rows.length < 5000) break;
    }
    if (deleted > 0) this.logger.log(`pruned ${deleted} published outbox rows`);
    return { deleted };
  }
}
