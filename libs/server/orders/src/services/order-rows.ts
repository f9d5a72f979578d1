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

export interface OrderLineView {
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  total: number;
  returnedQuantity: number;
}

export interface OrderView {
  id: string;
  name: string;
  number: number;
  channel: string;
  source: string;
  externalId: string | null;
  status: string;
  customerId: string | null;
  locationId: string;
  currency: string;
  subtotal: number;
  total: number;
  refundedTotal: number;
  note: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  lines: OrderLineView[];
}

export const ORDER_COLUMNS =
  'o.id, o.number, o.name, o.channel, o.source, o.external_id, o.status, o.customer_id, o.location_id, o.currency, o.subtotal, o.total, o.refunded_total, o.note, o.cancelled_at, o.cancel_reason, o.created_at, o.updated_at';
export const ORDER_RETURNING =
  'id, number, name, channel, source, external_id, status, customer_id, location_id, currency, subtotal, total, refunded_total, note, cancelled_at, cancel_reason, created_at, updated_at';
export const LINE_COLUMNS = 'l.id, l.order_id, l.variant_id, l.sku, l.title, l.quantity, l.unit_price, l.total, l.returned_quantity, l.position';

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
