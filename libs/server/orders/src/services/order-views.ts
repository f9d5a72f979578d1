import type { OrderLineView, OrderView } from '@retailos/shared/contracts';
import type { OrderLine } from '../entities/order-line.entity';
import type { Order } from '../entities/order.entity';

export type { OrderLineView, OrderView };

export interface OrderRow {
  id: string;
  number: string | number;
  name: string;
  channel: string;
  source: string;
  external_id: string | null;
  status: string;
  customer_id: string | null;
  location_id: string;
  currency: string;
  subtotal: string | number;
  total: string | number;
  refunded_total: string | number;
  note: string | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
  ck?: string;
}

export interface OrderLineRow {
  id: string;
  order_id: string;
  variant_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: string | number;
  total: string | number;
  returned_quantity: number;
  position: number;
}

export const ORDER_COLUMNS =
  'o.id, o.number, o.name, o.channel, o.source, o.external_id, o.status, o.customer_id, o.location_id, o.currency, o.subtotal, o.total, o.refunded_total, o.note, o.cancelled_at, o.cancel_reason, o.created_at, o.updated_at';
export const ORDER_RETURNING =
  'id, number, name, channel, source, external_id, status, customer_id, location_id, currency, subtotal, total, refunded_total, note, cancelled_at, cancel_reason, created_at, updated_at';
export const LINE_COLUMNS =
  'l.id, l.order_id, l.variant_id, l.sku, l.title, l.quantity, l.unit_price, l.total, l.returned_quantity, l.position';

export function toLineView(l: OrderLineRow): OrderLineView {
  return {
    id: l.id,
    variantId: l.variant_id,
    sku: l.sku,
    title: l.title,
    quantity: l.quantity,
    unitPrice: Number(l.unit_price),
    total: Number(l.total),
    returnedQuantity: l.returned_quantity,
  };
}

export function toOrderView(o: OrderRow, lines: OrderLineRow[]): OrderView {
  return {
    id: o.id,
    name: o.name,
    number: Number(o.number),
    channel: o.channel,
    source: o.source,
    externalId: o.external_id,
    status: o.status,
    customerId: o.customer_id,
    locationId: o.location_id,
    currency: o.currency,
    subtotal: Number(o.subtotal),
    total: Number(o.total),
    refundedTotal: Number(o.refunded_total),
    note: o.note,
    cancelledAt: o.cancelled_at ? new Date(o.cancelled_at).toISOString() : null,
    cancelReason: o.cancel_reason,
    createdAt: new Date(o.created_at).toISOString(),
    updatedAt: new Date(o.updated_at).toISOString(),
    lines: lines.filter((l) => l.order_id === o.id).map(toLineView),
  };
}

/** The view of an order entity with its lines (lines of other orders are ignored). */
export function orderView(o: Order, lines: OrderLine[]): OrderView {
  return {
    id: o.id,
    name: o.name,
    number: o.number,
    channel: o.channel,
    source: o.source,
    externalId: o.externalId,
    status: o.status,
    customerId: o.customerId,
    locationId: o.locationId,
    currency: o.currency,
    subtotal: o.subtotal,
    total: o.total,
    refundedTotal: o.refundedTotal,
    note: o.note,
    cancelledAt: o.cancelledAt ? o.cancelledAt.toISOString() : null,
    cancelReason: o.cancelReason,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    lines: lines
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        id: l.id,
        variantId: l.variantId,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        total: l.total,
        returnedQuantity: l.returnedQuantity,
      })),
  };
}
