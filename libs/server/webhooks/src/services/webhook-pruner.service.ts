import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { JobHandler, JobProducer } from '@retailos/server/queue';
import { WebhookSettings } from './webhook-settings.service';

/** Rows per delete statement: each stays short, so it never holds locks that senders or fan-outs wait on. */
const BATCH = 5000;

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
    const workspaces = (await em.execute('select distinct workspace_id from webhook_subscriptions')) as { workspace_id: string }[];
    for (const { workspace_id: workspaceId } of workspaces) {
      deliveries += await this.drain(
        em,
        `delete from webhook_deliveries where id in (
           select id from webhook_deliveries
            where workspace_id = ? and created_at < ? and status in ('succeeded', 'dead')
            limit ${BATCH})
         returning id`,
        [workspaceId, cutoff],
      );
    }
    const events = await this.drain(
      em,
      `delete from webhook_events where id in (
         select e.id from webhook_events e
          where e.occurred_at < ? and not exists (select 1 from webhook_deliveries d where d.event_id = e.id)
          limit ${BATCH})
       returning id`,
      [cutoff],
    );
    // A marker keeps a re-run fan-out of the same event a no-op: it must outlive the event's outbox row.
    const outboxMs = this.config.OUTBOX_RETENTION_HOURS * 3_600_000;
    const markerCutoff = new Date(now.getTime() - Math.max(this.settings.retentionMs, outboxMs + 86_400_000));
    const fanouts = await this.drain(
      em,
      `delete from webhook_fanouts where event_id in (select event_id from webhook_fanouts where fanned_out_at < ? limit ${BATCH}) returning event_id`,
      [markerCutoff],
    );
    if (deliveries + events + fanouts > 0) this.logger.log({ deliveries, events, fanouts }, 'pruned webhook history');
    return { deliveries, events, fanouts };
  }

  private async drain(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = (await em.execute(sql, params)) as unknown[];
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
