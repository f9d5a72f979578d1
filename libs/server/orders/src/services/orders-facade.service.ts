import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomerOrderSummary, ExportBatch, OrderBrief, OrdersFacade } from '@retailos/shared/contracts';
import { iso } from '@retailos/shared/util';
import { OrdersRepository } from '../repositories/orders.repository';
import { ordersExportBatch } from './orders-export.sql';

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

  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrdersRepository,
  ) {}

  async customerSummaries(workspaceId: string, customerIds: string[], currency: string): Promise<Map<string, CustomerOrderSummary>> {
    if (customerIds.length === 0) return new Map();
    // Computed from the orders themselves, so it can never drift from them.
    const rows = await this.orders.customerTotals(workspaceId, customerIds, currency);
    return new Map(
      rows.map((r) => [
        r.customerId,
        {
          ordersCount: r.ordersCount,
          totalSpent: Number(r.totalSpent),
          lifetimeValue: Number(r.lifetimeValue),
          currency,
          lastOrderAt: iso(r.lastOrderAt),
        },
      ]),
    );
  }

  async recentOrders(workspaceId: string, customerId: string, limit: number): Promise<OrderBrief[]> {
    const rows = await this.orders.recentOrders(workspaceId, customerId, limit);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      channel: r.channel,
      status: r.status,
      total: r.total,
      currency: r.currency,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    const rows = await ordersExportBatch(this.em.fork(), workspaceId, after, limit);
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === limit && last ? String(last['id']) : null };
  }
}
