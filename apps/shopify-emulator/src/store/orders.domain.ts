// Orders commit inventory (available -> committed) and cancelling with restock gives it back;
// stock movements are announced through inventory_levels/update, as on Shopify.
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { LineItemRec, OrderRec } from './store.types';
import { orderPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { fromCents, toCents } from './money';
import { applyDelta, emitLevelUpdates, ensureLevel } from './inventory.domain';
import type { QuantityChange } from './inventory.domain';
import { normaliseTags } from './catalog.domain';

export interface OrderLineInput {
  variantId: bigint;
  quantity: number;
  price?: string;
}

export interface OrderInput {
  lineItems: OrderLineInput[];
  customerId?: bigint | null;
  email?: string | null;
  note?: string | null;
  tags?: string[] | string;
  test?: boolean;
}

export class OrderInputError extends Error {}

/** Builds and stores an order and commits stock; returns the inventory changes (no webhooks). */
export function insertOrder(shop: ShopState, input: OrderInput, now: string = isoSeconds()): { order: OrderRec; changes: QuantityChange[] } {
  const location = shop.primaryLocation();
  const lineItems: LineItemRec[] = [];
  const changes: QuantityChange[] = [];
  let subtotal = 0;
  for (const line of input.lineItems) {
    const v = shop.variants.get(line.variantId);
    if (!v) throw new OrderInputError(`Unknown variant ${line.variantId}`);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new OrderInputError('quantity must be a positive integer');
    const product = shop.products.get(v.productId);
    const price = line.price ?? v.price;
    subtotal += toCents(price) * line.quantity;
    lineItems.push({
      __typename: 'LineItem',
      id: shop.newId(),
      productId: v.productId,
      variantId: v.id,
      title: product?.title ?? v.title,
      variantTitle: v.title === 'Default Title' ? null : v.title,
      sku: v.sku,
      vendor: product?.vendor ?? null,
      quantity: line.quantity,
      price,
      locationId: location?.id ?? null,
    });
    const item = shop.inventoryItems.get(v.inventoryItemId);
    if (item && location) {
      const level = ensureLevel(item, location, now);
      changes.push(...applyDelta(level, 'available', -line.quantity, now));
      applyDelta(level, 'committed', line.quantity, now);
    }
  }
  const customer = input.customerId != null ? shop.customers.get(input.customerId) : undefined;
  const number = shop.nextOrderNumber++;
  const order: OrderRec = {
    __typename: 'Order',
    id: shop.newId(),
    number,
    name: `#${number}`,
    email: input.email ?? customer?.email ?? null,
    phone: null,
    customerId: customer?.id ?? null,
    lineItems,
    note: input.note ?? null,
    tags: normaliseTags(input.tags),
    currencyCode: shop.currencyCode,
    subtotal: fromCents(subtotal),
    totalTax: '0.00',
    total: fromCents(subtotal),
    financialStatus: 'PAID',
    fulfillmentStatus: 'UNFULFILLED',
    cancelledAt: null,
    cancelReason: null,
    closedAt: null,
    processedAt: now,
    createdAt: now,
    updatedAt: now,
    test: input.test ?? false,
  };
  shop.addOrder(order);
  return { order, changes };
}

export function placeOrder(shop: ShopState, sink: EventSink, input: OrderInput): OrderRec {
  const { order, changes } = insertOrder(shop, input);
  sink.emit(shop, 'orders/create', orderPayload(shop, order));
  emitLevelUpdates(shop, sink, changes);
  return order;
}

export interface OrderPatch {
  email?: string | null;
  note?: string | null;
  tags?: string[] | string;
}

export function updateOrder(shop: ShopState, sink: EventSink, order: OrderRec, patch: OrderPatch): OrderRec {
  if (patch.email !== undefined) order.email = patch.email;
  if (patch.note !== undefined) order.note = patch.note;
  if (patch.tags !== undefined) order.tags = normaliseTags(patch.tags);
  order.updatedAt = isoSeconds();
  sink.emit(shop, 'orders/updated', orderPayload(shop, order));
  return order;
}

export function cancelOrder(
  shop: ShopState,
  sink: EventSink,
  order: OrderRec,
  opts: { reason: string; restock: boolean },
): OrderRec {
  const now = isoSeconds();
  const changes: QuantityChange[] = [];
  for (const li of order.lineItems) {
    if (li.variantId === null || li.locationId === null) continue;
    const v = shop.variants.get(li.variantId);
    const item = v ? shop.inventoryItems.get(v.inventoryItemId) : undefined;
    const location = shop.locations.get(li.locationId);
    if (!item || !location) continue;
    const level = ensureLevel(item, location, now);
    applyDelta(level, 'committed', -li.quantity, now);
    // Without restock the committed units leave stock entirely (on_hand drops).
    if (opts.restock) changes.push(...applyDelta(level, 'available', li.quantity, now));
    else changes.push({ name: 'on_hand', delta: -li.quantity, level, ledgerDocumentUri: null });
  }
  order.cancelledAt = now;
  order.cancelReason = opts.reason;
  order.closedAt = now;
  order.financialStatus = order.financialStatus === 'PAID' ? 'REFUNDED' : 'VOIDED';
  order.updatedAt = now;
  sink.emit(shop, 'orders/cancelled', orderPayload(shop, order));
  sink.emit(shop, 'orders/updated', orderPayload(shop, order));
  emitLevelUpdates(shop, sink, changes);
  return order;
}
