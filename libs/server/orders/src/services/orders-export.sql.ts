// Raw SQL justified by tools/bench/deep-pagination.bench.ts (export of a 1,000,000-order workspace, flat memory): one keyset batch with each order's lines folded in.
import { sqlExportBatch } from '@retailos/server/core';

/** One export batch of orders in id order, scoped to the workspace. */
export const ordersExportBatch = sqlExportBatch(
  `select o.id, o.name, o.channel, o.source, o.external_id as "externalId", o.status, o.customer_id as "customerId",
          o.location_id as "locationId", o.currency, o.subtotal::text as subtotal, o.total::text as total,
          o.refunded_total::text as "refundedTotal",
          coalesce((select string_agg(l.sku || ' x' || l.quantity, '; ' order by l.position) from order_lines l where l.order_id = o.id), '') as lines,
          o.created_at as "createdAt", o.cancelled_at as "cancelledAt"
     from orders o where o.workspace_id = ? and o.id > ? order by o.id limit ?`,
  'id',
);
