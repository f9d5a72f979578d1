import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm } from '@retailos/server/database';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookDelivery, type WebhookDeliveryStatus } from '../entities/webhook-delivery.entity';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';

const SUBSCRIPTION_KEYS = createdKeyset<WebhookSubscription>();
const DELIVERY_KEYS = createdKeyset<WebhookDelivery>();
const REPLAYABLE: WebhookDeliveryStatus[] = ['dead', 'failed', 'succeeded'];

export interface DeliveryListFilter {
  status?: WebhookDeliveryStatus;
  subscriptionId?: string;
}

/** Subscriptions, deliveries and attempts as the api reads and edits them (the worker's hot SQL is in *.sql.ts). */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly em: EntityManager) {}

  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  async createSubscription(
    workspaceId: string,
    fields: { url: string; topics: string[]; description: string | null; secretEnc: string },
  ): Promise<WebhookSubscription> {
    const em = this.scope(workspaceId);
    const sub = new WebhookSubscription(workspaceId);
    Object.assign(sub, fields);
    await em.persist(sub).flush();
    return sub;
  }

  /** Oldest first (a subscriber list reads in creation order). */
  async listSubscriptions(
    workspaceId: string,
    after: KeysetPosition | null,
    take: number,
  ): Promise<WebhookSubscription[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(WebhookSubscription, 's').select('*').where({ workspaceId });
    await applyKeyset(qb, SUBSCRIPTION_KEYS, after, take, 'asc');
    return qb.getResultList();
  }

  subscription(em: EntityManager, workspaceId: string, id: string): Promise<WebhookSubscription | null> {
    return em.findOne(WebhookSubscription, { id, workspaceId });
  }

  /** Deletes it with its delivery history (foreign-key cascade); false when there was none. */
  async deleteSubscription(workspaceId: string, id: string): Promise<boolean> {
    return (await this.scope(workspaceId).nativeDelete(WebhookSubscription, { id, workspaceId })) > 0;
  }

  async listDeliveries(
    workspaceId: string,
    filter: DeliveryListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<WebhookDelivery[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(WebhookDelivery, 'd').select('*').where({ workspaceId });
    if (filter.status) qb.andWhere({ status: filter.status });
    if (filter.subscriptionId) qb.andWhere({ subscriptionId: filter.subscriptionId });
    await applyKeyset(qb, DELIVERY_KEYS, after, take);
    return qb.getResultList();
  }

  delivery(workspaceId: string, id: string): Promise<WebhookDelivery | null> {
    return this.scope(workspaceId).findOne(WebhookDelivery, { id, workspaceId });
  }

  attemptsOf(workspaceId: string, deliveryIds: string[]): Promise<WebhookAttempt[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.scope(workspaceId).find(
      WebhookAttempt,
      { workspaceId, deliveryId: { $in: deliveryIds } },
      { orderBy: [{ deliveryId: 'asc' }, { attemptNo: 'asc' }] },
    );
  }

  /**
   * Puts finished deliveries of an active subscription back to pending with a fresh retry budget, in one transaction
   * that locks them. `which` picks them: one delivery by id, or a subscription's dead letters since a date.
   * Returns what was replayed (empty when nothing matched or the subscription is not active).
   */
  async replay(
    workspaceId: string,
    which: { deliveryId: string } | { subscriptionId: string; deadSince: Date },
  ): Promise<{ id: string; attemptCount: number }[]> {
    return this.scope(workspaceId).transactional(async (tem) => {
      const where =
        'deliveryId' in which
          ? { id: which.deliveryId, workspaceId, status: { $in: REPLAYABLE } }
          : {
              subscriptionId: which.subscriptionId,
              workspaceId,
              status: 'dead' as const,
              createdAt: { $gte: which.deadSince },
            };
      const rows = await tem.find(WebhookDelivery, where, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const subIds = [...new Set(rows.map((d) => d.subscriptionId))];
      const active = new Set(
        (
          await tem.find(
            WebhookSubscription,
            { workspaceId, id: { $in: subIds }, status: 'active' },
            { fields: ['id'] },
          )
        ).map((s) => s.id),
      );
      const replayed = rows.filter((d) => active.has(d.subscriptionId));
      if (replayed.length === 0) return [];
      await tem.nativeUpdate(
        WebhookDelivery,
        { workspaceId, id: { $in: replayed.map((d) => d.id) } },
        { status: 'pending', replayBase: raw('attempt_count'), nextAttemptAt: new Date(), updatedAt: new Date() },
      );
      return replayed.map((d) => ({ id: d.id, attemptCount: d.attemptCount }));
    });
  }
}
