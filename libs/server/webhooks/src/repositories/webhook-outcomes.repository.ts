import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TENANT_FILTER } from '@retailos/server/database';
import { OutboxService } from '@retailos/server/outbox';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { WebhookSubscription } from '../entities/webhook-subscription.entity';

/** The tenant filter bound to one workspace for one call (the worker's entity managers serve many workspaces). */
function inWorkspace(workspaceId: string): { filters: { [TENANT_FILTER]: { workspaceId: string } } } {
  return { filters: { [TENANT_FILTER]: { workspaceId } } };
}

/** A failed attempt as the sender saw it. */
export interface FailedAttempt {
  deliveryId: string;
  attemptNo: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string | null;
  error: string | null;
}

/**
 * The worker's writes off the hot path (failures, dead letters, hand-overs, disabling), on the EntityManager: the
 * success path and the claim are in webhook-delivery.sql.ts. Each call takes the entity manager it runs in, so the
 * caller decides the transaction.
 */
@Injectable()
export class WebhookOutcomesRepository {
  constructor(private readonly outbox: OutboxService) {}

  /** Gives a claim back at once (the attempt threw): the job's own retry or the sweeper picks it up again. */
  async releaseLease(em: EntityManager, workspaceId: string, deliveryId: string): Promise<void> {
    await em.nativeUpdate(
      WebhookDelivery,
      { id: deliveryId, workspaceId, status: 'sending' },
      { leaseUntil: new Date() },
      inWorkspace(workspaceId),
    );
  }

  /** Dead-letters a claimed delivery that cannot be sent (its subscription or event is gone). */
  async deadLetter(em: EntityManager, workspaceId: string, deliveryId: string, reason: string): Promise<void> {
    await em.nativeUpdate(
      WebhookDelivery,
      { id: deliveryId, workspaceId },
      { status: 'dead', leaseUntil: null, lastError: reason, updatedAt: new Date() },
      inWorkspace(workspaceId),
    );
  }

  /**
   * A failed attempt: the delivery set to retry after `retryDelayMs` (dead when null) and the attempt's row. No row
   * when the delivery is gone meanwhile (its subscription deleted).
   */
  async recordFailedAttempt(
    tem: EntityManager,
    workspaceId: string,
    f: FailedAttempt,
    retryDelayMs: number | null,
  ): Promise<void> {
    const updated = await tem.nativeUpdate(
      WebhookDelivery,
      { id: f.deliveryId, workspaceId },
      {
        status: retryDelayMs === null ? 'dead' : 'failed',
        attemptCount: f.attemptNo,
        leaseUntil: null,
        lastAttemptAt: f.attemptedAt,
        lastStatusCode: f.statusCode,
        lastError: f.error,
        nextAttemptAt: new Date(Date.now() + (retryDelayMs ?? 0)),
        updatedAt: new Date(),
      },
      inWorkspace(workspaceId),
    );
    if (updated === 0) return;
    await tem
      .createQueryBuilder(WebhookAttempt)
      .insert({
        workspaceId,
        deliveryId: f.deliveryId,
        attemptNo: f.attemptNo,
        attemptedAt: f.attemptedAt,
        statusCode: f.statusCode,
        latencyMs: f.latencyMs,
        succeeded: false,
        responseExcerpt: f.excerpt,
        error: f.error,
      })
      .onConflict(['deliveryId', 'attemptNo'])
      .ignore()
      .execute();
  }

  /** Starts the subscription's failure clock unless it runs already; answers when it started (null: no such subscription). */
  async markFailing(tem: EntityManager, workspaceId: string, subscriptionId: string, at: Date): Promise<Date | null> {
    await tem.nativeUpdate(
      WebhookSubscription,
      { id: subscriptionId, workspaceId, failingSince: null },
      { failingSince: at },
      inWorkspace(workspaceId),
    );
    const sub = await tem.findOne(
      WebhookSubscription,
      { id: subscriptionId, workspaceId },
      { fields: ['failingSince'], refresh: true, ...inWorkspace(workspaceId) },
    );
    return sub?.failingSince ?? null;
  }

  /** The subscription's oldest pending delivery other than `exceptId` (blocked or not: its claim decides). */
  async oldestPending(
    em: EntityManager,
    workspaceId: string,
    subscriptionId: string,
    exceptId: string,
  ): Promise<{ id: string; attempt_count: number } | null> {
    const next = await em.findOne(
      WebhookDelivery,
      { subscriptionId, workspaceId, status: 'pending', id: { $ne: exceptId } },
      { orderBy: { eventSeq: 'asc' }, fields: ['id', 'attemptCount'], ...inWorkspace(workspaceId) },
    );
    return next && { id: next.id, attempt_count: next.attemptCount };
  }

  /**
   * Disables an active subscription in the caller's transaction: its open deliveries are dead-lettered (replayable
   * once it is enabled again) and `webhook.subscription.disabled` is raised. False when it was not active.
   */
  async disableSubscription(
    tem: EntityManager,
    workspaceId: string,
    subscriptionId: string,
    reason: string,
  ): Promise<boolean> {
    const scope = inWorkspace(workspaceId);
    const sub = await tem.findOne(
      WebhookSubscription,
      { id: subscriptionId, workspaceId, status: 'active' },
      { lockMode: LockMode.PESSIMISTIC_WRITE, fields: ['url'], refresh: true, ...scope },
    );
    if (!sub) return false;
    const now = new Date();
    await tem.nativeUpdate(
      WebhookSubscription,
      { id: subscriptionId, workspaceId },
      { status: 'disabled', disabledReason: reason, disabledAt: now, updatedAt: now },
      scope,
    );
    const open = { subscriptionId, workspaceId, status: { $in: ['pending' as const, 'failed' as const] } };
    // An open delivery keeps the error of its last attempt; one never attempted says why it stopped.
    await tem.nativeUpdate(
      WebhookDelivery,
      { ...open, lastError: null },
      { lastError: 'subscription_disabled' },
      scope,
    );
    await tem.nativeUpdate(WebhookDelivery, open, { status: 'dead', leaseUntil: null, updatedAt: now }, scope);
    await this.outbox.append(tem, workspaceId, 'webhook.subscription.disabled', {
      subscriptionId,
      url: sub.url,
      reason,
    });
    return true;
  }
}
