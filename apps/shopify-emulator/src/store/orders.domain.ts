// Orders commit inventory (available -> committed) and cancelling with restock gives it back;
// stock movements are announced through inventory_levels/update, as on Shopify.
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { CustomerAddressRec, LineItemRec, OrderRec } from './store.types';
import { orderPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { fromCents, toCents } from './money';
import { applyDelta, emitLevelUpdates, ensureLevel } from './inventory.domain';
import type { QuantityChange } from './inventory.domain';
import { normaliseTags, upsertMetafields } from './catalog.domain';
import { toAddress } from './customers.domain';
import type { AddressInput } from './customers.domain';

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
  /** Default: the customer's default address (Shopify's checkout prefills both from it). */
  shippingAddress?: AddressInput | null;
  billingAddress?: AddressInput | null;
}

export class OrderInputError extends Error {}

/** Builds and stores an order and commits stock; returns the inventory changes (no webhooks). */
export function insertOrder(
  shop: ShopState,
  input: OrderInput,
  now: string = isoSeconds(),
): { order: OrderRec; changes: QuantityChange[] } {
  const location = shop.primaryLocation();
  const lineItems: LineItemRec[] = [];
  const changes: QuantityChange[] = [];
  let subtotal = 0;
  for (const line of input.lineItems) {
    const v = shop.variants.get(line.variantId);
    if (!v) throw new OrderInputError(`Unknown variant ${line.variantId}`);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      throw new OrderInputError('quantity must be a positive integer');
    const product = shop.products.get(v.productId);
    const item = shop.inventoryItems.get(v.inventoryItemId);
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
      grams: item?.weightGrams ?? 0,
      requiresShipping: item?.requiresShipping ?? true,
      taxable: v.taxable,
    });
    if (item && location) {
      const level = ensureLevel(item, location, now);
      changes.push(...applyDelta(level, 'available', -line.quantity, now));
      applyDelta(level, 'committed', line.quantity, now);
    }
  }
  const customer = input.customerId != null ? shop.customers.get(input.customerId) : undefined;
  const addressFor = (given: AddressInput | null | undefined): CustomerAddressRec | null => {
    if (given === null) return null;
    const base = given ?? customer?.addresses[0];
    return base
      ? toAddress(shop, base, { firstName: customer?.firstName ?? null, lastName: customer?.lastName ?? null })
      : null;
  };
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
    shippingAddress: addressFor(input.shippingAddress),
    billingAddress: addressFor(input.billingAddress),
    customAttributes: [],
    metafields: [],
    poNumber: null,
    taxExempt: customer?.taxExempt ?? false,
  };
  for (const li of lineItems) li.orderId = order.id;
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
  phone?: string | null;
  note?: string | null;
  tags?: string[] | string;
  shippingAddress?: AddressInput | null;
  customAttributes?: Array<{ key: string; value: string | null }>;
  metafields?: Array<{ namespace: string; key: string; value: string; type?: string }>;
  poNumber?: string | null;
}

export function updateOrder(shop: ShopState, sink: EventSink, order: OrderRec, patch: OrderPatch): OrderRec {
  const now = isoSeconds();
  if (patch.email !== undefined) order.email = patch.email;
  if (patch.phone !== undefined) order.phone = patch.phone;
  if (patch.note !== undefined) order.note = patch.note;
  if (patch.tags !== undefined) order.tags = normaliseTags(patch.tags);
  if (patch.shippingAddress !== undefined)
    order.shippingAddress =
      patch.shippingAddress === null
        ? null
        : toAddress(shop, patch.shippingAddress, { firstName: null, lastName: null });
  // Attributes given replace the list, as on Shopify.
  if (patch.customAttributes !== undefined) order.customAttributes = patch.customAttributes;
  if (patch.poNumber !== undefined) order.poNumber = patch.poNumber;
  if (patch.metafields !== undefined)
    order.metafields = upsertMetafields(shop, order.metafields ?? [], patch.metafields, now);
  order.updatedAt = now;
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
  order.cancelRestock = opts.restock;
  order.closedAt = now;
  order.financialStatus = order.financialStatus === 'PAID' ? 'REFUNDED' : 'VOIDED';
  order.updatedAt = now;
  sink.emit(shop, 'orders/cancelled', orderPayload(shop, order));
  sink.emit(shop, 'orders/updated', orderPayload(shop, order));
  emitLevelUpdates(shop, sink, changes);
  return order;
}
