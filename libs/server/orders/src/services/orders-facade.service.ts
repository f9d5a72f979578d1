import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxService } from '@retailos/server/outbox';
import {
  INVENTORY_FACADE,
  type CustomerOrderSummary,
  type ExportBatch,
  type ImportedOrder,
  type InventoryFacade,
  type OrderBrief,
  type OrderSource,
  type OrdersFacade,
  type SyncedOrderChange,
  type SyncedOrderInput,
  type SyncedOrderPatch,
  type SyncedOrderState,
  type TransactionHandle,
} from '@retailos/shared/contracts';
import { addMinor, iso, multiplyMinor, newId } from '@retailos/shared/util';
import { OrderLine } from '../entities/order-line.entity';
import { Order } from '../entities/order.entity';
import { OrdersRepository } from '../repositories/orders.repository';
import { OrderNumbers } from './order-numbers.service';
import { nextOrderNumber, nextOrderNumbers } from './order-numbers.sql';
import { restockCancelled } from './order-restock';
import { orderView } from './order-views';
import { ordersExportBatch } from './orders-export.sql';

const stateOf = (o: Order): SyncedOrderState => ({
  id: o.id,
  name: o.name,
  status: o.status,
  note: o.note,
  customerId: o.customerId,
  cancelledAt: o.cancelledAt,
  updatedAt: o.updatedAt,
});

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

/** Order history for the customers context, the export stream, and orders written by the Shopify sync. */
@Injectable()
export class OrdersFacadeService implements OrdersFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrdersRepository,
    private readonly numbers: OrderNumbers,
    private readonly outbox: OutboxService,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
  ) {}

  async importOrdersFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    inputs: ImportedOrder[],
  ): Promise<{ id: string; created: boolean }[]> {
    const tem = tx as EntityManager;
    if (inputs.length === 0) return [];
    const found = await tem.find(Order, {
      workspaceId,
      source: 'shopify',
      externalId: { $in: [...new Set(inputs.map((i) => i.externalId))] },
    });
    const held = new Map(found.map((o) => [o.externalId as string, o]));
    const fresh = new Set<string>();
    for (const input of inputs) if (!held.has(input.externalId)) fresh.add(input.externalId);
    // One round trip for the batch's numbers, handed out in input order (as one call per order would).
    const sequence = fresh.size > 0 ? await this.numbers.ensure(workspaceId) : null;
    const numbers = sequence ? await nextOrderNumbers(tem, sequence, fresh.size) : [];
    let next = 0;
    return inputs.map((input) => {
      const existing = held.get(input.externalId);
      if (existing) {
        // Held already (or earlier in this batch): only a cancellation carries over.
        if (input.cancelledAt && existing.status !== 'cancelled') {
          Object.assign(existing, {
            status: 'cancelled',
            cancelledAt: input.cancelledAt,
            cancelReason: input.cancelReason,
          });
        }
        return { id: existing.id, created: false };
      }
      // Shopify's own name and totals (shipping and taxes included) are kept as they are.
      const { order } = this.buildOrder(
        tem,
        workspaceId,
        numbers[next++] as number,
        { ...input, source: 'shopify', channel: 'online' },
        input,
      );
      held.set(input.externalId, order);
      return { id: order.id, created: true };
    });
  }

  async findExternalForSync(
    tx: TransactionHandle,
    workspaceId: string,
    source: OrderSource,
    externalId: string,
  ): Promise<SyncedOrderState | null> {
    const order = await (tx as EntityManager).findOne(
      Order,
      { workspaceId, source, externalId },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    return order ? stateOf(order) : null;
  }

  async createFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    input: SyncedOrderInput,
    opts: { takeStock: boolean; actor: string },
  ): Promise<SyncedOrderState> {
    const tem = tx as EntityManager;
    const { order, lines } = await this.newOrder(tem, workspaceId, input);
    // The unique (workspace, source, external_id) index refuses a second copy of this order here.
    await tem.flush();
    // The caller says whether the sale left the shelf (one cancelled with restock before we heard of it did not).
    if (opts.takeStock) {
      await this.inventory.takeForSale(tem, workspaceId, input.locationId, lines, {
        reference: order.id,
        actor: opts.actor,
      });
    }
    await this.outbox.append(tem, workspaceId, 'order.created', { order: orderView(order, lines) });
    return stateOf(order);
  }

  async updateFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    orderId: string,
    patch: SyncedOrderPatch,
    actor: string,
  ): Promise<SyncedOrderChange[]> {
    const tem = tx as EntityManager;
    const order = await this.orders.order(tem, workspaceId, orderId, true);
    if (!order) return [];
    const changes: SyncedOrderChange[] = [];
    if (patch.note !== undefined && patch.note !== order.note) {
      changes.push({ field: 'note', before: order.note, after: patch.note });
      order.note = patch.note;
    }
    if (patch.customerId !== undefined && patch.customerId !== order.customerId) {
      changes.push({ field: 'customerId', before: order.customerId, after: patch.customerId });
      order.customerId = patch.customerId;
    }
    const cancelling = patch.cancel && order.status !== 'cancelled' ? patch.cancel : null;
    if (cancelling) {
      changes.push({ field: 'status', before: order.status, after: 'cancelled' });
      Object.assign(order, { status: 'cancelled', cancelledAt: cancelling.at, cancelReason: cancelling.reason });
    }
    if (changes.length === 0) return [];
    order.updatedAt = new Date();
    await tem.flush();
    const lines = await this.orders.linesOf(tem, workspaceId, [orderId]);
    if (cancelling?.restock) {
      await restockCancelled(this.inventory, tem, order, lines, actor);
    }
    const view = orderView(order, lines);
    if (cancelling) await this.outbox.append(tem, workspaceId, 'order.cancelled', { order: view });
    await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
    return changes;
  }

  async customerSummaries(
    workspaceId: string,
    customerIds: string[],
    currency: string,
  ): Promise<Map<string, CustomerOrderSummary>> {
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

  exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    return ordersExportBatch(this.em.fork(), workspaceId, after, limit);
  }
  /**
   * A new order and its lines from another system, numbered from the workspace's sequence and persisted (not
   * flushed). Without `given`, the order is named `#<number>` and its totals are the sum of its lines.
   */
  private async newOrder(
    tem: EntityManager,
    workspaceId: string,
    input: SyncedOrderInput,
    given?: { name: string; subtotal: number; total: number },
  ): Promise<{ order: Order; lines: OrderLine[] }> {
    // The sequence is created outside the caller's transaction (DDL there would hold catalog locks).
    const sequence = await this.numbers.ensure(workspaceId);
    return this.buildOrder(tem, workspaceId, await nextOrderNumber(tem, sequence), input, given);
  }

  private buildOrder(
    tem: EntityManager,
    workspaceId: string,
    number: number,
    input: SyncedOrderInput,
    given?: { name: string; subtotal: number; total: number },
  ): { order: Order; lines: OrderLine[] } {
    const order = new Order(workspaceId, newId('ord'));
    const lines = input.lines.map((l, i) =>
      Object.assign(new OrderLine(), {
        id: newId('oli'),
        workspaceId,
        orderId: order.id,
        variantId: l.variantId,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        total: multiplyMinor(l.unitPrice, l.quantity),
        position: i,
      }),
    );
    const subtotal = lines.reduce((s, l) => addMinor(s, l.total), 0);
    Object.assign(order, {
      number,
      name: given?.name ?? `#${number}`,
      channel: input.channel,
      source: input.source,
      externalId: input.externalId,
      status: input.cancelledAt ? 'cancelled' : 'open',
      customerId: input.customerId,
      locationId: input.locationId,
      currency: input.currency,
      subtotal: given?.subtotal ?? subtotal,
      total: given?.total ?? subtotal,
      note: input.note,
      cancelledAt: input.cancelledAt,
      cancelReason: input.cancelReason,
      createdAt: input.createdAt,
      updatedAt: new Date(),
    });
    tem.persist([order, ...lines]);
    return { order, lines };
  }
}
