// Raw SQL justified by tools/bench/order-throughput.bench.ts: one sequence per workspace numbers orders without serialising them on a counter row.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlRows, sqlRun } from '@retailos/server/core';

/** DDL, so outside any transaction; the name comes from OrderNumbers.sequenceOf (a hash), never from a request. */
export async function createOrderNumberSequence(em: EntityManager, name: string, start: number): Promise<void> {
  if (!/^order_number_[0-9a-f]{32}$/.test(name) || !Number.isSafeInteger(start))
    throw new TypeError(`not an order number sequence: ${name}`);
  await sqlRun(em, sql(`create sequence if not exists ${name} start ${start}`));
}

/** The next number of a workspace's sequence, inside the caller's transaction (nextval itself never waits). */
export async function nextOrderNumber(em: EntityManager, sequence: string): Promise<number> {
  const [row] = await sqlRows<{ n: string }>(em, sql('select nextval(?::regclass)::text as n', [sequence]));
  return Number(row?.n);
}

/** `count` next numbers of a workspace's sequence in one round trip, ascending (a batch of imported orders). */
export async function nextOrderNumbers(em: EntityManager, sequence: string, count: number): Promise<number[]> {
  if (count <= 0) return [];
  const rows = await sqlRows<{ n: string }>(
    em,
    sql('select nextval(?::regclass)::text as n from generate_series(1, ?)', [sequence, count]),
  );
  return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
}
