import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, drainBatches } from '@retailos/server/core';
import { JobHandler, JobProducer } from '@retailos/server/queue';
import {
  PRUNE_BATCH,
  pruneFanoutMarkers,
  pruneFinishedDeliveries,
  pruneOrphanEvents,
  webhookWorkspaces,
} from './webhook-maintenance.sql';
import { WebhookSettings } from './webhook-settings.service';

/**
 * Retention for outbound webhooks: finished deliveries (succeeded, or dead and not replayed) older than
 * WEBHOOK_RETENTION go with their attempts (cascade); then envelopes no delivery references any more, and fan-out
 * markers once their outbox rows are gone too. Pending, sending and retrying deliveries are never touched. Scheduled
 * hourly in BullMQ (upsertJobScheduler is idempotent), so any number of worker copies share one schedule.
 */
@Injectable()
export class WebhookPruner implements OnApplicationBootstrap {
  private readonly logger = new Logger('WebhookPruner');

  constructor(
    private readonly em: EntityManager,
    private readonly producer: JobProducer,
    private readonly settings: WebhookSettings,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.every('webhooks.prune', 60 * 60 * 1000);
  }

  @JobHandler('webhooks.prune')
  async prune(): Promise<{ deliveries: number; events: number; fanouts: number }> {
    const now = new Date();
    const cutoff = new Date(now.getTime() - this.settings.retentionMs);
    const em = this.em.fork();
    let deliveries = 0;
    // Per workspace, along the (workspace_id, created_at) index the delivery list already uses. A maintenance scan
    // across workspaces by design; each statement is scoped to one.
    for (const workspaceId of await webhookWorkspaces(em)) {
      deliveries += await drain(() => pruneFinishedDeliveries(em, workspaceId, cutoff));
    }
    const events = await drain(() => pruneOrphanEvents(em, cutoff));
    // A marker keeps a re-run fan-out of the same event a no-op: it must outlive the event's outbox row.
    const outboxMs = this.config.OUTBOX_RETENTION_HOURS * 3_600_000;
    const markerCutoff = new Date(now.getTime() - Math.max(this.settings.retentionMs, outboxMs + 86_400_000));
    const fanouts = await drain(() => pruneFanoutMarkers(em, markerCutoff));
    if (deliveries + events + fanouts > 0) this.logger.log({ deliveries, events, fanouts }, 'pruned webhook history');
    return { deliveries, events, fanouts };
  }
}

/** Repeats one of the batched deletes of webhook-maintenance.sql.ts until a batch comes back short. */
const drain = (batch: () => Promise<number>): Promise<number> => drainBatches(batch, PRUNE_BATCH);
