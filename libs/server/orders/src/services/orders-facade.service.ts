import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CustomerOrderSummary, ExportBatch, ImportedOrder, OrderBrief, OrdersFacade, TransactionHandle } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { OrderLine } from '../entities/order-line.entity';
import { Order } from '../entities/order.entity';
import { iso } from '@retailos/shared/util';
import { OrdersRepository } from '../repositories/orders.repository';
import { OrderNumbers } from './order-numbers.service';
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
    private readonly numbers: OrderNumbers,
  ) {}

  async importOrderFromSync(tx: TransactionHandle, workspaceId: string, input: ImportedOrder): Promise<{ id: string; created: boolean }> {
    const tem = tx as EntityManager;
    const existing = await tem.findOne(Order, { workspaceId, source: 'shopify', externalId: input.externalId });
    if (existing) {
      if (input.cancelledAt && existing.status !== 'cancelled') {
        Object.assign(existing, { status: 'cancelled', cancelledAt: input.cancelledAt, cancelReason: input.cancelReason });
      }
      return { id: existing.id, created: false };
    }
    // The sequence is created outside the caller's transaction (DDL there would hold catalog locks).
    const sequence = await this.numbers.ensure(workspaceId);
    const [row] = await tem.execute<{ n: string }[]>('select nextval(?::regclass)::text as n', [sequence]);
    const order = new Order(workspaceId);
    Object.assign(order, {
      number: Number(row?.n),
      name: input.name,
      channel: 'online',
      source: 'shopify',
      externalId: input.externalId,
      status: input.cancelledAt ? 'cancelled' : 'open',
      customerId: input.customerId,
      locationId: input.locationId,
      currency: input.currency,
      subtotal: input.subtotal,
      total: input.total,
      note: input.note,
      cancelledAt: input.cancelledAt,
      cancelReason: input.cancelReason,
      createdAt: input.createdAt,
    });
    tem.persist(order);
    input.lines.forEach((l, position) => {
      const line = new OrderLine();
      Object.assign(line, { id: newId('oli'), workspaceId, orderId: order.id, ...l, total: l.unitPrice * l.quantity, position });
      tem.persist(line);
    });
    return { id: order.id, created: true };
  }

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
