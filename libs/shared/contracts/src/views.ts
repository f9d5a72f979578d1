import type { ScopeGrant, WorkspaceRole } from './auth';
import type { CustomerOrderSummary, LevelView, LocationStock, OrderBrief } from './commerce';
import type { WorkspaceSummary } from './identity';

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
  inventory: LocationStock[];
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

/** One returned order line: how many units and the refund they carry. */
export interface ReturnLineView {
  lineId: string;
  quantity: number;
  amount: number;
}

/** What every view of a return carries: where the units went back, why, and the refund. */
export interface ReturnFields {
  id: string;
  locationId: string;
  reason: string | null;
  refundAmount: number;
  lines: ReturnLineView[];
}

export interface OrderReturnSummary extends ReturnFields {
  createdAt: string;
}

export interface ReturnView extends ReturnFields {
  orderId: string;
  currency: string;
  order: OrderView;
}

/**
 * Response shapes of the HTTP api as clients (the dashboard) read them. The server builds the same shapes in its
 * services; `tools/lint/contract-views.check.ts` fails the typecheck when the two drift apart.
 */

export interface SessionUser {
  id: string;
  email: string;
}

/** `POST /api/auth/login`. */
export interface LoginResponse {
  user: SessionUser;
  workspace: WorkspaceSummary;
  role: WorkspaceRole;
  /** Send back as the x-csrf-token header on state-changing requests (also in the retailos_csrf cookie). */
  csrfToken: string;
  expiresAt: string;
}

/** `GET /api/auth/me`. */
export interface WhoAmI {
  kind: 'session' | 'api_key';
  workspace: WorkspaceSummary | null;
  user: { id: string; email: string | null } | null;
  role: WorkspaceRole | null;
  apiKeyId: string | null;
  scopes: ScopeGrant[];
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'sending', 'failed', 'succeeded', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookSubscriptionView {
  id: string;
  url: string;
  topics: string[];
  description: string | null;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  lastSuccessAt: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
}

export interface WebhookSubscriptionWithSecret extends WebhookSubscriptionView {
  /** `whsec_...`: in the create and rotate answers only. */
  secret: string;
}

export interface WebhookAttemptView {
  attemptNo: number;
  attemptedAt: string;
  statusCode: number | null;
  latencyMs: number;
  succeeded: boolean;
  responseExcerpt: string | null;
  error: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  topic: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  succeededAt: string | null;
  createdAt: string;
  attempts: WebhookAttemptView[];
}

export type SyncHistoryEntityType = 'customer' | 'product' | 'variant' | 'order' | 'inventory_level' | 'location';
export type SyncHistoryDirection = 'inbound' | 'outbound';
export type SyncHistorySource = 'import' | 'webhook' | 'push' | 'reconciliation' | 'revert' | 'redo' | 'local';

export interface SyncFieldChangeView {
  field: string;
  before: unknown;
  after: unknown;
}

/** A field both sides changed: `winner` took it, the other side's value is the losing one. */
export interface SyncFieldConflictView {
  field: string;
  ours: unknown;
  theirs: unknown;
  oursAt: string;
  theirsAt: string;
  winner: 'ours' | 'theirs';
}

/** One entry of `GET /api/sync/history` (and the `entry` of a `sync.history.created` event). */
export interface SyncHistoryEntryView {
  id: string;
  entityType: string;
  /** Our id (e.g. `cus_...`), null when the entry is about a Shopify object we do not hold. */
  entityId: string | null;
  /** The Shopify GID. */
  gid: string | null;
  sku: string | null;
  orderCode: string | null;
  direction: string;
  source: string;
  changes: SyncFieldChangeView[];
  conflicts: SyncFieldConflictView[];
  cause: { webhookId?: string; eventId?: string; jobId?: string };
  actor: string;
  occurredAt: string;
}

/** `GET /api/orders/:id`: the order with its returns. */
export interface OrderDetailView extends OrderView {
  returns: OrderReturnSummary[];
}

/** `GET /api/customers/:id`: the customer with its most recent orders. */
export interface CustomerDetailView extends CustomerView {
  recentOrders: OrderBrief[];
}

/** One row of `GET /api/inventory/levels`. */
export interface InventoryLevelView extends LevelView {
  sku: string | null;
}

/** `POST /api/inventory/adjustments`: the level after the change. */
export interface InventoryAdjustmentView extends LevelView {
  sku: string;
  delta: number;
}

/** `POST /api/inventory/transfers`: both levels after the move. */
export interface InventoryTransferView {
  reference: string;
  from: LevelView;
  to: LevelView;
  sku: string;
  quantity: number;
}

/** API key as listed (the raw key is shown once, at creation, and never again). */
export interface ApiKeyView {
  id: string;
  name: string;
  /** Display prefix, e.g. `wsk_live_AbC12xYz`: enough to recognise a key, useless to call with. */
  prefix: string;
  scopes: ScopeGrant[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** `POST /api/api-keys`. */
export interface CreatedApiKey extends ApiKeyView {
  /** The secret key (`wsk_live_...`). Shown once, never again. */
  key: string;
}

/** `GET /api/auth/ping` and `/api/auth/ping/key`. */
export interface PingView {
  ok: true;
}

/** `POST /api/webhooks/subscriptions/:id/test`. */
export interface WebhookTestSentView {
  eventId: string;
}

/** `POST /api/webhooks/subscriptions/:id/replay`. */
export interface WebhookReplayView {
  replayed: number;
}

/** The workspace's Shopify connection (`/api/shopify/connection`, the OAuth callback). */
export interface ShopifyConnectionView {
  id: string;
  shop: string;
  status: 'active' | 'revoked' | 'disconnected';
  scopes: string[];
  connectedAt: string;
  revokedAt: string | null;
  webhooksRegisteredAt: string | null;
  webhookTopics: string[];
}

/** A Shopify location and the Retailos location it maps to (null: not synced). */
export interface ShopifyLocationMapView {
  id: string;
  shopifyLocationId: string;
  shopifyName: string;
  shopifyActive: boolean;
  locationId: string | null;
  updatedAt: string;
}

/** `GET /api/shopify/locations`: every mapping of the connected shop (a short list, not paginated). */
export interface ShopifyLocationMapList {
  data: ShopifyLocationMapView[];
}

/**
 * One row of a JSON export (`GET /api/export/<resource>`, an array of rows streamed in keyset batches). The columns are
 * the resource's export columns; CSV exports carry the same columns.
 */
export interface ExportRowView {
  [column: string]: unknown;
}

/** `GET /api/shopify/import` (the workspace's latest initial import), and the data of a `sync.import.progress` event. */
export interface ShopifyImportProgressView {
  id: string;
  status: 'running' | 'completed' | 'failed';
  /** The entity being imported: locations, products, inventory, customers, orders; then `webhooks` (held deliveries released) and `done`. */
  entity: 'locations' | 'products' | 'inventory' | 'customers' | 'orders' | 'webhooks' | 'done';
  done: number;
  /** Root objects of the entity's bulk operation, null until it completed on Shopify's side. */
  total: number | null;
  /** Root rows applied per second since the import started. */
  rate: number;
  counts: Record<string, { done: number; total: number | null }>;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}
