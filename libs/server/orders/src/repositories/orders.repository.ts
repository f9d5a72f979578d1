import { LockMode, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm } from '@retailos/server/database';
import { OrderLine } from '../entities/order-line.entity';
import { OrderReturn, OrderReturnLine } from '../entities/order-return.entity';
import { Order, type OrderChannel, type OrderStatus } from '../entities/order.entity';

export interface OrderListFilter {
  channel?: OrderChannel;
  status?: OrderStatus;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
}

const KEYS = createdKeyset<Order>();

/** Orders, lines and returns outside the placement batch (that one is place-order.sql.ts). */
@Injectable()
export class OrdersRepository {
  constructor(private readonly em: EntityManager) {}

  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  async list(
    workspaceId: string,
    filter: OrderListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<Order[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(Order, 'o').select('*').where({ workspaceId });
    if (filter.channel) qb.andWhere({ channel: filter.channel });
    if (filter.status) qb.andWhere({ status: filter.status });
    if (filter.customerId) qb.andWhere({ customerId: filter.customerId });
    if (filter.createdFrom) qb.andWhere({ createdAt: { $gte: new Date(filter.createdFrom) } });
    if (filter.createdTo) qb.andWhere({ createdAt: { $lt: new Date(filter.createdTo) } });
    await applyKeyset(qb, KEYS, after, take);
    return qb.getResultList();
  }

  /** With `lock`, the order row is locked for the caller's transaction (cancel and returns serialise on it). */
  order(em: EntityManager, workspaceId: string, id: string, lock = false): Promise<Order | null> {
    return em.findOne(Order, { id, workspaceId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  }

  linesOf(em: EntityManager, workspaceId: string, orderIds: string[]): Promise<OrderLine[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return em.find(
      OrderLine,
      { workspaceId, orderId: { $in: orderIds } },
      { orderBy: [{ orderId: 'asc' }, { position: 'asc' }] },
    );
  }

  async returnsOf(
    em: EntityManager,
    workspaceId: string,
    orderId: string,
  ): Promise<{ ret: OrderReturn; lines: OrderReturnLine[] }[]> {
    const returns = await em.find(
      OrderReturn,
      { workspaceId, orderId },
      { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    );
    if (returns.length === 0) return [];
    const lines = await em.find(
      OrderReturnLine,
      { workspaceId, returnId: { $in: returns.map((r) => r.id) } },
      { orderBy: { id: 'asc' } },
    );
    return returns.map((ret) => ({ ret, lines: lines.filter((l) => l.returnId === ret.id) }));
  }

  addReturn(em: EntityManager, ret: OrderReturn, lines: OrderReturnLine[]): void {
    em.persist([ret, ...lines]);
  }

  recentOrders(workspaceId: string, customerId: string, limit: number): Promise<Order[]> {
    return this.scope(workspaceId).find(
      Order,
      { workspaceId, customerId },
      { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit },
    );
  }

  /** Order count, spend and last order per customer, computed from the orders (served by orders_ws_customer_idx). */
  async customerTotals(
    workspaceId: string,
    customerIds: string[],
    currency: string,
  ): Promise<
    { customerId: string; ordersCount: number; totalSpent: string; lifetimeValue: string; lastOrderAt: Date | null }[]
  > {
    const qb = this.scope(workspaceId)
      .createQueryBuilder(Order, 'o')
      .select([
        raw('o.customer_id as "customerId"'),
        raw(`count(*) filter (where o.status <> 'cancelled')::int as "ordersCount"`),
        raw(
          `coalesce(sum(o.total) filter (where o.status <> 'cancelled' and o.currency = ?), 0)::text as "totalSpent"`,
          [currency],
        ),
        raw(
          `coalesce(sum(o.total - o.refunded_total) filter (where o.status <> 'cancelled' and o.currency = ?), 0)::text as "lifetimeValue"`,
          [currency],
        ),
        raw('max(o.created_at) as "lastOrderAt"'),
      ])
      .where({ workspaceId, customerId: { $in: customerIds } })
      .groupBy('o.customer_id');
    await qb.applyFilters();
    return qb.execute('all', false);
  }
}
