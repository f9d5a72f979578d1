import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomerOrderSummary, ExportBatch, OrderBrief, OrdersFacade } from '@retailos/shared/contracts';

const EXPORT_COLUMNS = [
  'id',
  'name',
  'channel',
  'source',
  'externalId',
  'status',
  'customerId',
  'locationId',
  'currency',
  'subtotal',
  'total',
  'refundedTotal',
  'lines',
  'createdAt',
  'cancelledAt',
] as const;

/** Order history for the customers context, and the export stream. */
@Injectable()
export class OrdersFacadeService implements OrdersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(private readonly em: EntityManager) {}

  async customerSummaries(workspaceId: string, customerIds: string[], currency: string): Promise<Map<string, CustomerOrderSummary>> {
    if (customerIds.length === 0) return new Map();
    // Computed from the orders themselves (served by orders_ws_customer_idx), so it can never drift from them.
    const rows = (await this.em.fork().execute(
      `select customer_id,
              count(*) filter (where status <> 'cancelled')::int as orders_count,
              coalesce(sum(total) filter (where status <> 'cancelled' and currency = ?), 0)::text as total_spent,
              coalesce(sum(total - refunded_total) filter (where status <> 'cancelled' and currency = ?), 0)::text as ltv,
              max(created_at) as last_order_at
         from orders where workspace_id = ? and customer_id in (?) group by customer_id`,
      [currency, currency, workspaceId, customerIds],
    )) as { customer_id: string; orders_count: number; total_spent: string; ltv: string; last_order_at: Date | null }[];
    return new Map(
      rows.map((r) => [
        r.customer_id,
        {
          ordersCount: r.orders_count,
          totalSpent: Number(r.total_spent),
          lifetimeValue: Number(r.ltv),
          currency,
          lastOrderAt: r.last_order_at ? new Date(r.last_order_at).toISOString() : null,
        },
      ]),
    );
  }

  async recentOrders(workspaceId: string, customerId: string, limit: number): Promise<OrderBrief[]> {
    const rows = (await this.em.fork().execute(
      `select id, name, channel, status, total::text as total, currency, created_at from orders
        where workspace_id = ? and customer_id = ? order by created_at desc, id desc limit ?`,
      [workspaceId, customerId, limit],
    )) as { id: string; name: string; channel: string; status: string; total: string; currency: string; created_at: Date }[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      channel: r.channel,
      status: r.status,
      total: Number(r.total),
      currency: r.currency,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    const rows = (await this.em.fork().execute(
      `select o.id, o.name, o.channel, o.source, o.external_id as "externalId", o.status, o.customer_id as "customerId",
              o.location_id as "locationId", o.currency, o.subtotal::text as subtotal, o.total::text as total,
              o.refunded_total::text as "refundedTotal",
              coalesce((select string_agg(l.sku || ' x' || l.quantity, '; ' order by l.position) from order_lines l where l.order_id = o.id), '') as lines,
              o.created_at as "createdAt", o.cancelled_at as "cancelledAt"
         from orders o where o.workspace_id = ? and o.id > ? order by o.id limit ?`,
      [workspaceId, after ?? '', limit],
    )) as Record<string, unknown>[];
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === limit && last ? String(last['id']) : null };
  }
}
