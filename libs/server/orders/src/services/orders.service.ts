import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  DEFAULT_PAGE_LIMIT,
  DomainError,
  isUniqueViolation,
  positional,
  runAtomicBatch,
  keysetTimestamp,
  NotFoundError,
  numberArray,
  textArray,
  updateAssignments,
  readCursor,
  toPage,
  ValidationFailedError,
  WorkspaceCurrency,
  type FieldError,
} from '@retailos/server/core';
import { OutboxService, outboxInsert } from '@retailos/server/outbox';
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
  type Page,
  type ResolvedVariant,
} from '@retailos/shared/contracts';
import { addMinor, multiplyMinor, newId } from '@retailos/shared/util';
import type { CancelOrderDto, CreateOrderDto, CreateReturnDto, ListOrdersQueryDto, UpdateOrderDto } from '../dto/order.dto';
import { OrderNumbers } from './order-numbers.service';
import { LINE_COLUMNS, ORDER_COLUMNS, ORDER_RETURNING, toOrderView, type OrderLineRow, type OrderRow, type OrderView } from './order-rows';

/** order.created, built from the inserted order row `o` (the statement text never varies: it is prepared). */
const ORDER_CREATED_OUTBOX = outboxInsert(
  'order.created',
  `jsonb_build_object('order', ?::jsonb || jsonb_build_object(
           'number', o.number, 'name', o.name,
           'createdAt', to_char(o.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'updatedAt', to_char(o.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))`,
  'o',
);

export class InsufficientStockError extends ConflictError {
  constructor(shortLines: { sku: string; variantId: string; requested: number; available: number }[]) {
    super('insufficient_stock', `Not enough stock for ${shortLines.map((l) => l.sku).join(', ')}; nothing was changed.`, { shortLines });
  }
}

export interface OrderReturnSummary {
  id: string;
  locationId: string;
  reason: string | null;
  refundAmount: number;
  lines: { lineId: string; quantity: number; amount: number }[];
  createdAt: string;
}

export interface ReturnView {
  id: string;
  orderId: string;
  locationId: string;
  reason: string | null;
  refundAmount: number;
  currency: string;
  lines: { lineId: string; quantity: number; amount: number }[];
  order: OrderView;
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly em: EntityManager,
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
      this.catalog.resolveVariants(null, workspaceId, dto.lines.map((l) => ({ sku: l.sku, variantId: l.variantId }))),
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
        errors.push({ field: `lines.${i}.unitPrice`, message: `${variant.sku} is priced in ${variant.currency}; give unitPrice in ${currency}` });
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
    const stockLines = resolved.map((l) => ({ variantId: l.variant.id, sku: l.variant.sku, quantity: l.quantity, allowBackorder: l.variant.allowBackorder }));
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
    const insertOrder = positional(
      `with o as (
         insert into orders (id, workspace_id, number, name, channel, source, external_id, customer_id, location_id, currency, subtotal, total, note)
         select ?, ?, n, '#' || n, ?, ?, ?, ?, ?, ?, ?::bigint, ?::bigint, ? from (select nextval(?::regclass) as n) s
         returning ${ORDER_RETURNING}
       ), l as (
         insert into order_lines (id, workspace_id, order_id, variant_id, sku, title, quantity, unit_price, total, position)
         select u.id, ?, o.id, u.variant_id, u.sku, u.title, u.quantity, u.unit_price, u.total, u.position
           from o, unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::int[])
                  as u(id, variant_id, sku, title, quantity, unit_price, total, position)
       ), e as (
         ${ORDER_CREATED_OUTBOX}
       ) select * from o`,
      [
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
      ],
      { prepare: true },
    );
    const { precheck, reserve } = this.inventory.reservationStatements(workspaceId, dto.locationId, stockLines, { reference: orderId, actor });
    // One round trip, one transaction (runAtomicBatch): the read-only stock pre-check first (a clearly short order is
    // refused before anything is written or a number drawn; it can only refuse, the UPDATEs alone sell), then the
    // order rows, then the stock decrements, so contended level rows are locked only for their statement and the commit.
    const outcome = await runAtomicBatch(this.em, [precheck, insertOrder, ...reserve]);
    if (outcome.committed) {
      const row = outcome.results[1]?.rows[0] as OrderRow | undefined;
      if (!row) throw new Error('order insert returned no row');
      return toOrderView(row, lineRows);
    }
    const failure = outcome.error;
    if (isUniqueViolation(failure, 'orders_ws_external_uq')) {
      throw new ConflictError('duplicate_external_id', `An order with external id ${dto.externalId} from ${dto.source ?? 'retailos'} already exists.`);
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
        short.length > 0 ? short : line ? [{ sku: line.sku, variantId: line.variantId, requested: line.quantity, available: 0 }] : [],
      );
    }
    throw failure ?? new Error('order transaction was not committed');
  }

  async get(workspaceId: string, orderId: string): Promise<OrderView & { returns: OrderReturnSummary[] }> {
    const em = this.em.fork();
    const view = await this.load(em, workspaceId, orderId);
    if (!view) throw new NotFoundError('Order', orderId);
    const rows = (await em.execute(
      `select r.id, r.location_id, r.reason, r.refund_amount::text as refund_amount, r.created_at,
              coalesce(json_agg(json_build_object('lineId', rl.order_line_id, 'quantity', rl.quantity, 'amount', rl.amount) order by rl.id)
                       filter (where rl.id is not null), '[]') as lines
         from order_returns r left join order_return_lines rl on rl.return_id = r.id
        where r.order_id = ? and r.workspace_id = ? group by r.id order by r.created_at, r.id`,
      [orderId, workspaceId],
    )) as { id: string; location_id: string; reason: string | null; refund_amount: string; created_at: Date; lines: { lineId: string; quantity: number; amount: number }[] }[];
    return {
      ...view,
      returns: rows.map((r) => ({
        id: r.id,
        locationId: r.location_id,
        reason: r.reason,
        refundAmount: Number(r.refund_amount),
        lines: r.lines.map((l) => ({ ...l, amount: Number(l.amount) })),
        createdAt: new Date(r.created_at).toISOString(),
      })),
    };
  }

  async list(workspaceId: string, query: ListOrdersQueryDto): Promise<Page<OrderView>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = {
      channel: query.channel,
      status: query.status,
      customerId: query.customerId,
      createdFrom: query.createdFrom,
      createdTo: query.createdTo,
    };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const where = ['o.workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    for (const [value, sql] of [
      [query.channel, 'o.channel = ?'],
      [query.status, 'o.status = ?'],
      [query.customerId, 'o.customer_id = ?'],
      [query.createdFrom, 'o.created_at >= ?::timestamptz'],
      [query.createdTo, 'o.created_at < ?::timestamptz'],
    ] as const) {
      if (value !== undefined) {
        where.push(sql);
        params.push(value);
      }
    }
    if (after) {
      where.push('(o.created_at, o.id) < (?::timestamptz, ?)');
      params.push(String(after[0]), String(after[1]));
    }
    params.push(limit + 1);
    const em = this.em.fork();
    const rows = (await em.execute(
      `select ${ORDER_COLUMNS}, ${keysetTimestamp('o.created_at')} as ck from orders o
        where ${where.join(' and ')} order by o.created_at desc, o.id desc limit ?`,
      params,
    )) as OrderRow[];
    const page = rows.slice(0, limit);
    const lines =
      page.length > 0
        ? ((await em.execute(`select ${LINE_COLUMNS} from order_lines l where l.workspace_id = ? and l.order_id in (?) order by l.position`, [
            workspaceId,
            page.map((r) => r.id),
          ])) as OrderLineRow[])
        : [];
    return toPage(rows, limit, (r) => [r.ck ?? '', r.id], (r) => toOrderView(r, lines), filters, this.config.CURSOR_SECRET);
  }

  /** Note and customer only: what was sold, its totals and its stock change through cancel and returns alone. */
  async update(workspaceId: string, orderId: string, dto: UpdateOrderDto): Promise<OrderView> {
    if (dto.customerId && !(await this.customers.exists(null, workspaceId, dto.customerId))) {
      throw new ValidationFailedError([{ field: 'customerId', message: `customer ${dto.customerId} does not exist` }]);
    }
    const { sets, params } = updateAssignments(dto, [
      ['note', 'note'],
      ['customerId', 'customer_id'],
    ]);
    if (params.length === 0) throw new ValidationFailedError([{ field: 'body', message: 'name at least one of note, customerId' }]);
    return this.em.fork().transactional(async (tem) => {
      const updated = (await tem.execute(`update orders set ${sets.join(', ')} where id = ? and workspace_id = ? returning id`, [
        ...params,
        orderId,
        workspaceId,
      ])) as { id: string }[];
      if (updated.length === 0) throw new NotFoundError('Order', orderId);
      const view = (await this.load(tem, workspaceId, orderId)) as OrderView;
      await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
      return view;
    });
  }

  async cancel(workspaceId: string, orderId: string, dto: CancelOrderDto, actor: string): Promise<OrderView> {
    return this.em.fork().transactional(async (tem) => {
      const updated = (await tem.execute(
        `update orders set status = 'cancelled', cancelled_at = now(), cancel_reason = ?, updated_at = now()
          where id = ? and workspace_id = ? and status in ('open', 'partially_returned') returning location_id`,
        [dto.reason ?? null, orderId, workspaceId],
      )) as { location_id: string }[];
      const hit = updated[0];
      if (!hit) {
        const current = await this.load(tem, workspaceId, orderId);
        if (!current) throw new NotFoundError('Order', orderId);
        throw new ConflictError('order_not_cancellable', `Order ${current.name} is ${current.status} and cannot be cancelled.`, { status: current.status });
      }
      // Only what was not already returned goes back on the shelf.
      const lines = (await tem.execute(
        'select variant_id, quantity - returned_quantity as qty from order_lines where order_id = ? and workspace_id = ?',
        [orderId, workspaceId],
      )) as { variant_id: string; qty: number }[];
      await this.inventory.restock(
        tem,
        workspaceId,
        hit.location_id,
        lines.map((l) => ({ variantId: l.variant_id, quantity: l.qty })),
        'order_cancelled',
        { reference: orderId, actor },
      );
      const view = (await this.load(tem, workspaceId, orderId)) as OrderView;
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
      if (seen.has(l.lineId)) throw new ValidationFailedError([{ field: `lines.${i}.lineId`, message: 'a line may appear once per return' }]);
      seen.add(l.lineId);
    });
    return this.em.fork().transactional(async (tem) => {
      const [order] = (await tem.execute('select id, status, location_id, currency from orders where id = ? and workspace_id = ? for update', [
        orderId,
        workspaceId,
      ])) as { id: string; status: string; location_id: string; currency: string }[];
      if (!order) throw new NotFoundError('Order', orderId);
      if (order.status === 'cancelled') throw new ConflictError('order_cancelled', 'A cancelled order cannot be returned.');
      const returnId = newId('ret');
      const restockAt = locationId ?? order.location_id;
      const returned: { lineId: string; variantId: string; quantity: number; amount: number }[] = [];
      for (const [i, l] of dto.lines.entries()) {
        // Conditional increment: partial returns add up and can never exceed what was sold, even concurrently.
        const [row] = (await tem.execute(
          `update order_lines set returned_quantity = returned_quantity + ?
            where id = ? and order_id = ? and workspace_id = ? and returned_quantity + ? <= quantity
            returning variant_id, unit_price, quantity, returned_quantity`,
          [l.quantity, l.lineId, orderId, workspaceId, l.quantity],
        )) as { variant_id: string; unit_price: string; quantity: number; returned_quantity: number }[];
        if (!row) {
          const [line] = (await tem.execute('select quantity, returned_quantity from order_lines where id = ? and order_id = ?', [
            l.lineId,
            orderId,
          ])) as { quantity: number; returned_quantity: number }[];
          if (!line) throw new ValidationFailedError([{ field: `lines.${i}.lineId`, message: `line ${l.lineId} is not part of this order` }]);
          throw new DomainError('return_exceeds_sold', `Line ${l.lineId}: ${line.quantity - line.returned_quantity} left to return, ${l.quantity} asked.`, 409, {
            lineId: l.lineId,
            sold: line.quantity,
            alreadyReturned: line.returned_quantity,
            requested: l.quantity,
          });
        }
        returned.push({ lineId: l.lineId, variantId: row.variant_id, quantity: l.quantity, amount: multiplyMinor(Number(row.unit_price), l.quantity) });
      }
      const refund = returned.reduce((s, r) => addMinor(s, r.amount), 0);
      await tem.execute('insert into order_returns (id, workspace_id, order_id, location_id, reason, refund_amount) values (?, ?, ?, ?, ?, ?)', [
        returnId,
        workspaceId,
        orderId,
        restockAt,
        dto.reason ?? null,
        refund,
      ]);
      await tem.execute(
        `insert into order_return_lines (id, workspace_id, return_id, order_line_id, quantity, amount) values ${returned.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
        returned.flatMap((r) => [newId('rtl'), workspaceId, returnId, r.lineId, r.quantity, r.amount]),
      );
      await tem.execute(
        `update orders set refunded_total = refunded_total + ?, updated_at = now(),
                status = case when not exists (select 1 from order_lines where order_id = ? and returned_quantity < quantity)
                              then 'returned' else 'partially_returned' end
          where id = ? and workspace_id = ?`,
        [refund, orderId, orderId, workspaceId],
      );
      await this.inventory.restock(tem, workspaceId, restockAt, returned, 'order_returned', { reference: returnId, actor });
      const view = (await this.load(tem, workspaceId, orderId)) as OrderView;
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
      await this.outbox.append(tem, workspaceId, 'order.returned', { return: { ...result, order: undefined }, order: view });
      await this.outbox.append(tem, workspaceId, 'order.updated', { order: view });
      return result;
    });
  }

  private async load(em: EntityManager, workspaceId: string, orderId: string): Promise<OrderView | null> {
    const [order] = (await em.execute(`select ${ORDER_COLUMNS} from orders o where o.id = ? and o.workspace_id = ?`, [orderId, workspaceId])) as OrderRow[];
    if (!order) return null;
    const lines = (await em.execute(`select ${LINE_COLUMNS} from order_lines l where l.order_id = ? and l.workspace_id = ? order by l.position`, [
      orderId,
      workspaceId,
    ])) as OrderLineRow[];
    return toOrderView(order, lines);
  }
}
