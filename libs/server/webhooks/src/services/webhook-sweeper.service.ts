import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { WebhookOutcomesRepository } from '../repositories/webhook-outcomes.repository';
import { deliverJobId } from './webhook-jobs';
import { overdueDeliveries, staleFailingSubscriptions, trySweepLock } from './webhook-maintenance.sql';
import { WebhookSettings } from './webhook-settings.service';

/** One sweeper at a time across worker copies. */
const SWEEP_LOCK_KEY = 7_274_006;

/**
 * Safety net, run on a timer in the worker (not a repeatable BullMQ job, so queues can drain to idle):
 * - a delivery overdue by more than a grace period (its job lost, or its sender crashed mid-flight) is re-enqueued;
 * - a subscription that has failed without a success for WEBHOOK_DISABLE_AFTER is disabled even if nothing is sent.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookSweeper');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly em: EntityManager,
    private readonly outcomes: WebhookOutcomesRepository,
    private readonly producer: JobProducer,
    private readonly settings: WebhookSettings,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error({ err }, 'webhook sweep failed'))
        .finally(() => (this.running = undefined));
    }, this.config.WEBHOOK_SWEEP_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweep(graceMs = Math.max(this.config.WEBHOOK_SWEEP_MS, 1000)): Promise<{ requeued: number; disabled: number }> {
    return this.em.fork().transactional(async (tem) => {
      if (!(await trySweepLock(tem, SWEEP_LOCK_KEY))) return { requeued: 0, disabled: 0 };
      const overdue = await overdueDeliveries(tem, graceMs);
      const minute = Math.floor(Date.now() / 60_000);
      if (overdue.length > 0) {
        await this.producer.enqueueBulk(
          overdue.map((d) => ({
            name: 'webhooks.deliver' as const,
            data: { deliveryId: d.id, workspaceId: d.workspace_id },
            opts: { jobId: deliverJobId(d.id, d.attempt_count + 1, `.sweep.${minute}`) },
          })),
        );
      }
      const stale = await staleFailingSubscriptions(tem, this.settings.timings.disableAfterMs);
      let disabled = 0;
      for (const s of stale) {
        if (await this.outcomes.disableSubscription(tem, s.workspace_id, s.id, 'failing_too_long')) disabled++;
      }
      if (overdue.length + disabled > 0) this.logger.log({ requeued: overdue.length, disabled }, 'webhook sweep');
      return { requeued: overdue.length, disabled };
    });
  }
}
