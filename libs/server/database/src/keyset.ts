import type { QueryBuilder } from '@mikro-orm/postgresql';
import { keysetTimestamp, type KeysetPosition } from '@retailos/server/core';

export interface KeysetKey<E> {
  property: keyof E & string;
  column: string;
  /** Cast of the cursor value (timestamps travel as exact UTC text with microseconds). */
  cast?: 'timestamptz' | 'bigint';
}

/** `(created_at, id)`, newest first: the key of every list but inventory levels. */
export function createdKeyset<E extends { createdAt: Date; id: string }>(): KeysetKey<E>[] {
  return [
    { property: 'createdAt' as keyof E & string, column: 'created_at', cast: 'timestamptz' },
    { property: 'id' as keyof E & string, column: 'id' },
  ];
}

/**
 * Keyset condition, order and limit on a QueryBuilder, with the tenant filter applied (a QueryBuilder skips ORM
 * filters unless asked). The position compares as one row value so the (workspace_id, key..., id) index serves it.
 */
export async function applyKeyset<E extends object>(
  qb: QueryBuilder<E>,
  keys: readonly KeysetKey<E>[],
  after: KeysetPosition | null,
  take: number,
  direction: 'asc' | 'desc' = 'desc',
): Promise<QueryBuilder<E>> {
  await qb.applyFilters();
  if (after) {
    if (after.length !== keys.length) throw new TypeError('keyset position does not match the keys');
    const columns = keys.map((k) => `${qb.alias}.${k.column}`).join(', ');
    const values = keys.map((k) => (k.cast ? `?::${k.cast}` : '?')).join(', ');
    qb.andWhere(`(${columns}) ${direction === 'desc' ? '<' : '>'} (${values})`, [...after]);
  }
  qb.orderBy(keys.map((k) => ({ [k.property]: direction }) as never));
  qb.limit(take);
  return qb;
}

/** A formula property giving the exact keyset text of `created_at` (a JS Date would drop the microseconds). */
export const createdKeyFormula = (table: { alias: string }): string => keysetTimestamp(`${table.alias}.created_at`);
