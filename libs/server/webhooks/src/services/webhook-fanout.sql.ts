// Raw SQL justified by tools/bench/webhook-delivery.bench.ts (deliveries/s): fan-out under a workspace advisory lock, set-based delivery inserts.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlRows, textArray } from '@retailos/server/core';
import { newId } from '@retailos/shared/util';

/** One statement on the EntityManager (inside its transaction) through core's execution API. */
const exec = <T = unknown>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> =>
  sqlRows<T>(em, sql(text, values));

/**
 * Per-subscription ordering: a pending delivery waits while an older delivery of the same subscription is pending
 * or in flight (lease still valid). Retries (status failed) never wait, so a failing event cannot stall the rest.
 */
export function notBlocked(alias: string): string {
  return `(${alias}.status <> 'pending' or not exists (
    select 1 from webhook_deliveries p
     where p.subscription_id = ${alias}.subscription_id and p.event_seq < ${alias}.event_seq and p.id <> ${alias}.id
       and (p.status = 'pending' or (p.status = 'sending' and p.lease_until >= now()))))`;
}

export interface UnfannedEvent {
  id: string;
  seq: string;
  topic: string;
  test_target: string | null;
}

/** Serialises the fan-outs of one workspace for the rest of the transaction. */
export async function lockWorkspaceFanout(tem: EntityManager, workspaceId: string): Promise<void> {
  await exec(tem, 'select pg_advisory_xact_lock(hashtext(?))', [`webhooks.fanout:${workspaceId}`]);
}

/** This event and any earlier one of the workspace (last hour) not fanned out yet, in event order. */
export function unfannedEventsUpTo(tem: EntityManager, workspaceId: string, eventId: string): Promise<UnfannedEvent[]> {
  return exec<UnfannedEvent>(
    tem,
    `select o.id, o.seq, o.topic, o.payload->>'subscriptionId' as test_target
       from outbox o
      where o.workspace_id = ?
        and o.seq <= (select seq from outbox where id = ? and workspace_id = ?)
        and (o.id = ? or o.occurred_at > now() - interval '1 hour')
        and not exists (select 1 from webhook_fanouts f where f.event_id = o.id)
      order by o.seq limit 500`,
    [workspaceId, eventId, workspaceId, eventId],
  );
}

/** Active subscriptions matching the topic patterns, or the one a test ping targets. */
export async function matchingSubscriptionIds(
  tem: EntityManager,
  workspaceId: string,
  patterns: string[],
  testTarget: string | null,
): Promise<string[]> {
  const rows = await exec<{ id: string }>(
    tem,
    testTarget
      ? `select id from webhook_subscriptions where workspace_id = ? and status = 'active' and id = ?`
      : `select id from webhook_subscriptions where workspace_id = ? and status = 'active' and topics && ?::text[]`,
    [workspaceId, testTarget ?? textArray(patterns)],
  );
  return rows.map((r) => r.id);
}

/** Copies the envelope (kept past the outbox's retention) and creates one delivery per subscription; repeats are no-ops. */
export async function createDeliveries(
  tem: EntityManager,
  workspaceId: string,
  e: UnfannedEvent,
  subscriptionIds: string[],
): Promise<void> {
  await exec(
    tem,
    `insert into webhook_events (id, workspace_id, topic, payload, occurred_at)
     select id, workspace_id, topic, payload, occurred_at from outbox where id = ? and workspace_id = ?
     on conflict (id) do nothing`,
    [e.id, workspaceId],
  );
  // The unique (subscription_id, event_id) makes a doubled event a no-op.
  await exec(
    tem,
    `insert into webhook_deliveries (id, workspace_id, subscription_id, event_id, event_seq, topic)
     select unnest(?::text[]), ?, unnest(?::text[]), ?, ?, ?
     on conflict (subscription_id, event_id) do nothing`,
    [textArray(subscriptionIds.map(() => newId('whd'))), workspaceId, textArray(subscriptionIds), e.id, e.seq, e.topic],
  );
}

export async function markFannedOut(tem: EntityManager, workspaceId: string, e: UnfannedEvent): Promise<void> {
  await exec(
    tem,
    `insert into webhook_fanouts (event_id, workspace_id, event_seq) values (?, ?, ?) on conflict (event_id) do nothing`,
    [e.id, workspaceId, e.seq],
  );
}

/** Not-yet-attempted deliveries of these events that are free to go (not waiting behind an older one). */
export function readyDeliveries(
  em: EntityManager,
  workspaceId: string,
  eventIds: string[],
): Promise<{ id: string; attempt_count: number }[]> {
  return exec<{ id: string; attempt_count: number }>(
    em,
    `select d.id, d.attempt_count from webhook_deliveries d
      where d.workspace_id = ? and d.event_id = any(?::text[]) and d.status = 'pending' and ${notBlocked('d')}`,
    [workspaceId, textArray(eventIds)],
  );
}

export async function deliveryCount(em: EntityManager, workspaceId: string, eventId: string): Promise<number> {
  const [row] = await exec<{ n: number }>(
    em,
    `select count(*)::int as n from webhook_deliveries where workspace_id = ? and event_id = ?`,
    [workspaceId, eventId],
  );
  return row?.n ?? 0;
}
