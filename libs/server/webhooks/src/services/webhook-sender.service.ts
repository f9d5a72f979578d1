import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { toEnvelope } from '@retailos/server/outbox';
import { WebhookOutcomesRepository } from '../repositories/webhook-outcomes.repository';
import { claimDelivery, type ClaimedDelivery, type WaitingDelivery } from './webhook-delivery.sql';
import { WebhookDeliveryRecorder } from './webhook-delivery-recorder.service';
import { webhookAttemptLatency } from './webhook-metrics';
import { WebhookSecretCache } from './webhook-secret-cache';
import { WebhookSettings } from './webhook-settings.service';
import { signDelivery } from './webhook-signature';
import { leaseMs } from './webhook-timing';

/** Deliveries one job sends back to back for one subscription before handing on to a fresh job. */
const CHAIN_BUDGET = 20;

export type DeliverOutcome = 'sent' | 'failed' | 'skipped';

interface AttemptOutcome {
  result: DeliverOutcome;
  /** The subscription's next delivery, already claimed: the job sends it next. */
  claimedNext?: ClaimedDelivery;
  /** The subscription's next waiting delivery when it could not be claimed here: handed to a new job. */
  next?: WaitingDelivery & { after: string };
}

/**
 * Stage 2 of outbound webhooks: one `webhooks.deliver` job claims its delivery, signs and posts it, and has the
 * outcome recorded. The hot path is two SQL statements (claim + load, then record + claim the next one) around the
 * HTTP call; nothing is sent from inside a transaction.
 */
@Injectable()
export class WebhookSender {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: WebhookSettings,
    private readonly recorder: WebhookDeliveryRecorder,
    private readonly secrets: WebhookSecretCache,
    private readonly outcomes: WebhookOutcomesRepository,
  ) {}

  /**
   * One attempt of one delivery; answers what happened (for logs and tests). After a success the same job goes on
   * with the subscription's next waiting delivery, claimed by the very statement that records the success (a backlog
   * drains at one SQL round trip per delivery, no queue hop), up to a budget, then hands the rest to a fresh job so
   * one busy subscription cannot hog a worker slot.
   */
  async deliver(workspaceId: string, deliveryId: string): Promise<DeliverOutcome> {
    let row = await claimDelivery(this.em, workspaceId, deliveryId, leaseMs(this.settings.timings));
    // Not due, already done, in flight elsewhere, or behind an older delivery (which hands on when it finishes).
    if (!row) return 'skipped';
    let first: DeliverOutcome | undefined;
    for (let chained = 0; row; chained++) {
      const current: ClaimedDelivery = row;
      let outcome: AttemptOutcome;
      try {
        outcome = await this.attempt(workspaceId, current, chained < CHAIN_BUDGET);
      } catch (err) {
        // Free the claim so the job's own retry (or the sweeper) can pick it up again.
        await this.outcomes.releaseLease(this.em.fork(), workspaceId, current.id).catch(() => undefined);
        throw err;
      }
      first ??= outcome.result;
      row = outcome.claimedNext;
      if (!row && outcome.next) await this.recorder.kick(workspaceId, outcome.next.after, outcome.next);
    }
    return first ?? 'skipped';
  }

  private async attempt(workspaceId: string, row: ClaimedDelivery, mayChain: boolean): Promise<AttemptOutcome> {
    if (row.sub_status !== 'active' || !row.sub_url || !row.secret_enc || !row.ev_id) {
      const reason = !row.ev_id ? 'event_missing' : 'subscription_disabled';
      await this.recorder.recordUnsendable(
        workspaceId,
        { id: row.id, subscriptionId: row.subscription_id, attemptCount: row.attempt_count },
        reason,
      );
      return { result: 'skipped' };
    }
    const event = toEnvelope({
      id: row.ev_id,
      workspace_id: workspaceId,
      topic: row.ev_topic,
      payload: row.ev_payload,
      occurred_at: row.ev_occurred_at,
    });
    const body = JSON.stringify(event);
    const headers = signDelivery({
      secrets: this.secrets.signingSecrets({
        secretEnc: row.secret_enc,
        previousSecretEnc: row.previous_secret_enc,
        previousSecretExpiresAt: row.previous_secret_expires_at,
      }),
      eventId: event.id,
      topic: event.topic,
      body,
      timestampSec: Math.floor(Date.now() / 1000),
    });
    const attemptNo = row.attempt_count + 1;
    const attemptedAt = new Date();
    const outcome = await this.settings.http.post(row.sub_url, { ...headers }, body);
    webhookAttemptLatency.observe(outcome.latencyMs / 1000);
    if (!outcome.succeeded) {
      await this.recorder.recordFailure(
        workspaceId,
        { id: row.id, subscriptionId: row.subscription_id, attemptNo, replayBase: row.replay_base, attemptedAt },
        outcome,
      );
      return { result: 'failed' };
    }
    const next = await this.recorder.recordSuccess({
      id: row.id,
      workspaceId,
      subscriptionId: row.subscription_id,
      attemptNo,
      attemptedAt,
      statusCode: outcome.statusCode,
      latencyMs: outcome.latencyMs,
      excerpt: outcome.excerpt,
      mayChain,
    });
    return {
      result: 'sent',
      claimedNext: next.claimed,
      next: next.pending && { ...next.pending, after: `${row.id}.a${attemptNo}` },
    };
  }
}
