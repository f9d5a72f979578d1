// Raw SQL justified by tools/bench/webhook-delivery.bench.ts (deliveries/s): claim + load in one prepared statement; success records group-committed by one statement that also claims each subscription's next delivery.
import { notBlocked } from './webhook-fanout.sql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queryPrepared } from '@retailos/server/core';

/** A leased delivery with its subscription and event, as the claim (or the success record that chains) loads it. */
export interface ClaimedDelivery {
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

/** A delivery waiting for its turn: the id and attempt count its job id is built from. */
export interface WaitingDelivery {
  id: string;
  attempt_count: number;
}

const CLAIMED_COLUMNS = `c.id, c.subscription_id, c.event_id, c.attempt_count, c.replay_base,
  s.url as sub_url, s.status as sub_status, s.secret_enc, s.previous_secret_enc, s.previous_secret_expires_at,
  o.id as ev_id, o.topic as ev_topic, o.payload as ev_payload, o.occurred_at as ev_occurred_at`;

/*
 * Asynchronous commit for the claim and the success records only (SET LOCAL of the statement's own implicit
 * transaction, read at its commit): a Postgres crash can lose the last few hundred ms of them; such a delivery then
 * reads as still `sending`, its lease runs out and it is sent again under the same idempotency key (at-least-once, as
 * always). Fan-out and failure handling (retries, disabling) stay durable.
 */
const ASYNC_COMMIT = `(select set_config('synchronous_commit', 'off', true))`;

const CLAIM = `with ac as materialized ${ASYNC_COMMIT},
   c as (
     update webhook_deliveries d
        set status = 'sending', lease_until = now() + ($1::double precision * interval '1 millisecond'), updated_at = now()
      where d.id = $2 and d.workspace_id = $3
        and (d.status in ('pending', 'failed') or (d.status = 'sending' and d.lease_until < now()))
        and d.next_attempt_at <= now() + interval '1 second'
        and ${notBlocked('d')}
      returning d.id, d.workspace_id, d.subscription_id, d.event_id, d.attempt_count, d.replay_base)
   select ${CLAIMED_COLUMNS}
     from c
     cross join ac
     left join webhook_subscriptions s on s.id = c.subscription_id and s.workspace_id = c.workspace_id
     left join webhook_events o on o.id = c.event_id and o.workspace_id = c.workspace_id`;

/**
 * Claims (leases) a delivery that is due and free to go, and loads its subscription and event, in one round trip.
 * Nothing when it is not due, already done, in flight elsewhere, or behind an older delivery of its subscription.
 */
export async function claimDelivery(
  em: EntityManager,
  workspaceId: string,
  deliveryId: string,
  leaseMs: number,
): Promise<ClaimedDelivery | undefined> {
  const rows = await queryPrepared<ClaimedDelivery>(em, { text: CLAIM, values: [leaseMs, deliveryId, workspaceId] });
  return rows[0];
}

/** One successful attempt to record. */
export interface SuccessRecord {
  id: string;
  workspaceId: string;
  subscriptionId: string;
  attemptNo: number;
  attemptedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  excerpt: string | null;
  /** Whether the record may claim the subscription's next delivery for the same job. */
  mayChain: boolean;
}

/** Per record: the subscription's next delivery, claimed for the caller, or only found (it waits for a job). */
export type SuccessFollowUp = { claimed?: ClaimedDelivery; pending?: WaitingDelivery };

/*
 * Any number of success records (any workspaces) in one statement: attempt rows, deliveries, subscription health.
 * Per subscription only its first record in the batch looks for the next waiting delivery (claimed when free to go
 * and chaining is allowed, else just reported); none of the batch's own deliveries blocks that one any more.
 */
const RECORD_SUCCESSES = `with inp as (
     select t.* from ${ASYNC_COMMIT} ac, unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::int[], $6::int[], $7::text[], $8::text[],
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
     left join webhook_events o on o.id = c.event_id and o.workspace_id = c.workspace_id`;

/** Records the successes; answers one follow-up per record, in order (empty when it has no next delivery to report). */
export async function recordSuccesses(
  em: EntityManager,
  records: SuccessRecord[],
  leaseMs: number,
): Promise<SuccessFollowUp[]> {
  const rows = await queryPrepared<
    ClaimedDelivery & { ord: number; next_id: string | null; next_attempt_count: number | null }
  >(em, {
    text: RECORD_SUCCESSES,
    values: [
      records.map((r) => r.id),
      records.map((r) => r.workspaceId),
      records.map((r) => r.attemptNo),
      records.map((r) => r.attemptedAt),
      records.map((r) => r.statusCode),
      records.map((r) => r.latencyMs),
      records.map((r) => r.excerpt),
      records.map((r) => r.subscriptionId),
      records.map((r) => r.mayChain),
      records.map((_r, n) => n),
      leaseMs,
    ],
  });
  const out: SuccessFollowUp[] = records.map(() => ({}));
  for (const r of rows) {
    if (!r.next_id) continue;
    out[r.ord] = r.id ? { claimed: r } : { pending: { id: r.next_id, attempt_count: r.next_attempt_count ?? 0 } };
  }
  return out;
}

const FIRST_FREE_PENDING = `select distinct on (d.subscription_id, d.workspace_id) d.id, d.workspace_id, d.subscription_id, d.attempt_count
     from unnest($1::text[], $2::text[]) as u(subscription_id, workspace_id)
     join webhook_deliveries d on d.subscription_id = u.subscription_id and d.workspace_id = u.workspace_id
    where d.status = 'pending' and ${notBlocked('d')}
    order by d.subscription_id, d.workspace_id, d.event_seq`;

/** Each listed subscription's oldest pending delivery that is free to go now (none for a subscription without one). */
export function firstFreePending(
  em: EntityManager,
  subs: { workspaceId: string; subscriptionId: string }[],
): Promise<(WaitingDelivery & { workspace_id: string; subscription_id: string })[]> {
  return queryPrepared(em, {
    text: FIRST_FREE_PENDING,
    values: [subs.map((s) => s.subscriptionId), subs.map((s) => s.workspaceId)],
  });
}
