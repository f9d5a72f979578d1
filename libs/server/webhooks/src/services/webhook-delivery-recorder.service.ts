import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { JobProducer } from '@retailos/server/queue';
import { WebhookOutcomesRepository } from '../repositories/webhook-outcomes.repository';
import {
  firstFreePending,
  recordSuccesses,
  type SuccessFollowUp,
  type SuccessRecord,
  type WaitingDelivery,
} from './webhook-delivery.sql';
import type { PostOutcome } from './webhook-http-client';
import { deliverJobId } from './webhook-jobs';
import { webhookAttempts } from './webhook-metrics';
import { WebhookSettings } from './webhook-settings.service';
import { leaseMs, nextRetryDelay, parseRetryAfter } from './webhook-timing';

/** Success records sent to Postgres as one statement at most; more wait for the next statement. */
const SUCCESS_BATCH_MAX = 128;
/** Success statements of one process in flight at once (while they run, the next batch fills up). */
const SUCCESS_BATCHES_IN_FLIGHT = 2;

interface QueuedSuccess {
  record: SuccessRecord;
  resolve: (r: SuccessFollowUp) => void;
  reject: (err: unknown) => void;
}

/** The delivery an attempt was made for: what recording its outcome needs. */
export interface AttemptedDelivery {
  id: string;
  subscriptionId: string;
  attemptNo: number;
  replayBase: number;
  attemptedAt: Date;
}

/**
 * Writes what an attempt did, and hands the subscription's next delivery on: successes group-committed (one
 * statement for all concurrent senders of the process), failures with their retry, the subscription's failure
 * clock and, past WEBHOOK_DISABLE_AFTER or on 410, its disabling.
 */
@Injectable()
export class WebhookDeliveryRecorder {
  private readonly logger = new Logger('WebhookDeliveryRecorder');
  private readonly successQueue: QueuedSuccess[] = [];
  private successFlushers = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly outcomes: WebhookOutcomesRepository,
    private readonly producer: JobProducer,
    private readonly settings: WebhookSettings,
  ) {}

  /**
   * Success records of concurrent deliveries go to Postgres together (group commit): each caller waits for the
   * statement that carries its record, so nothing moves on before its success is written. Should a batch fail (say
   * a deadlock with another worker), its records are written one by one.
   */
  recordSuccess(record: SuccessRecord): Promise<SuccessFollowUp> {
    webhookAttempts.inc({ outcome: 'succeeded' });
    return new Promise<SuccessFollowUp>((resolve, reject) => {
      this.successQueue.push({ record, resolve, reject });
      if (this.successFlushers < SUCCESS_BATCHES_IN_FLIGHT) void this.flushSuccesses();
    });
  }

  private async flushSuccesses(): Promise<void> {
    this.successFlushers++;
    try {
      while (this.successQueue.length > 0) {
        const batch = this.successQueue.splice(0, SUCCESS_BATCH_MAX);
        let results: SuccessFollowUp[] | undefined;
        try {
          results = await this.writeSuccesses(batch.map((q) => q.record));
        } catch (err) {
          this.logger.warn(
            { size: batch.length, error: (err as Error).message },
            'webhook success batch failed; recording one by one',
          );
        }
        if (results) {
          batch.forEach((q, i) => q.resolve(results[i] ?? {}));
          continue;
        }
        await Promise.all(
          batch.map((q) =>
            this.writeSuccesses([q.record]).then(
              ([r]) => q.resolve(r ?? {}),
              (err: unknown) => q.reject(err),
            ),
          ),
        );
      }
    } finally {
      this.successFlushers--;
    }
  }

  private async writeSuccesses(records: SuccessRecord[]): Promise<SuccessFollowUp[]> {
    const results = await recordSuccesses(this.em, records, leaseMs(this.settings.timings));
    // The records are committed by now: a failed re-read must not send them through the one-by-one path again.
    await this.recheckAfterSuccess(records, results).catch((err: unknown) =>
      this.logger.warn(
        { error: (err as Error).message },
        'webhook next-delivery re-read failed; the sweeper will hand on',
      ),
    );
    return results;
  }

  /**
   * The record statement reads a snapshot taken when it started: a delivery whose fan-out committed meanwhile is
   * not in it, and that fan-out may have judged it blocked by the very delivery just recorded. Read again now that
   * the success is committed: either this read sees such a delivery, or its fan-out saw the success and enqueued it.
   */
  private async recheckAfterSuccess(records: SuccessRecord[], results: SuccessFollowUp[]): Promise<void> {
    const firstOf = new Map<string, number>();
    records.forEach((r, n) => {
      const key = `${r.workspaceId}\u0000${r.subscriptionId}`;
      if (!firstOf.has(key)) firstOf.set(key, n);
    });
    const open = [...firstOf.values()].filter((n) => !results[n]?.claimed && !results[n]?.pending);
    if (open.length === 0) return;
    const found = await firstFreePending(
      this.em,
      open.map((n) => ({
        workspaceId: records[n]?.workspaceId ?? '',
        subscriptionId: records[n]?.subscriptionId ?? '',
      })),
    );
    for (const f of found) {
      const n = firstOf.get(`${f.workspace_id}\u0000${f.subscription_id}`);
      if (n !== undefined) results[n] = { pending: { id: f.id, attempt_count: f.attempt_count } };
    }
  }

  /** A failed attempt: recorded with its retry (enqueued after commit), or dead; then the next delivery is handed on. */
  async recordFailure(workspaceId: string, d: AttemptedDelivery, outcome: PostOutcome): Promise<void> {
    const { timings } = this.settings;
    let retryDelay: number | null = null;
    if (!outcome.gone) {
      const retryAfterMs =
        outcome.statusCode === 429 || outcome.statusCode === 503
          ? parseRetryAfter(outcome.retryAfter, timings.timeScale)
          : null;
      retryDelay = nextRetryDelay(timings, d.attemptNo - d.replayBase - 1, retryAfterMs);
    }
    const status = retryDelay === null ? 'dead' : 'failed';
    webhookAttempts.inc({ outcome: outcome.gone ? 'gone' : status });
    const em = this.em.fork();
    await em.transactional(async (tem) => {
      await this.outcomes.recordFailedAttempt(
        tem,
        workspaceId,
        {
          deliveryId: d.id,
          attemptNo: d.attemptNo,
          attemptedAt: d.attemptedAt,
          statusCode: outcome.statusCode,
          latencyMs: outcome.latencyMs,
          excerpt: outcome.excerpt,
          error: outcome.error,
        },
        retryDelay,
      );
      if (outcome.gone) {
        await this.outcomes.disableSubscription(tem, workspaceId, d.subscriptionId, 'receiver_gone_410');
        return;
      }
      const failingSince = await this.outcomes.markFailing(tem, workspaceId, d.subscriptionId, d.attemptedAt);
      if (failingSince && Date.now() - failingSince.getTime() >= timings.disableAfterMs) {
        await this.outcomes.disableSubscription(tem, workspaceId, d.subscriptionId, 'failing_too_long');
      }
    });
    if (retryDelay !== null) {
      await this.producer.enqueue(
        'webhooks.deliver',
        { deliveryId: d.id, workspaceId },
        { jobId: deliverJobId(d.id, d.attemptNo + 1), delay: retryDelay },
      );
    }
    await this.handOn(em, workspaceId, d);
    this.logger.warn(
      {
        deliveryId: d.id,
        attemptNo: d.attemptNo,
        status: outcome.statusCode,
        error: outcome.error,
        next: status,
        retryInMs: retryDelay,
      },
      'webhook delivery attempt failed',
    );
  }

  /** A claimed delivery that cannot be sent (subscription disabled or gone, event gone): dead, and the next handed on. */
  async recordUnsendable(
    workspaceId: string,
    d: { id: string; subscriptionId: string; attemptCount: number },
    reason: string,
  ): Promise<void> {
    const em = this.em.fork();
    await this.outcomes.deadLetter(em, workspaceId, d.id, reason);
    await this.handOn(em, workspaceId, { id: d.id, subscriptionId: d.subscriptionId, attemptNo: d.attemptCount });
  }

  /** Wakes the oldest pending delivery of the subscription, which waited for this one. */
  private async handOn(
    em: EntityManager,
    workspaceId: string,
    d: { id: string; subscriptionId: string; attemptNo: number },
  ): Promise<void> {
    const next = await this.outcomes.oldestPending(em, workspaceId, d.subscriptionId, d.id);
    if (next) await this.kick(workspaceId, `${d.id}.a${d.attemptNo}`, next);
  }

  /** Enqueues a waiting delivery; `after` (the attempt that finished) makes the job id unique per hand-over yet stable if repeated. */
  async kick(workspaceId: string, after: string, next: WaitingDelivery): Promise<void> {
    await this.producer.enqueue(
      'webhooks.deliver',
      { deliveryId: next.id, workspaceId },
      { jobId: deliverJobId(next.id, next.attempt_count + 1, `.after.${after}`) },
    );
  }
}
