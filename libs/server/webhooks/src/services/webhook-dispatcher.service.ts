import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { OutboxService, toEnvelope } from '@retailos/server/outbox';
import { JobProducer } from '@retailos/server/queue';
import type { EventEnvelope } from '@retailos/shared/contracts';
import type { PostOutcome } from './webhook-http-client';
import { webhookAttemptLatency, webhookAttempts } from './webhook-metrics';
import { signDelivery } from './webhook-signature';
import { WebhookHotSql } from './webhook-hot-sql.service';
import { WebhookSettings } from './webhook-settings.service';
import { disableSubscription } from './webhook-subscription.sql';
import { nextRetryDelay, parseRetryAfter } from './webhook-timing';
import { deliverJobId } from './webhook-jobs';
import { WebhookFanoutService } from './webhook-fanout.service';
import { notBlocked } from './webhook-fanout.sql';
import { WebhookSecretCache } from './webhook-secret-cache';

interface ClaimedRow {
  id: string;
  subscription_id: string;
  event_id: string;
  attempt_count: number;
  replay_base: number;
  sub_url: string | null;
  sub_status: string | null;
  secret_enc: string | null;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | string | null;
  ev_id: string | null;
  ev_topic: string;
  ev_payload: Record<string, unknown>;
  ev_occurred_at: Date | string;
}

/** Deliveries one job sends back to back for one subscription before handing on to a fresh job. */
const CHAIN_BUDGET = 20;

interface AttemptOutcome {
  result: 'sent' | 'failed' | 'skipped';
  /** The subscription's next delivery, already claimed: the job sends it next. */
  claimedNext?: ClaimedRow;
  /** The subscription's next waiting delivery when it could not be claimed here: handed to a new job. */
  next?: { id: string; attempt_count: number; after: string };
}

const CLAIMED_COLUMNS = `c.id, c.subscription_id, c.event_id, c.attempt_count, c.replay_base,
  s.url as sub_url, s.status as sub_status, s.secret_enc, s.previous_secret_enc, s.previous_secret_expires_at,
  o.id as ev_id, o.topic as ev_topic, o.payload as ev_payload, o.occurred_at as ev_occurred_at`;

/** Success records sent to Postgres as one statement at most; more wait for the next statement. */
const SUCCESS_BATCH_MAX = 128;
/** Success statements of one process in flight at once (while they run, the next batch fills up). */
const SUCCESS_BATCHES_IN_FLIGHT = 2;
/** Opened signing secrets are kept this long in memory, keyed by their sealed form (a rotation changes the key). */

interface SuccessInput {
  workspaceId: string;
  row: ClaimedRow;
  attemptNo: number;
  attemptedAt: Date;
  outcome: PostOutcome;
  mayChain: boolean;
}

type SuccessResult = { claimed?: ClaimedRow; pending?: { id: string; attempt_count: number } };

interface QueuedSuccess {
  input: SuccessInput;
  resolve: (r: SuccessResult) => void;
  reject: (err: unknown) => void;
}

/** Lease slack past the HTTP timeout: a crashed sender's claim expires and the sweeper hands the delivery on. */
const LEASE_SLACK_MS = 5000;


/**
 * Worker side of outbound webhooks: stage 1 matches an event to subscriptions and creates one delivery each;
 * stage 2 sends one delivery. The hot path is two SQL statements (claim + load, then record + find the next one)
 * around the HTTP call; nothing is sent from inside a transaction.
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly successQueue: QueuedSuccess[] = [];
  private successFlushers = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly producer: JobProducer,
    private readonly settings: WebhookSettings,
    private readonly hot: WebhookHotSql,
    private readonly fanouts: WebhookFanoutService,
    private readonly secretCache: WebhookSecretCache,
  ) {}

  /** Stage 1, kept here for the processor and specs: see WebhookFanoutService. */
  fanout(workspaceId: string, eventId: string): Promise<number> {
    return this.fanouts.fanout(workspaceId, eventId);
  }

  /**
   * One attempt of one delivery; answers what happened (for logs and tests). After a success the same job goes on
   * with the subscription's next waiting delivery, claimed by the very statement that records the success (a backlog
   * drains at one SQL round trip per delivery, no queue hop), up to a budget, then hands the rest to a fresh job so
   * one busy subscription cannot hog a worker slot.
   */
  async deliver(workspaceId: string, deliveryId: string): Promise<'sent' | 'failed' | 'skipped'> {
    const em = this.em.fork();
    let row = await this.claim(workspaceId, deliveryId);
    // Not due, already done, in flight elsewhere, or behind an older delivery (which hands on when it finishes).
    if (!row) return 'skipped';
    let first: AttemptOutcome['result'] | undefined;
    for (let chained = 0; row; chained++) {
      const current: ClaimedRow = row;
      let outcome: AttemptOutcome;
      try {
        outcome = await this.attempt(em, workspaceId, current, chained < CHAIN_BUDGET);
      } catch (err) {
        // Free the claim so the job's own retry (or the sweeper) can pick it up again.
        await em
          .execute(`update webhook_deliveries set lease_until = now() where id = ? and workspace_id = ? and status = 'sending'`, [
            current.id,
            workspaceId,
          ])
          .catch(() => undefined);
        throw err;
      }
      first ??= outcome.result;
      row = outcome.claimedNext;
      if (!row && outcome.next) await this.kick(workspaceId, outcome.next.after, outcome.next);
    }
    return first ?? 'skipped';
  }

  /** Claims (leases) a delivery and loads its subscription and event, in one round trip. */
  private async claim(workspaceId: string, deliveryId: string): Promise<ClaimedRow | undefined> {
    const claimed = await this.hot.query<ClaimedRow>(
      'webhook_claim_v1',
      `with c as (
         update webhook_deliveries d
            set status = 'sending', lease_until = now() + ($1::double precision * interval '1 millisecond'), updated_at = now()
          where d.id = $2 and d.workspace_id = $3
            and (d.status in ('pending', 'failed') or (d.status = 'sending' and d.lease_until < now()))
            and d.next_attempt_at <= now() + interval '1 second'
            and ${notBlocked('d')}
          returning d.id, d.workspace_id, d.subscription_id, d.event_id, d.attempt_count, d.replay_base)
       select ${CLAIMED_COLUMNS}
         from c
         left join webhook_subscriptions s on s.id = c.subscription_id and s.workspace_id = c.workspace_id
         left join webhook_events o on o.id = c.event_id and o.workspace_id = c.workspace_id`,
      [this.leaseMs(), deliveryId, workspaceId],
    );
    return claimed[0];
  }

  private leaseMs(): number {
    return this.settings.timings.timeoutMs + LEASE_SLACK_MS;
  }

  private async attempt(em: EntityManager, workspaceId: string, row: ClaimedRow, mayChain: boolean): Promise<AttemptOutcome> {
    if (row.sub_status !== 'active' || !row.sub_url || !row.secret_enc || !row.ev_id) {
      await em.execute(
        `update webhook_deliveries set status = 'dead', lease_until = null, last_error = ?, updated_at = now() where id = ? and workspace_id = ?`,
        [!row.ev_id ? 'event_missing' : 'subscription_disabled', row.id, workspaceId],
      );
      await this.handOn(em, workspaceId, row, row.attempt_count);
      return { result: 'skipped' };
    }
    const event: EventEnvelope = toEnvelope({
      id: row.ev_id,
      workspace_id: workspaceId,
      topic: row.ev_topic,
      payload: row.ev_payload,
      occurred_at: row.ev_occurred_at,
    });
    const body = JSON.stringify(event);
    const headers = signDelivery({
      secrets: this.secretsOf(row),
      eventId: event.id,
      topic: event.topic,
      body,
      timestampSec: Math.floor(Date.now() / 1000),
    });
    const attemptNo = row.attempt_count + 1;
    const attemptedAt = new Date();
    const outcome = await this.settings.http.post(row.sub_url, { ...headers }, body);
    webhookAttemptLatency.observe(outcome.latencyMs / 1000);
    if (outcome.succeeded) {
      webhookAttempts.inc({ outcome: 'succeeded' });
      const next = await this.recordSuccess({ workspaceId, row, attemptNo, attemptedAt, outcome, mayChain });
      return {
        result: 'sent',
        claimedNext: next.claimed,
        next: next.pending && { ...next.pending, after: `${row.id}.a${attemptNo}` },
      };
    }
    await this.recordFailure(em, workspaceId, row, attemptNo, attemptedAt, outcome);
    return { result: 'failed' };
  }

  /**
   * Success records of concurrent deliveries go to Postgres together (group commit): each caller waits for the
   * statement that carries its record, so nothing moves on before its success is written, exactly as before.
   * Should a batch fail (say a deadlock with another worker), its records are written one by one.
   */
  private recordSuccess(input: SuccessInput): Promise<SuccessResult> {
    return new Promise<SuccessResult>((resolve, reject) => {
      this.successQueue.push({ input, resolve, reject });
      if (this.successFlushers < SUCCESS_BATCHES_IN_FLIGHT) void this.flushSuccesses();
    });
  }

  private async flushSuccesses(): Promise<void> {
    this.successFlushers++;
    try {
      while (this.successQueue.length > 0) {
        const batch = this.successQueue.splice(0, SUCCESS_BATCH_MAX);
        let results: SuccessResult[] | undefined;
        try {
          results = await this.recordSuccessBatch(batch.map((q) => q.input));
        } catch (err) {
          this.logger.warn({ size: batch.length, error: (err as Error).message }, 'webhook success batch failed; recording one by one');
        }
        if (results) {
          batch.forEach((q, i) => q.resolve(results[i] ?? {}));
          continue;
        }
        await Promise.all(
          batch.map((q) =>
            this.recordSuccessOne(q.input).then(
              (r) => q.resolve(r),
              (err: unknown) => q.reject(err),
            ),
          ),
        );
      }
    } finally {
      this.successFlushers--;
    }
  }

  /**
   * The batched form of the statement below, for many deliveries (any workspaces) at once. Per subscription only
   * its first record in the batch looks for the next waiting delivery (claimed or handed on); none of the batch's
   * own deliveries blocks that one any more.
   */
  private async recordSuccessBatch(inputs: SuccessInput[]): Promise<SuccessResult[]> {
    const rows = await this.hot.query<ClaimedRow & { ord: number; next_id: string | null; next_attempt_count: number | null }>(
      'webhook_record_success_batch_v1',
      `with inp as (
         select * from unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::text[], $8::text[],
                              $9::boolean[], $10::int[])
           as t(id, workspace_id, attempt_no, attempted_at, status_code, latency_ms, excerpt, subscription_id, may_chain, ord)),
       d as (
         update webhook_deliveries w set status = 'succeeded', attempt_count = inp.attempt_no, lease_until = null,
                last_attempt_at = inp.attempted_at, last_status_code = inp.status_code, last_error = null,
                succeeded_at = now(), updated_at = now()
           from inp
          where w.id = inp.id and w.workspace_id = inp.workspace_id
          returning w.id),
       a as (
         insert into webhook_attempts (workspace_id, delivery_id, attempt_no, attempted_at, status_code, latency_ms, succeeded, response_excerpt, error)
         select inp.workspace_id, d.id, inp.attempt_no, inp.attempted_at, inp.status_code, inp.latency_ms, true, inp.excerpt, null
           from d join inp on inp.id = d.id
         on conflict (delivery_id, attempt_no) do nothing),
       s0 as (
         update webhook_subscriptions s set failing_since = null, last_success_at = now()
           from (select distinct subscription_id, workspace_id from inp) u
          where s.id = u.subscription_id and s.workspace_id = u.workspace_id
            and (s.failing_since is not null or s.last_success_at is null or s.last_success_at < now() - interval '10 seconds')),
       src as (
         select distinct on (subscription_id, workspace_id) ord, subscription_id, workspace_id, may_chain
           from inp order by subscription_id, workspace_id, ord),
       nx as (
         select src.ord, src.may_chain, n.id, n.attempt_count
           from src cross join lateral (
             select id, attempt_count from webhook_deliveries
              where subscription_id = src.subscription_id and workspace_id = src.workspace_id and status = 'pending'
                and id <> all($1::text[])
              order by event_seq limit 1) n),
       c as (
         update webhook_deliveries n
            set status = 'sending', lease_until = now() + ($11::double precision * interval '1 millisecond'), updated_at = now()
           from nx
          where nx.may_chain and n.id = nx.id and n.status = 'pending' and n.next_attempt_at <= now() + interval '1 second'
            and not exists (
              select 1 from webhook_deliveries p
               where p.subscription_id = n.subscription_id and p.event_seq < n.event_seq and p.id <> n.id and p.id <> all($1::text[])
                 and (p.status = 'pending' or (p.status = 'sending' and p.lease_until >= now())))
          returning nx.ord, n.id, n.workspace_id, n.subscription_id, n.event_id, n.attempt_count, n.replay_base)
       select nx.ord, nx.id as next_id, nx.attempt_count as next_attempt_count, ${CLAIMED_COLUMNS}
         from nx
         left join c on c.ord = nx.ord
         left join webhook_subscriptions s on s.id = c.subscription_id and s.workspace_id = c.workspace_id
         left join webhook_events o on o.id = c.event_id and o.workspace_id = c.workspace_id`,
      [
        inputs.map((i) => i.row.id),
        inputs.map((i) => i.workspaceId),
        inputs.map((i) => i.attemptNo),
        inputs.map((i) => i.attemptedAt),
        inputs.map((i) => i.outcome.statusCode),
        inputs.map((i) => i.outcome.latencyMs),
        inputs.map((i) => i.outcome.excerpt),
        inputs.map((i) => i.row.subscription_id),
        inputs.map((i) => i.mayChain),
        inputs.map((_i, n) => n),
        this.leaseMs(),
      ],
    );
    const results: SuccessResult[] = inputs.map(() => ({}));
    const answered = new Set<number>();
    for (const r of rows) {
      if (!r.next_id) continue;
      answered.add(r.ord);
      results[r.ord] = r.id ? { claimed: r } : { pending: { id: r.next_id, attempt_count: r.next_attempt_count ?? 0 } };
    }
    // The records are committed by now: a failed re-read must not send them through the one-by-one path again.
    await this.recheckAfterSuccess(inputs, answered, results).catch((err: unknown) =>
      this.logger.warn({ error: (err as Error).message }, 'webhook next-delivery re-read failed; the sweeper will hand on'),
    );
    return results;
  }

  /**
   * The statement above reads a snapshot taken when it started: a delivery whose fan-out committed meanwhile is not
   * in it, and that fan-out may have judged it blocked by the very delivery just recorded. Read again now that the
   * success is committed: either this read sees such a delivery, or its fan-out saw the success and enqueued it.
   */
  private async recheckAfterSuccess(inputs: SuccessInput[], answered: Set<number>, results: SuccessResult[]): Promise<void> {
    const firstOf = new Map<string, number>();
    inputs.forEach((i, n) => {
      const key = `${i.workspaceId}\u0000${i.row.subscription_id}`;
      if (!firstOf.has(key)) firstOf.set(key, n);
    });
    const open = [...firstOf.values()].filter((n) => !answered.has(n));
    if (open.length === 0) return;
    const found = await this.hot.query<{ id: string; workspace_id: string; subscription_id: string; attempt_count: number }>(
      'webhook_recheck_next_v1',
      `select distinct on (d.subscription_id, d.workspace_id) d.id, d.workspace_id, d.subscription_id, d.attempt_count
         from unnest($1::text[], $2::text[]) as u(subscription_id, workspace_id)
         join webhook_deliveries d on d.subscription_id = u.subscription_id and d.workspace_id = u.workspace_id
        where d.status = 'pending' and ${notBlocked('d')}
        order by d.subscription_id, d.workspace_id, d.event_seq`,
      [open.map((n) => inputs[n]?.row.subscription_id), open.map((n) => inputs[n]?.workspaceId)],
    );
    for (const f of found) {
      const n = firstOf.get(`${f.workspace_id}\u0000${f.subscription_id}`);
      if (n !== undefined) results[n] = { pending: { id: f.id, attempt_count: f.attempt_count } };
    }
  }

  /**
   * One record alone (the fallback when a batch fails), one statement: attempt row, delivery, subscription health,
   * and the subscription's next waiting delivery, claimed at once when it is free to go (the one just recorded no
   * longer blocks it).
   */
  private async recordSuccessOne({ workspaceId, row, attemptNo, attemptedAt, outcome, mayChain }: SuccessInput): Promise<SuccessResult> {
    const rows = await this.hot.query<ClaimedRow & { next_id: string | null; next_attempt_count: number | null }>(
      'webhook_record_success_v1',
      `with d as (
         update webhook_deliveries set status = 'succeeded', attempt_count = $1, lease_until = null, last_attempt_at = $2,
                last_status_code = $3, last_error = null, succeeded_at = now(), updated_at = now()
          where id = $4 and workspace_id = $5 returning id),
       a as (
         insert into webhook_attempts (workspace_id, delivery_id, attempt_no, attempted_at, status_code, latency_ms, succeeded, response_excerpt, error)
         select $5, d.id, $1, $2, $3, $6, true, $7, null from d
         on conflict (delivery_id, attempt_no) do nothing),
       s0 as (
         update webhook_subscriptions set failing_since = null, last_success_at = now()
          where id = $8 and workspace_id = $5
            and (failing_since is not null or last_success_at is null or last_success_at < now() - interval '10 seconds')),
       nx as (
         select id, attempt_count from webhook_deliveries
          where subscription_id = $8 and workspace_id = $5 and status = 'pending' and id <> $4
          order by event_seq limit 1),
       c as (
         update webhook_deliveries n
            set status = 'sending', lease_until = now() + ($9::double precision * interval '1 millisecond'), updated_at = now()
           from nx
          where $10::boolean and n.id = nx.id and n.status = 'pending' and n.next_attempt_at <= now() + interval '1 second'
            and not exists (
              select 1 from webhook_deliveries p
               where p.subscription_id = n.subscription_id and p.event_seq < n.event_seq and p.id <> n.id and p.id <> $4
                 and (p.status = 'pending' or (p.status = 'sending' and p.lease_until >= now())))
          returning n.id, n.workspace_id, n.subscription_id, n.event_id, n.attempt_count, n.replay_base)
       select nx.id as next_id, nx.attempt_count as next_attempt_count, ${CLAIMED_COLUMNS}
         from (select 1) one
         left join nx on true
         left join c on true
         left join webhook_subscriptions s on s.id = c.subscription_id and s.workspace_id = c.workspace_id
         left join webhook_events o on o.id = c.event_id and o.workspace_id = c.workspace_id`,
      [
        attemptNo,
        attemptedAt,
        outcome.statusCode,
        row.id,
        workspaceId,
        outcome.latencyMs,
        outcome.excerpt,
        row.subscription_id,
        this.leaseMs(),
        mayChain,
      ],
    );
    const r = rows[0];
    if (!r?.next_id) return {};
    if (r.id) return { claimed: r };
    return { pending: { id: r.next_id, attempt_count: r.next_attempt_count ?? 0 } };
  }

  private async recordFailure(
    em: EntityManager,
    workspaceId: string,
    row: ClaimedRow,
    attemptNo: number,
    attemptedAt: Date,
    outcome: PostOutcome,
  ): Promise<void> {
    let retryDelay: number | null = null;
    if (!outcome.gone) {
      const retryAfterMs =
        outcome.statusCode === 429 || outcome.statusCode === 503 ? parseRetryAfter(outcome.retryAfter, this.settings.timings.timeScale) : null;
      retryDelay = nextRetryDelay(this.settings.timings, attemptNo - row.replay_base - 1, retryAfterMs);
    }
    const status = retryDelay === null ? 'dead' : 'failed';
    webhookAttempts.inc({ outcome: outcome.gone ? 'gone' : status });
    await em.transactional(async (tem) => {
      await tem.execute(
        `insert into webhook_attempts (workspace_id, delivery_id, attempt_no, attempted_at, status_code, latency_ms, succeeded, response_excerpt, error)
         select ?, id, ?, ?, ?, ?, false, ?, ? from webhook_deliveries where id = ? and workspace_id = ?
         on conflict (delivery_id, attempt_no) do nothing`,
        [workspaceId, attemptNo, attemptedAt, outcome.statusCode, outcome.latencyMs, outcome.excerpt, outcome.error, row.id, workspaceId],
      );
      await tem.execute(
        `update webhook_deliveries
            set status = ?, attempt_count = ?, lease_until = null, last_attempt_at = ?, last_status_code = ?, last_error = ?,
                next_attempt_at = now() + (coalesce(?::bigint, 0) * interval '1 millisecond'), updated_at = now()
          where id = ? and workspace_id = ?`,
        [status, attemptNo, attemptedAt, outcome.statusCode, outcome.error, retryDelay, row.id, workspaceId],
      );
      if (outcome.gone) {
        await disableSubscription(tem, this.outbox, workspaceId, row.subscription_id, 'receiver_gone_410');
        return;
      }
      const [state] = (await tem.execute(
        `update webhook_subscriptions set failing_since = coalesce(failing_since, ?)
          where id = ? and workspace_id = ? returning failing_since`,
        [attemptedAt, row.subscription_id, workspaceId],
      )) as { failing_since: Date | string }[];
      if (state && Date.now() - new Date(state.failing_since).getTime() >= this.settings.timings.disableAfterMs) {
        await disableSubscription(tem, this.outbox, workspaceId, row.subscription_id, 'failing_too_long');
      }
    });
    if (retryDelay !== null) {
      await this.producer.enqueue(
        'webhooks.deliver',
        { deliveryId: row.id, workspaceId },
        { jobId: deliverJobId(row.id, attemptNo + 1), delay: retryDelay },
      );
    }
    await this.handOn(em, workspaceId, row, attemptNo);
    this.logger.warn(
      { deliveryId: row.id, attemptNo, status: outcome.statusCode, error: outcome.error, next: status, retryInMs: retryDelay },
      'webhook delivery attempt failed',
    );
  }

  /** Wakes the oldest pending delivery of the subscription, which waited for this one. */
  private async handOn(em: EntityManager, workspaceId: string, row: ClaimedRow, attemptNo: number): Promise<void> {
    const next = (await em.execute(
      `select id, attempt_count from webhook_deliveries
        where subscription_id = ? and workspace_id = ? and status = 'pending' and id <> ?
        order by event_seq limit 1`,
      [row.subscription_id, workspaceId, row.id],
    )) as { id: string; attempt_count: number }[];
    if (next[0]) await this.kick(workspaceId, `${row.id}.a${attemptNo}`, next[0]);
  }

  /** `after` (the attempt that finished) makes the job id unique per hand-over yet stable if repeated. */
  private async kick(workspaceId: string, after: string, next: { id: string; attempt_count: number }): Promise<void> {
    await this.producer.enqueue(
      'webhooks.deliver',
      { deliveryId: next.id, workspaceId },
      { jobId: deliverJobId(next.id, next.attempt_count + 1, `.after.${after}`) },
    );
  }

  private secretsOf(row: ClaimedRow): string[] {
    const secrets = [this.secretCache.open(row.secret_enc as string)];
    if (row.previous_secret_enc && row.previous_secret_expires_at && new Date(row.previous_secret_expires_at).getTime() > Date.now()) {
      secrets.push(this.secretCache.open(row.previous_secret_enc));
    }
    return secrets;
  }
}
