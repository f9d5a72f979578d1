import type { CustomerOrderSummary } from './commerce';

/**
 * Response bodies of the HTTP API, framework-free so a generated client or the dashboard can type every call.
 * Timestamps are ISO-8601 UTC text, money is integer minor units with its ISO 4217 currency.
 */

export interface CustomerView extends CustomerOrderSummary {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  addresses: Record<string, unknown>[];
  tags: string[];
  acceptsMarketing: boolean;
  marketingConsentUpdatedAt: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VariantView {
  id: string;
  sku: string;
  barcode: string | null;
  title: string;
  price: number;
  compareAtPrice: number | null;
  currency: string;
  options: Record<string, string>;
  allowBackorder: boolean;
  inventory: { locationId: string; available: number; onHand: number; committed: number }[];
  totalAvailable: number;
}

export interface ProductView {
  id: string;
  title: string;
  handle: string;
  description: string | null;
  vendor: string | null;
  productType: string | null;
  status: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  variants: VariantView[];
}

export interface LocationView {
  id: string;
  name: string;
  code: string | null;
  address: Record<string, unknown> | null;
  active: boolean;
  createdAt: string;
}

export interface MovementView {
  id: string;
  variantId: string;
  locationId: string;
  delta: number;
  reason: string;
  reference: string | null;
  actor: string | null;
  availableAfter: number;
  onHandAfter: number;
  createdAt: string;
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
