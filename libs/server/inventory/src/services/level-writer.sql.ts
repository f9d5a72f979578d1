// Raw SQL justified by tools/bench/flash-sale.bench.ts and order-throughput.bench.ts: one round trip per stock change, run inside the order batch; lockLevels by tools/bench/shopify-import.bench.ts (a batch of levels locked in two statements).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { numberArray, positional, sql, sqlRow, sqlRows, sqlRun, textArray } from '@retailos/server/core';
import { OUTBOX_NOTIFY, outboxInsert } from '@retailos/server/outbox';
import type { LevelView, MovementReason, SqlStatement, StockLine } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';

export interface LevelRow {
  id: string;
  variant_id: string;
  location_id: string;
  available: number;
  on_hand: number;
  committed: number;
  updated_at: Date | string;
}

export interface MovementMeta {
  reason: MovementReason;
  reference: string | null;
  actor: string | null;
}

/** One stock change of a level: `delta` to available and on_hand, below zero only with allowNegative (backorders). */
export interface LevelDelta {
  workspaceId: string;
  variantId: string;
  locationId: string;
  delta: number;
  allowNegative: boolean;
  meta: MovementMeta;
}

export function toLevelView(r: LevelRow): LevelView {
  return {
    id: r.id,
    variantId: r.variant_id,
    locationId: r.location_id,
    available: r.available,
    onHand: r.on_hand,
    committed: r.committed,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

const RETURNING = 'id, variant_id, location_id, available, on_hand, committed, updated_at';

/** inventory.level.updated, built from the changed level row `u`. */
const LEVEL_UPDATED_OUTBOX = outboxInsert(
  'inventory.level.updated',
  `jsonb_build_object(
          'level', jsonb_build_object('id', id, 'variantId', variant_id, 'locationId', location_id, 'available', available,
                                      'onHand', on_hand, 'committed', committed,
                                      'updatedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
          'delta', ?::int, 'reason', ?::text, 'reference', ?::text)`,
  'u',
);

/**
 * Every stock change goes through here: ONE statement (data-modifying CTEs) moves the level, appends the ledger row
 * and writes the `inventory.level.updated` outbox event, so level, history and event can never disagree, and a hot
 * row stays locked for that single round trip plus the commit. The outbox row has exactly the shape
 * OutboxService.append writes; the NOTIFY that wakes the relay is sent once per transaction by notify().
 */
@Injectable()
export class LevelWriter {
  /**
   * The placement batch's first statement: inventory_precheck raises `insufficient_stock` (aborting the batch) unless
   * every line can be served. Lines sorted by variant id, so concurrent batches lock levels in one order.
   */
  precheckStatement(workspaceId: string, locationId: string, sorted: StockLine[]): SqlStatement {
    return positional(
      'select inventory_precheck(?, ?, ?::text[], ?::int[], ?::boolean[]) as ok',
      [
        workspaceId,
        locationId,
        textArray(sorted.map((l) => l.variantId)),
        numberArray(sorted.map((l) => Math.trunc(l.quantity))),
        `{${sorted.map((l) => (l.allowBackorder ? 'true' : 'false')).join(',')}}`,
      ],
      { prepare: true },
    );
  }

  /**
   * The statement that moves available and on_hand by delta (knex `?` placeholders). A decrement only happens when
   * enough is available, unless allowNegative (backorders): the conditional UPDATE is the check, so there is no
   * read-then-write race. It returns the level row, or none when refused; with `require`, it returns one `ok` row
   * and a refusal raises `insufficient_stock` instead (aborting the transaction).
   */
  deltaStatement(
    { workspaceId, variantId, locationId, delta, allowNegative, meta }: LevelDelta,
    require = false,
  ): { sql: string; params: unknown[] } {
    const tail = require
      ? 'select inventory_require((select count(*) from u) = 1, ?) as ok'
      : `select ${RETURNING} from u`;
    const ledger = `, m as (
        insert into inventory_movements (id, workspace_id, variant_id, location_id, delta, reason, reference, actor, available_after, on_hand_after)
        select ?, ?, variant_id, location_id, ?, ?, ?, ?, available, on_hand from u
      ), e as (
        ${LEVEL_UPDATED_OUTBOX}
      ) ${tail}`;
    const ledgerParams = [
      newId('mov'),
      workspaceId,
      delta,
      meta.reason,
      meta.reference,
      meta.actor,
      newId('evt'),
      workspaceId,
      delta,
      meta.reason,
      meta.reference,
      ...(require ? [variantId] : []),
    ];
    if (delta >= 0 || allowNegative) {
      // An increment (or a backorder) may create the level on the fly.
      return {
        sql: `with u as (
           insert into inventory_levels as l (id, workspace_id, variant_id, location_id, available, on_hand)
           values (?, ?, ?, ?, ?::int, ?::int)
           on conflict (variant_id, location_id) do update
             set available = l.available + excluded.available, on_hand = l.on_hand + excluded.on_hand, updated_at = now()
             where l.workspace_id = excluded.workspace_id
           returning ${RETURNING}
         )${ledger}`,
        params: [newId('lvl'), workspaceId, variantId, locationId, delta, delta, ...ledgerParams],
      };
    }
    return {
      sql: `with u as (
         update inventory_levels set available = available + ?::int, on_hand = on_hand + ?::int, updated_at = now()
          where workspace_id = ? and variant_id = ? and location_id = ? and available >= ?::int
         returning ${RETURNING}
       )${ledger}`,
      params: [delta, delta, workspaceId, variantId, locationId, -delta, ...ledgerParams],
    };
  }

  async applyDelta(tem: EntityManager, change: LevelDelta): Promise<LevelRow | null> {
    const st = this.deltaStatement(change);
    return sqlRow<LevelRow>(tem, sql(st.sql, st.params));
  }

  notifySql(): string {
    return OUTBOX_NOTIFY;
  }

  /** Wakes the outbox relay at commit (Postgres delivers NOTIFY only then); call once per transaction, before the hot UPDATEs. */
  async notify(tem: EntityManager): Promise<void> {
    await sqlRows(tem, sql(this.notifySql()));
  }

  /** Creates the level at zero if new, then locks it: the compare-and-set of an absolute adjustment is exact. */
  async lockLevel(tem: EntityManager, workspaceId: string, variantId: string, locationId: string): Promise<number> {
    await sqlRun(
      tem,
      sql(
        `insert into inventory_levels (id, workspace_id, variant_id, location_id) values (?, ?, ?, ?)
         on conflict (variant_id, location_id) do nothing`,
        [newId('lvl'), workspaceId, variantId, locationId],
      ),
    );
    const current = await sqlRow<{ available: number }>(
      tem,
      sql(
        'select available from inventory_levels where workspace_id = ? and variant_id = ? and location_id = ? for update',
        [workspaceId, variantId, locationId],
      ),
    );
    return current?.available ?? 0;
  }

  /**
   * lockLevel for many (variant, location) pairs at once (the Shopify import's batches): created at zero where new,
   * then locked in (variant, location) order; the current available per `variantId|locationId`.
   */
  async lockLevels(
    tem: EntityManager,
    workspaceId: string,
    pairs: { variantId: string; locationId: string }[],
  ): Promise<Map<string, number>> {
    const unique = [...new Map(pairs.map((p) => [`${p.variantId}|${p.locationId}`, p])).values()].sort((a, b) =>
      a.variantId === b.variantId ? (a.locationId < b.locationId ? -1 : 1) : a.variantId < b.variantId ? -1 : 1,
    );
    if (unique.length === 0) return new Map();
    const variants = textArray(unique.map((p) => p.variantId));
    const locations = textArray(unique.map((p) => p.locationId));
    await sqlRun(
      tem,
      sql(
        `insert into inventory_levels (id, workspace_id, variant_id, location_id)
         select i, ?, v, l from unnest(?::text[], ?::text[], ?::text[]) as t(i, v, l)
         on conflict (variant_id, location_id) do nothing`,
        [workspaceId, textArray(unique.map(() => newId('lvl'))), variants, locations],
      ),
    );
    const rows = await sqlRows<{ variant_id: string; location_id: string; available: number }>(
      tem,
      sql(
        `select variant_id, location_id, available from inventory_levels
         where workspace_id = ? and (variant_id, location_id) in (select * from unnest(?::text[], ?::text[]))
         order by variant_id, location_id for update`,
        [workspaceId, variants, locations],
      ),
    );
    return new Map(rows.map((r) => [`${r.variant_id}|${r.location_id}`, r.available]));
  }

  /**
   * Many (variant, location, delta) changes of levels that exist and are locked (lockLevels), in ONE statement: each
   * moves its level and writes its ledger row and its `inventory.level.updated` outbox event exactly as applyDelta does
   * (same shapes), never refused (allowNegative). The Shopify import's batches; returns how many levels moved.
   */
  async applyDeltas(
    tem: EntityManager,
    workspaceId: string,
    changes: { variantId: string; locationId: string; delta: number; reference: string | null }[],
    meta: { reason: MovementReason; actor: string | null },
  ): Promise<number> {
    if (changes.length === 0) return 0;
    const row = await sqlRow<{ n: number }>(
      tem,
      sql(
        `with d as (
           select * from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[])
             as t(variant_id, location_id, delta, reference, mov_id, evt_id)
         ), u as (
           update inventory_levels l
              set available = l.available + d.delta, on_hand = l.on_hand + d.delta, updated_at = now()
             from d
            where l.workspace_id = ? and l.variant_id = d.variant_id and l.location_id = d.location_id
           returning l.id, l.variant_id, l.location_id, l.available, l.on_hand, l.committed, l.updated_at,
                     d.delta, d.reference, d.mov_id, d.evt_id
         ), m as (
           insert into inventory_movements (id, workspace_id, variant_id, location_id, delta, reason, reference, actor, available_after, on_hand_after)
           select mov_id, ?, variant_id, location_id, delta, ?, reference, ?, available, on_hand from u
         ), e as (
           insert into outbox (id, workspace_id, topic, payload)
           select evt_id, ?, 'inventory.level.updated', jsonb_build_object(
             'level', jsonb_build_object('id', id, 'variantId', variant_id, 'locationId', location_id, 'available', available,
                                         'onHand', on_hand, 'committed', committed,
                                         'updatedAt', to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
             'delta', delta, 'reason', ?::text, 'reference', reference)
           from u
         ) select count(*)::int as n from u`,
        [
          textArray(changes.map((c) => c.variantId)),
          textArray(changes.map((c) => c.locationId)),
          numberArray(changes.map((c) => Math.trunc(c.delta))),
          `{${changes.map((c) => (c.reference === null ? 'NULL' : `"${c.reference.replace(/["\\]/g, (x) => `\\${x}`)}"`)).join(',')}}`,
          textArray(changes.map(() => newId('mov'))),
          textArray(changes.map(() => newId('evt'))),
          workspaceId,
          workspaceId,
          meta.reason,
          meta.actor,
          workspaceId,
          meta.reason,
        ],
      ),
    );
    return row?.n ?? 0;
  }

  /** The level as the raw statements above left it, in the same transaction. */
  async current(
    em: EntityManager,
    workspaceId: string,
    variantId: string,
    locationId: string,
  ): Promise<LevelRow | null> {
    return sqlRow<LevelRow>(
      em,
      sql(`select ${RETURNING} from inventory_levels where workspace_id = ? and variant_id = ? and location_id = ?`, [
        workspaceId,
        variantId,
        locationId,
      ]),
    );
  }
}
