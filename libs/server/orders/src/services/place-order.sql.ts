// Raw SQL justified by tools/bench/order-throughput.bench.ts and flash-sale.bench.ts: the order, its lines and order.created in one prepared statement of the single-round-trip batch.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlBatch, type AtomicBatchOutcome } from '@retailos/server/core';
import { outboxInsert } from '@retailos/server/outbox';
import type { SqlStatement } from '@retailos/shared/contracts';
import { ORDER_RETURNING } from './order-views';

/** order.created, built from the inserted order row `o` (the statement text never varies: it is prepared). */
const ORDER_CREATED_OUTBOX = outboxInsert(
  'order.created',
  `jsonb_build_object('order', ?::jsonb || jsonb_build_object(
           'number', o.number, 'name', o.name,
           'createdAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'updatedAt', to_char(o.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`,
  'o',
);

const INSERT_ORDER = `with o as (
         insert into orders (id, workspace_id, number, name, channel, source, external_id, customer_id, location_id, currency, subtotal, total, note)
         select ?, ?, n, '#' || n, ?, ?, ?, ?, ?, ?, ?::bigint, ?::bigint, ? from (select nextval(?::regclass) as n) s
         returning ${ORDER_RETURNING}
       ), l as (
         insert into order_lines (id, workspace_id, order_id, variant_id, sku, title, quantity, unit_price, total, position)
         select u.id, ?, o.id, u.variant_id, u.sku, u.title, u.quantity, u.unit_price, u.total, u.position
           from o, unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[])
                  as u(id, variant_id, sku, title, quantity, unit_price, total, position)
       ), e as (
         ${ORDER_CREATED_OUTBOX}
       ) select * from o`;

/**
 * Order, lines and order.created in one statement; the number comes from the workspace's sequence. The text never
 * varies (lines travel as arrays, the sequence as a value), so it is prepared once per session.
 */
export function insertOrderStatement(values: unknown[]): SqlStatement {
  return sql(INSERT_ORDER, values, { prepare: true });
}

/** The placement batch: pre-check, order insert, stock decrements, as one implicit transaction in one round trip. */
export function runPlacementBatch(em: EntityManager, statements: SqlStatement[]): Promise<AtomicBatchOutcome> {
  return sqlBatch(em, statements);
}
