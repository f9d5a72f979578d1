// In-memory records. Scalar properties are named after the Admin GraphQL fields they back, so the
// default resolver can serve them directly; `id` is the numeric id (the resolver turns it into a GID).

export const QUANTITY_NAMES = [
  'available',
  'committed',
  'damaged',
  'incoming',
  'quality_control',
  'reserved',
  'safety_stock',
] as const;
export type StoredQuantityName = (typeof QUANTITY_NAMES)[number];
/** Quantities that make up on_hand (incoming is not on hand yet). */
export const ON_HAND_PARTS: readonly StoredQuantityName[] = [
  'available',
  'committed',
  'damaged',
  'quality_control',
  'reserved',
  'safety_stock',
];

export interface ProductRec {
  __typename: 'Product';
  id: bigint;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  tags: string[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  templateSuffix: string | null;
  variantIds: bigint[];
  optionNames: string[];
  /** Declared options with their values (productOptions); values without variants live here only. */
  productOptions?: ProductOptionRec[];
  metafields: MetafieldRec[];
  giftCardTemplateSuffix?: string | null;
  requiresSellingPlan?: boolean;
  /** TaxonomyCategory GID. */
  categoryId?: string | null;
  seoTitle?: string | null;
  seoDescription?: string | null;
}

export interface ProductOptionRec {
  id: bigint;
  name: string;
  values: Array<{ id: bigint; name: string }>;
}

export interface UnitPriceMeasurementRec {
  quantityValue: number | null;
  quantityUnit: string | null;
  referenceValue: number | null;
  referenceUnit: string | null;
}

export interface MetafieldRec {
  __typename: 'Metafield';
  id: bigint;
  namespace: string;
  key: string;
  value: string;
  type: string;
  createdAt: string;
  updatedAt: string;
}

export interface VariantRec {
  __typename: 'ProductVariant';
  id: bigint;
  productId: bigint;
  inventoryItemId: bigint;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  position: number;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  taxable: boolean;
  optionValues: string[];
  taxCode?: string | null;
  requiresComponents?: boolean;
  showUnitPrice?: boolean;
  unitPriceMeasurement?: UnitPriceMeasurementRec | null;
  metafields?: MetafieldRec[];
  createdAt: string;
  updatedAt: string;
}

export interface LevelRec {
  __typename: 'InventoryLevel';
  itemId: bigint;
  locationId: bigint;
  q: Record<StoredQuantityName, number>;
  /** Per quantity name, when it last changed (Shopify reports null for never-changed names). */
  changedAt: Partial<Record<string, string>>;
  /** false after inventoryDeactivate: the level keeps its quantities but leaves default lists. */
  isActive?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemRec {
  __typename: 'InventoryItem';
  id: bigint;
  variantId: bigint;
  tracked: boolean;
  requiresShipping: boolean;
  unitCost: string | null;
  countryCodeOfOrigin: string | null;
  provinceCodeOfOrigin?: string | null;
  harmonizedSystemCode: string | null;
  /** Per destination country; Shopify falls back to harmonizedSystemCode where none is given. */
  countryHarmonizedSystemCodes?: Array<{ countryCode: string; harmonizedSystemCode: string }>;
  weightGrams: number;
  /** The weight as written (unit and value); weightGrams is derived from it. */
  weight?: { unit: string; value: number };
  createdAt: string;
  updatedAt: string;
  levels: Map<bigint, LevelRec>;
}

export interface AddressRec {
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface LocationRec {
  __typename: 'Location';
  id: bigint;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: AddressRec;
  metafields?: MetafieldRec[];
  createdAt: string;
  updatedAt: string;
  deactivatedAt: string | null;
}

export interface CustomerAddressRec extends AddressRec {
  id: bigint;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
}

export interface CustomerRec {
  __typename: 'Customer';
  id: bigint;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  state: 'DISABLED' | 'ENABLED' | 'INVITED' | 'DECLINED';
  verifiedEmail: boolean;
  taxExempt: boolean;
  currency: string;
  addresses: CustomerAddressRec[];
  metafields?: MetafieldRec[];
  emailMarketingConsent?: MarketingConsentRec | null;
  smsMarketingConsent?: MarketingConsentRec | null;
  taxExemptions?: string[];
  locale?: string;
  multipassIdentifier?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Email or SMS marketing consent as written (customerCreate/Update or the *MarketingConsentUpdate mutations). */
export interface MarketingConsentRec {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export interface LineItemRec {
  __typename: 'LineItem';
  id: bigint;
  productId: bigint | null;
  variantId: bigint | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  price: string;
  locationId: bigint | null;
  orderId?: bigint;
  /** Unit weight in grams, requires-shipping and taxable, copied from the variant when ordered. */
  grams?: number;
  requiresShipping?: boolean;
  taxable?: boolean;
}

export interface OrderRec {
  __typename: 'Order';
  id: bigint;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: bigint | null;
  lineItems: LineItemRec[];
  note: string | null;
  tags: string[];
  currencyCode: string;
  subtotal: string;
  totalTax: string;
  total: string;
  financialStatus: 'PAID' | 'PENDING' | 'REFUNDED' | 'VOIDED';
  fulfillmentStatus: 'UNFULFILLED' | 'FULFILLED';
  cancelledAt: string | null;
  cancelReason: string | null;
  closedAt: string | null;
  processedAt: string;
  createdAt: string;
  updatedAt: string;
  test: boolean;
  /** Copied from the customer's default address when the order is placed; orderUpdate may replace the shipping one. */
  shippingAddress?: CustomerAddressRec | null;
  billingAddress?: CustomerAddressRec | null;
  customAttributes?: Array<{ key: string; value: string | null }>;
  metafields?: MetafieldRec[];
  poNumber?: string | null;
  /** Whether the customer was tax exempt when the order was placed. */
  taxExempt?: boolean;
  /** Whether a cancellation put the stock back (its refund's line items say so). */
  cancelRestock?: boolean;
}

export interface WebhookSubscriptionRec {
  __typename: 'WebhookSubscription';
  id: bigint;
  clientId: string;
  /** SCREAMING_CASE enum value, e.g. PRODUCTS_UPDATE. */
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  metafieldNamespaces: string[];
  filter: string | null;
  name: string | null;
  /** 'api' subscriptions are deleted after repeated failures; 'config' ones (app TOML) are not. */
  source: 'api' | 'config';
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProductSetOperationRec {
  __typename: 'ProductSetOperation';
  id: bigint;
  productId: bigint | null;
  /** CREATED when returned by productSet; reads after that see COMPLETE. */
  status: 'CREATED' | 'ACTIVE' | 'COMPLETE';
  userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
}

export type BulkStatus = 'CREATED' | 'RUNNING' | 'COMPLETED' | 'CANCELING' | 'CANCELED' | 'FAILED' | 'EXPIRED';

export interface BulkOperationRec {
  __typename: 'BulkOperation';
  id: bigint;
  clientId: string;
  status: BulkStatus;
  type: 'QUERY' | 'MUTATION';
  errorCode: string | null;
  createdAt: string;
  completedAt: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  query: string;
  filePath: string | null;
}

export interface InstallRec {
  clientId: string;
  accessToken: string;
  scopes: string[];
  installedAt: string;
}

export interface ThrottleSettings {
  maximumAvailable: number;
  restoreRate: number;
}

export interface FaultSettings {
  /** Probability that a webhook attempt fails as if the network had failed (it is retried). */
  webhookFailureRate: number;
  /** Probability that a delivery is silently never sent (for reconciliation tests). */
  webhookDropRate: number;
  /** Probability that a delivery is sent twice (same X-Shopify-Webhook-Id). */
  webhookDuplicateRate: number;
  /** Each delivery is delayed by a random 0..window ms (scaled), which reorders them. */
  webhookReorderWindowMs: number;
  /** Added latency for every Admin API request, in real ms. */
  latencyMs: number;
  /** Probability that an Admin GraphQL request answers 5xx. */
  graphqlErrorRate: number;
  /** While true the Admin API answers 503 and webhook sending is held back. */
  outage: boolean;
  seed: number;
}

export const DEFAULT_FAULTS: FaultSettings = {
  webhookFailureRate: 0,
  webhookDropRate: 0,
  webhookDuplicateRate: 0,
  webhookReorderWindowMs: 0,
  latencyMs: 0,
  graphqlErrorRate: 0,
  outage: false,
  seed: 1,
};
