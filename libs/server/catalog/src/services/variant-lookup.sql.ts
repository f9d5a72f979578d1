// Raw SQL justified by tools/bench/order-throughput.bench.ts (order p99 at 200/s): the per-order variant lookup is a prepared statement.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlPrepared, sqlRows, textArray } from '@retailos/server/core';

export interface VariantLookupRow {
  id: string;
  product_id: string;
  sku: string;
  title: string;
  product_title: string;
  price: string;
  currency: string;
  allow_backorder: boolean;
}

// One text whatever the refs, so outside a transaction it is a prepared statement (planned once per session). Its
// generic plan must not lean on statistics (one merchant's catalog may dwarf the average workspace): each ref is a
// probe of a (workspace_id, id|sku) index, kept so by the OFFSET 0 fences.
const PICK = 'v.id, v.product_id, v.sku, v.title, p.title as product_title, v.price, v.currency, v.allow_backorder';
const LOOKUP = `select ${PICK}
     from unnest(?::text[]) as r(id)
     cross join lateral (select * from variants x where x.workspace_id = ? and x.id = r.id offset 0) v
     join products p on p.id = v.product_id
   union all
   select ${PICK}
     from unnest(?::text[]) as r(sku)
     cross join lateral (select * from variants x where x.workspace_id = ? and x.sku = r.sku offset 0) v
     join products p on p.id = v.product_id`;

/** Variants (with their product's title) by id or SKU, scoped to the workspace; inside `tx` when given. */
export async function lookupVariants(
  pool: EntityManager,
  tx: EntityManager | null,
  workspaceId: string,
  ids: string[],
  skus: string[],
): Promise<VariantLookupRow[]> {
  const params = [textArray(ids), workspaceId, textArray(skus), workspaceId];
  const statement = sql(LOOKUP, params);
  return tx ? sqlRows<VariantLookupRow>(tx, statement) : sqlPrepared<VariantLookupRow>(pool, statement);
}
