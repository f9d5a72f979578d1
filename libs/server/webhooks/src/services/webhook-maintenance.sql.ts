// Raw SQL justified by tools/bench/webhook-delivery.bench.ts (deliveries/s) for the sweeper's overdue scan, which shares the claim's ordering predicate (notBlocked); the retention deletes have no benchmark behind them: they are raw only because the QueryBuilder has no batched `delete ... where id in (select ... limit n)`.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlRows } from '@retailos/server/core';
import { notBlocked } from './webhook-fanout.sql';

const exec = <T = unknown>(em: EntityManager, text: string, values: unknown[] = []): Promise<T[]> =>
  sqlRows<T>(em, sql(text, values));

/** Rows per retention delete statement. */
export const PRUNE_BATCH = 5000;

/** Takes the sweeper's lock for the rest of the transaction; false when another worker copy sweeps right now. */
export async function trySweepLock(tem: EntityManager, key: number): Promise<boolean> {
  const [lock] = await exec<{ ok: boolean }>(tem, 'select pg_try_advisory_xact_lock(?) as ok', [key]);
  return lock?.ok === true;
}

/**
 * Deliveries overdue by more than `graceMs` (their job lost, or their sender crashed mid-flight) that are free to
 * go. Deliberately cross-workspace: a maintenance scan; each row is then handled with its own workspace.
 */
export function overdueDeliveries(
  tem: EntityManager,
  graceMs: number,
): Promise<{ id: string; workspace_id: string; attempt_count: number }[]> {
  return exec(
    tem,
    `select d.id, d.workspace_id, d.attempt_count from webhook_deliveries d
      where d.status in ('pending', 'failed', 'sending') and d.next_attempt_at < now() - (? * interval '1 millisecond')
        and (d.status <> 'sending' or d.lease_until < now()) and ${notBlocked('d')}
      order by d.next_attempt_at limit 1000`,
    [graceMs],
  );
}

/** Active subscriptions failing without a success for longer than `disableAfterMs` (cross-workspace, like the above). */
export function staleFailingSubscriptions(
  tem: EntityManager,
  disableAfterMs: number,
): Promise<{ id: string; workspace_id: string }[]> {
  return exec(
    tem,
    `select id, workspace_id from webhook_subscriptions
      where status = 'active' and failing_since is not null and failing_since < now() - (? * interval '1 millisecond')
      limit 1000`,
    [disableAfterMs],
  );
}

/** Workspaces with webhook history (the pruner walks them one by one, along the per-workspace index). */
export async function webhookWorkspaces(em: EntityManager): Promise<string[]> {
  const rows = await exec<{ workspace_id: string }>(em, 'select distinct workspace_id from webhook_subscriptions');
  return rows.map((r) => r.workspace_id);
}

/** Deletes up to PRUNE_BATCH finished deliveries (their attempts cascade) of a workspace created before `cutoff`. */
export async function pruneFinishedDeliveries(em: EntityManager, workspaceId: string, cutoff: Date): Promise<number> {
  const rows = await exec<unknown>(
    em,
    `delete from webhook_deliveries where id in (
       select id from webhook_deliveries
        where workspace_id = ? and created_at < ? and status in ('succeeded', 'dead')
        limit ${PRUNE_BATCH})
     returning id`,
    [workspaceId, cutoff],
  );
  return rows.length;
}

/** Deletes up to PRUNE_BATCH envelopes older than `cutoff` that no delivery references any more. */
export async function pruneOrphanEvents(em: EntityManager, cutoff: Date): Promise<number> {
  const rows = await exec<unknown>(
    em,
    `delete from webhook_events where id in (
       select e.id from webhook_events e
        where e.occurred_at < ? and not exists (select 1 from webhook_deliveries d where d.event_id = e.id)
        limit ${PRUNE_BATCH})
     returning id`,
    [cutoff],
  );
  return rows.length;
}

/** Deletes up to PRUNE_BATCH fan-out markers written before `cutoff`. */
export async function pruneFanoutMarkers(em: EntityManager, cutoff: Date): Promise<number> {
  const rows = await exec<unknown>(
    em,
    `delete from webhook_fanouts where event_id in (select event_id from webhook_fanouts where fanned_out_at < ? limit ${PRUNE_BATCH}) returning event_id`,
    [cutoff],
  );
  return rows.length;
}
