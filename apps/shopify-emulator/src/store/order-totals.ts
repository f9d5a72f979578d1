// What an order's money and weight fields derive from, shared by the Admin GraphQL resolvers and the
// orders/* webhook payloads so both tell the same story. The emulator's orders have no discounts,
// shipping lines, duties or tips; payment is one manual-gateway sale, and cancelling a paid order
// refunds it in full.
import type { ShopState } from './shop-state';
import type { LineItemRec, OrderRec } from './store.types';
import { fromCents, toCents } from './money';

export const MANUAL_GATEWAY = 'manual';

/** The order's line quantity now (a cancelled order keeps none). */
export function currentQuantity(o: OrderRec, li: LineItemRec): number {
  return o.cancelledAt ? 0 : li.quantity;
}

export function received(o: OrderRec): string {
  return o.financialStatus === 'PAID' || o.financialStatus === 'REFUNDED' ? o.total : '0.00';
}

export function refunded(o: OrderRec): string {
  return o.financialStatus === 'REFUNDED' ? o.total : '0.00';
}

export function netPayment(o: OrderRec): string {
  return fromCents(toCents(received(o)) - toCents(refunded(o)));
}

export function outstanding(o: OrderRec): string {
  return o.financialStatus === 'PENDING' ? o.total : '0.00';
}

/** Grams, before returns (original quantities) or now. */
export function orderWeight(o: OrderRec, current: boolean): number {
  return o.lineItems.reduce((g, li) => g + (li.grams ?? 0) * (current ? currentQuantity(o, li) : li.quantity), 0);
}

/** Shopify's customer-facing confirmation number: nine characters of A-Z and 1-9, stable per order. */
export function confirmationNumber(o: OrderRec): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ123456789';
  let n = o.id * 2654435761n + BigInt(o.number);
  let out = '';
  for (let i = 0; i < 9; i++) {
    out += alphabet[Number(n % BigInt(alphabet.length))];
    n = n / BigInt(alphabet.length) + 7919n;
  }
  return out;
}

/** `https://{shop}/{shop id}/orders/{token}/authenticate?key=...`, the shape of Shopify's order status page. */
export function statusPageUrl(shop: ShopState, o: OrderRec): string {
  return `https://${shop.domain}/${shop.shopId}/orders/${orderToken(o)}/authenticate?key=${(o.id * 104729n).toString(16)}`;
}

export function orderToken(o: OrderRec): string {
  return o.id.toString(16);
}
