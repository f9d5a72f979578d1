import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, keysetPage, NotFoundError } from '@retailos/server/core';
import { iso } from '@retailos/shared/util';
import { JobProducer } from '@retailos/server/queue';
import type { Page } from '@retailos/shared/contracts';
import type { AttemptView, DeliveryStatus, DeliveryView } from '../dto/webhook.dto';
import type { WebhookAttempt } from '../entities/webhook-attempt.entity';
import type { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhooksRepository } from '../repositories/webhooks.repository';
import { deliverJobId } from './webhook-jobs';

const REPLAYABLE: DeliveryStatus[] = ['dead', 'failed', 'succeeded'];

@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  /** Newest first, each with every attempt. */
  list(
    workspaceId: string,
    q: { status?: DeliveryStatus; subscriptionId?: string; limit: number; cursor?: string },
  ): Promise<Page<DeliveryView>> {
    return keysetPage({
      list: 'webhook_deliveries',
      workspaceId,
      cursor: q.cursor,
      limit: q.limit,
      filters: { status: q.status, subscriptionId: q.subscriptionId },
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) =>
        this.webhooks.listDeliveries(workspaceId, { status: q.status, subscriptionId: q.subscriptionId }, after, take),
      keyOf: (d) => [d.createdKey ?? '', d.id],
      map: async (rows) => {
        const attempts = await this.attemptsOf(
          workspaceId,
          rows.map((r) => r.id),
        );
        return rows.map((r) => toView(r, attempts.get(r.id) ?? []));
      },
    });
  }

  async get(workspaceId: string, id: string): Promise<DeliveryView> {
    const delivery = await this.webhooks.delivery(workspaceId, id);
    if (!delivery) throw new NotFoundError('Webhook delivery', id);
    const attempts = await this.attemptsOf(workspaceId, [id]);
    return toView(delivery, attempts.get(id) ?? []);
  }

  /** Sends one delivery again now, with a fresh retry budget; the event (and its idempotency key) is unchanged. */
  async replay(workspaceId: string, id: string): Promise<DeliveryView> {
    const rows = await this.webhooks.replay(workspaceId, { deliveryId: id });
    if (rows.length === 0) {
      const current = await this.get(workspaceId, id);
      if (!REPLAYABLE.includes(current.status)) {
        throw new ConflictError('delivery_in_progress', `The delivery is ${current.status}; it is already being sent.`);
      }
      throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it before replaying.');
    }
    await this.enqueueReplays(workspaceId, rows);
    return this.get(workspaceId, id);
  }

  /** Replays every dead-lettered delivery of a subscription created at or after `since`. */
  async replaySince(workspaceId: string, subscriptionId: string, sinceOf: () => Date): Promise<{ replayed: number }> {
    const sub = await this.webhooks.subscription(this.webhooks.scope(workspaceId), workspaceId, subscriptionId);
    if (!sub) throw new NotFoundError('Webhook subscription', subscriptionId);
    const since = sinceOf();
    if (sub.status !== 'active')
      throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it before replaying.');
    const rows = await this.webhooks.replay(workspaceId, { subscriptionId, deadSince: since });
    await this.enqueueReplays(workspaceId, rows);
    return { replayed: rows.length };
  }

  private async enqueueReplays(workspaceId: string, rows: { id: string; attemptCount: number }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.producer.enqueueBulk(
      rows.map((r) => ({
        name: 'webhooks.deliver' as const,
        data: { deliveryId: r.id, workspaceId },
        // A replay gets its own job id: the attempt's scheduled retry job (same attempt number) may still exist.
        opts: { jobId: deliverJobId(r.id, r.attemptCount + 1, '.replay') },
      })),
    );
  }

  private async attemptsOf(workspaceId: string, ids: string[]): Promise<Map<string, AttemptView[]>> {
    const out = new Map<string, AttemptView[]>();
    for (const a of await this.webhooks.attemptsOf(workspaceId, ids)) {
      const list = out.get(a.deliveryId) ?? [];
      list.push(attemptView(a));
      out.set(a.deliveryId, list);
    }
    return out;
  }
}

function attemptView(a: WebhookAttempt): AttemptView {
  return {
    attemptNo: a.attemptNo,
    attemptedAt: a.attemptedAt.toISOString(),
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    succeeded: a.succeeded,
    responseExcerpt: a.responseExcerpt,
    error: a.error,
  };
}

function toView(r: WebhookDelivery, attempts: AttemptView[]): DeliveryView {
  return {
    id: r.id,
    subscriptionId: r.subscriptionId,
    eventId: r.eventId,
    topic: r.topic,
    status: r.status,
    attemptCount: r.attemptCount,
    nextAttemptAt: r.status === 'pending' || r.status === 'failed' ? iso(r.nextAttemptAt) : null,
    lastAttemptAt: iso(r.lastAttemptAt),
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    succeededAt: iso(r.succeededAt),
    createdAt: r.createdAt.toISOString(),
    attempts,
  };
}
