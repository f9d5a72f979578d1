import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  DomainError,
  isUniqueViolation,
  keysetPage,
  NotFoundError,
  numberArray,
  textArray,
  ValidationFailedError,
  WorkspaceCurrency,
  type FieldError,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import {
  CATALOG_FACADE,
  CUSTOMERS_FACADE,
  INSUFFICIENT_STOCK_MESSAGE,
  INSUFFICIENT_STOCK_SQLSTATE,
  INVENTORY_FACADE,
  UNKNOWN_LOCATION_MESSAGE,
  type CatalogFacade,
  type CustomersFacade,
  type InventoryFacade,
  type OrderReturnSummary,
  type Page,
  type ResolvedVariant,
  type ReturnView,
} from '@retailos/shared/contracts';
import { addMinor, multiplyMinor, newId } from '@retailos/shared/util';
import type {
  CancelOrderDto,
  CreateOrderDto,
  CreateReturnDto,
  ListOrdersQueryDto,
  UpdateOrderDto,
} from '../dto/order.dto';
import { OrderReturn, OrderReturnLine } from '../entities/order-return.entity';
import { OrdersRepository } from '../repositories/orders.repository';
import { OrderNumbers } from './order-numbers.service';
import { restockCancelled } from './order-restock';
import { orderView, toOrderView, type OrderLineRow, type OrderRow, type OrderView } from './order-views';
import { insertOrderStatement, runPlacementBatch } from './place-order.sql';

export type { OrderReturnSummary, ReturnView };

export class InsufficientStockError extends ConflictError {
  constructor(shortLines: { sku: string; variantId: string; requested: number; available: number }[]) {
    super(
      'insufficient_stock',
      `Not enough stock for ${shortLines.map((l) => l.sku).join(', ')}; nothing was changed.`,
      { shortLines },
    );
  }
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrdersRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly currency: WorkspaceCurrency,
    private readonly numbers: OrderNumbers,
    @Inject(CATALOG_FACADE) private readonly catalog: CatalogFacade,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
    @Inject(CUSTOMERS_FACADE) private readonly customers: CustomersFacade,
  ) {}

  /**
   * The hot path: two round trips to Postgres. One read resolves the variants (prices, backorder rule); then the
   * whole transaction (stock pre-check, order + lines + order.created, conditional decrements with their ledger rows
   * and inventory.level.updated events) goes as one atomic batch.
   */
  async place(workspaceId: string, dto: CreateOrderDto, actor: string): Promise<OrderView> {
    const [currency, resolution, customerOk, sequence] = await Promise.all([
      dto.currency ? Promise.resolve(dto.currency) : this.currency.of(workspaceId),
      this.catalog.resolveVariants(
        null,
        workspaceId,
        dto.lines.map((l) => ({ sku: l.sku, variantId: l.variantId })),
      ),
      dto.customerId ? this.customers.exists(null, workspaceId, dto.customerId) : Promise.resolve(true),
      this.numbers.ensure(workspaceId),
    ]);
    const errors: FieldError[] = [];
    if (!customerOk) errors.push({ field: 'customerId', message: `customer ${dto.customerId} does not exist` });
    const lines = dto.lines.map((line, i) => {
      const variant = resolution.variants[i];
      if (!variant) {
        errors.push({ field: `lines.${i}`, message: `no variant ${line.variantId ?? line.sku} in this workspace` });
        return null;
      }
      if (line.unitPrice === undefined && variant.currency !== currency) {
        errors.push({
          field: `lines.${i}.unitPrice`,
          message: `${variant.sku} is priced in ${variant.currency}; give unitPrice in ${currency}`,
        });
      }
      const unitPrice = line.unitPrice ?? variant.price;
      return { variant, quantity: line.quantity, unitPrice, total: multiplyMinor(unitPrice, line.quantity) };
    });
    // Already failing: name a bad location too. Otherwise the location is checked by the stock pre-check below.
    if (errors.length > 0 && !(await this.inventory.locationExists(null, workspaceId, dto.locationId))) {
      errors.unshift({ field: 'locationId', message: `location ${dto.locationId} does not exist` });
    }
    if (errors.length > 0) throw new ValidationFailedError(errors);
    const resolved = lines as { variant: ResolvedVariant; quantity: number; unitPrice: number; total: number }[];
    const stockLines = resolved.map((l) => ({
      variantId: l.variant.id,
      sku: l.variant.sku,
      quantity: l.quantity,
      allowBackorder: l.variant.allowBackorder,
    }));
    const subtotal = resolved.reduce((s, l) => addMinor(s, l.total), 0);
    const orderId = newId('ord');

    const lineRows: OrderLineRow[] = resolved.map((l, i) => ({
      id: newId('oli'),
      order_id: orderId,
      variant_id: l.variant.id,
      sku: l.variant.sku,
      title: l.variant.title,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      total: l.total,
      returned_quantity: 0,
      position: i,
    }));
    // The event payload is the order view; number, name and timestamps are only known in the statement itself.
    const draft = toOrderView(
      {
        id: orderId,
        number: 0,
        name: '',
        channel: dto.channel,
        source: dto.source ?? 'retailos',
        external_id: dto.externalId ?? null,
        status: 'open',
        customer_id: dto.customerId ?? null,
        location_id: dto.locationId,
        currency,
        subtotal,
        total: subtotal,
        refunded_total: 0,
        note: dto.note ?? null,
        cancelled_at: null,
        cancel_reason: null,
        created_at: new Date(0),
        updated_at: new Date(0),
      },
      lineRows,
    );
    // Order, lines and order.created in one statement; the number comes from the workspace's sequence. The outbox row
    // has exactly OutboxService.append's shape; the NOTIFY that wakes the relay opens the inventory statements.
    // The text never varies (lines travel as arrays, the sequence as a value), so it is prepared once per session.
    const insertOrder = insertOrderStatement([
      orderId,
      workspaceId,
      dto.channel,
      dto.source ?? 'retailos',
      dto.externalId ?? null,
      dto.customerId ?? null,
      dto.locationId,
      currency,
      subtotal,
      subtotal,
      dto.note ?? null,
      sequence,
      workspaceId,
      textArray(lineRows.map((r) => r.id)),
      textArray(lineRows.map((r) => r.variant_id)),
      textArray(lineRows.map((r) => r.sku)),
      textArray(lineRows.map((r) => r.title)),
      numberArray(lineRows.map((r) => r.quantity)),
      numberArray(resolved.map((l) => l.unitPrice)),
      numberArray(resolved.map((l) => l.total)),
      numberArray(lineRows.map((r) => r.position)),
      newId('evt'),
      workspaceId,
      JSON.stringify(draft),
    ]);
    const { precheck, reserve } = this.inventory.reservationStatements(workspaceId, dto.locationId, stockLines, {
      reference: orderId,
      actor,
    });
    // One round trip, one transaction (runAtomicBatch): the read-only stock pre-check first (a clearly short order is
    // refused before anything is written or a number drawn; it can only refuse, the UPDATEs alone sell), then the
    // order rows, then the stock decrements, so contended level rows are locked only for their statement and the commit.
    const outcome = await runPlacementBatch(this.em, [precheck, insertOrder, ...reserve]);
    if (outcome.committed) {
      const row = outcome.results[1]?.rows[0] as OrderRow | undefined;
      if (!row) throw new Error('order insert returned no row');
      return toOrderView(row, lineRows);
    }
    const failure = outcome.error;
    if (isUniqueViolation(failure, 'orders_ws_external_uq')) {
      throw new ConflictError(
        'duplicate_external_id',
        `An order with external id ${dto.externalId} from ${dto.source ?? 'retailos'} already exists.`,
      );
    }
    if (failure && failure.code === INSUFFICIENT_STOCK_SQLSTATE && failure.message === UNKNOWN_LOCATION_MESSAGE) {
      throw new ValidationFailedError([{ field: 'locationId', message: `location ${dto.locationId} does not exist` }]);
    }
    if (failure && failure.code === INSUFFICIENT_STOCK_SQLSTATE && failure.message === INSUFFICIENT_STOCK_MESSAGE) {
      const skuOf = new Map(stockLines.map((l) => [l.variantId, l.sku]));
      const detail = failure.detail ?? '';
      if (detail.startsWith('[')) {
        // The pre-check: every short line, as read in the transaction.
        const short = JSON.parse(detail) as { variantId: string; requested: number; available: number }[];
        throw new InsufficientStockError(short.map((l) => ({ sku: skuOf.get(l.variantId) ?? '', ...l })));
      }
      // A decrement lost a race after the pre-check passed: read what is left to explain it.
      const short = await this.inventory.shortLines(workspaceId, dto.locationId, stockLines);
      const line = stockLines.find((l) => l.variantId === detail);
      throw new InsufficientStockError(
        short.length > 0
          ? short
          : line
            ? [{ sku: line.sku, variantId: line.variantId, requested: line.quantity, available: 0 }]
            : [],
      );
    }
    throw failure ?? new Error('order transaction was not committed');
  }

  async get(workspaceId: string, orderId: string): Promise<OrderView & { returns: OrderReturnSummary[] }> {
    const em = this.orders.scope(workspaceId);
    const view = await this.load(em, workspaceId, orderId);
    if (!view) throw new NotFoundError('Order', orderId);
    const returns = await this.orders.returnsOf(em, workspaceId, orderId);
    return {
      ...view,
      returns: returns.map(({ ret, lines }) => ({
        id: ret.id,
        locationId: ret.locationId,
        reason: ret.reason,
        refundAmount: ret.refundAmount,
        lines: lines.map((l) => ({ lineId: l.orderLineId, quantity: l.quantity, amount: l.amount })),
        createdAt: ret.createdAt.toISOString(),
      })),
    };
  }

  async list(workspaceId: string, query: ListOrdersQueryDto): Promise<Page<OrderView>> {
    const filters = {
      channel: query.channel,
      status: query.status,
      customerId: query.customerId,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
    };
    return keysetPage({
      list: 'orders',
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters,
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.orders.list(workspaceId, filters, after, take),
      keyOf: (o) => [o.createdKey ?? '', o.id],
      map: async (rows) => {
        const lines = await this.orders.linesOf(
          this.orders.scope(workspaceId),
          workspaceId,
          rows.map((o) => o.id),
        );
        return rows.map((o) => orderView(o, lines));
      },
    });
  }

  /** Note and customer only: what was sold, its totals and its stock change through cancel and returns alone. */
  async update(workspaceId: string, orderId: string, dto: UpdateOrderDto): Promise<OrderView> {
    if (dto.customerId && !(await this.customers.exists(null, workspaceId, dto.customerId))) {
      throw new ValidationFailedError([{ field: 'customerId', message: `customer ${dto.customerId} does not exist` }]);
    }
    if (dto.note === undefined && dto.customerId === undefined) {
      throw new ValidationFailedError([{ field: 'body', message: 'name at least one of note, customerId' }]);
    }
    return this.orders.scope(workspaceId).transactional(async (tem) => {
      const order = await this.orders.order(tem, workspaceId, orderId);
      if (!order) throw new NotFoundError('Order', orderId);
      if (dto.note !== undefined) order.note = dto.note;
      if (dto.customerId !== undefined) order.customerId = dto.customerId;
      order.updatedAt = new Date();
      await tem.flush();
      const view = (await this.load(tem, workspaceId, orderId)) as OrderView;
      await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
      return view;
    });
  }

  async cancel(workspaceId: string, orderId: string, dto: CancelOrderDto, actor: string): Promise<OrderView> {
    return this.orders.scope(workspaceId).transactional(async (tem) => {
      const order = await this.orders.order(tem, workspaceId, orderId, true);
      if (!order) throw new NotFoundError('Order', orderId);
      if (order.status !== 'open' && order.status !== 'partially_returned') {
        throw new ConflictError(
          'order_not_cancellable',
          `Order ${order.name} is ${order.status} and cannot be cancelled.`,
          { status: order.status },
        );
      }
      Object.assign(order, {
        status: 'cancelled',
        cancelledAt: new Date(),
        cancelReason: dto.reason ?? null,
        updatedAt: new Date(),
      });
      await tem.flush();
      // Only what was not already returned goes back on the shelf.
      const lines = await this.orders.linesOf(tem, workspaceId, [orderId]);
      await restockCancelled(this.inventory, tem, order, lines, actor);
      const view = orderView(order, lines);
      await this.outbox.append(tem, workspaceId, 'order.cancelled', { order: view });
      // Like Shopify's orders/updated: subscribers to order.updated hear of every change to an order.
      await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
      return view;
    });
  }

  async createReturn(workspaceId: string, orderId: string, dto: CreateReturnDto, actor: string): Promise<ReturnView> {
    const locationId = dto.locationId;
    if (locationId && !(await this.inventory.locationExists(null, workspaceId, locationId))) {
      throw new ValidationFailedError([{ field: 'locationId', message: `location ${locationId} does not exist` }]);
    }
    const seen = new Set<string>();
    dto.lines.forEach((l, i) => {
      if (seen.has(l.lineId))
        throw new ValidationFailedError([{ field: `lines.${i}.lineId`, message: 'a line may appear once per return' }]);
      seen.add(l.lineId);
    });
    return this.orders.scope(workspaceId).transactional(async (tem) => {
      // The order row lock serialises returns and cancels of one order: the checks below see every earlier return.
      const order = await this.orders.order(tem, workspaceId, orderId, true);
      if (!order) throw new NotFoundError('Order', orderId);
      if (order.status === 'cancelled')
        throw new ConflictError('order_cancelled', 'A cancelled order cannot be returned.');
      const lines = await this.orders.linesOf(tem, workspaceId, [orderId]);
      const returnId = newId('ret');
      const restockAt = locationId ?? order.locationId;
      const returned: { lineId: string; variantId: string; quantity: number; amount: number }[] = [];
      for (const [i, l] of dto.lines.entries()) {
        const line = lines.find((x) => x.id === l.lineId);
        if (!line)
          throw new ValidationFailedError([
            { field: `lines.${i}.lineId`, message: `line ${l.lineId} is not part of this order` },
          ]);
        // Partial returns add up and can never exceed what was sold (the CHECK constraint backs this up).
        if (line.returnedQuantity + l.quantity > line.quantity) {
          throw new DomainError(
            'return_exceeds_sold',
            `Line ${l.lineId}: ${line.quantity - line.returnedQuantity} left to return, ${l.quantity} asked.`,
            409,
            {
              lineId: l.lineId,
              sold: line.quantity,
              alreadyReturned: line.returnedQuantity,
              requested: l.quantity,
            },
          );
        }
        line.returnedQuantity += l.quantity;
        returned.push({
          lineId: l.lineId,
          variantId: line.variantId,
          quantity: l.quantity,
          amount: multiplyMinor(line.unitPrice, l.quantity),
        });
      }
      const refund = returned.reduce((s, r) => addMinor(s, r.amount), 0);
      const ret = Object.assign(new OrderReturn(), {
        id: returnId,
        workspaceId,
        orderId,
        locationId: restockAt,
        reason: dto.reason ?? null,
        refundAmount: refund,
      });
      const retLines = returned.map((r) =>
        Object.assign(new OrderReturnLine(), {
          id: newId('rtl'),
          workspaceId,
          returnId,
          orderLineId: r.lineId,
          quantity: r.quantity,
          amount: r.amount,
        }),
      );
      this.orders.addReturn(tem, ret, retLines);
      order.refundedTotal = addMinor(order.refundedTotal, refund);
      order.status = lines.every((x) => x.returnedQuantity >= x.quantity) ? 'returned' : 'partially_returned';
      order.updatedAt = new Date();
      await tem.flush();
      await this.inventory.restock(tem, workspaceId, restockAt, returned, 'order_returned', {
        reference: returnId,
        actor,
      });
      const view = orderView(order, lines);
      const result: ReturnView = {
        id: returnId,
        orderId,
        locationId: restockAt,
        reason: dto.reason ?? null,
        refundAmount: refund,
        currency: order.currency,
        lines: returned.map((r) => ({ lineId: r.lineId, quantity: r.quantity, amount: r.amount })),
        order: view,
      };
      await this.outbox.append(tem, workspaceId, 'order.returned', {
        return: { ...result, order: undefined },
        order: view,
      });
      await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
      return result;
    });
  }

  private async load(em: EntityManager, workspaceId: string, orderId: string): Promise<OrderView | null> {
    const order = await this.orders.order(em, workspaceId, orderId);
    if (!order) return null;
    return orderView(order, await this.orders.linesOf(em, workspaceId, [orderId]));
  }
}
