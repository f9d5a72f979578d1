/**
 * Facades between the commerce contexts (catalog, inventory, customers, orders, export). Each is bound to a DI
 * token by the context that owns the tables; callers never touch another context's rows directly.
 */

/**
 * The caller's transactional MikroORM EntityManager, opaque here (contracts do not import the ORM). Passing it lets
 * an order insert, the stock decrements, the ledger rows and the outbox events commit in one transaction.
 */
export type TransactionHandle = object;

/** Wherever a request names a variant it may use either its SKU or its id. */
export interface VariantRef {
  sku?: string;
  variantId?: string;
}

export interface ResolvedVariant {
  id: string;
  productId: string;
  sku: string;
  title: string;
  price: number;
  currency: string;
  allowBackorder: boolean;
}

export interface VariantResolution {
  /** Same order as the refs; null where the ref matched nothing in the workspace. */
  variants: (ResolvedVariant | null)[];
}

/** A batch of an export stream: rows in a stable order and the key to resume after the last one. */
export interface ExportBatch {
  rows: Record<string, unknown>[];
  next: string | null;
}

export interface ExportSource {
  readonly columns: readonly string[];
  exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch>;
}

/** The product fields the Shopify sync keeps in step (tags in Shopify's order). */
export interface SyncedProductFields {
  title: string;
  handle: string;
  description: string | null;
  vendor: string | null;
  productType: string | null;
  status: ProductStatus;
  tags: string[];
}

/** The variant fields the Shopify sync keeps in step (prices in minor units). */
export interface SyncedVariantFields {
  sku: string;
  barcode: string | null;
  title: string;
  price: number;
  compareAtPrice: number | null;
  allowBackorder: boolean;
}

export interface ProductForSync extends SyncedProductFields {
  id: string;
  updatedAt: Date;
  variants: (SyncedVariantFields & { id: string; updatedAt: Date })[];
}

export interface CatalogFacade extends ExportSource {
  resolveVariants(tx: TransactionHandle | null, workspaceId: string, refs: VariantRef[]): Promise<VariantResolution>;
  /** The synced fields of a product and its variants with their last write times, read inside the caller's transaction. */
  readProductForSync(tx: TransactionHandle, workspaceId: string, productId: string): Promise<ProductForSync | null>;
  /** readProductForSync for several products in one read (the import's batches); products not found are absent. */
  readProductsForSync(
    tx: TransactionHandle,
    workspaceId: string,
    productIds: string[],
  ): Promise<Map<string, ProductForSync>>;
  /** The variant with this SKU, if any (links a Shopify variant to one we already have). */
  findVariantBySku(
    tx: TransactionHandle,
    workspaceId: string,
    sku: string,
  ): Promise<{ id: string; productId: string } | null>;
  /** The variants holding any of these SKUs, in one read (the import's batches), keyed by SKU. */
  findVariantsBySkus(
    tx: TransactionHandle,
    workspaceId: string,
    skus: string[],
  ): Promise<Map<string, { id: string; productId: string }>>;
  /**
   * Creates (id null) or updates a product and its listed variants from the sync, in the caller's transaction, raising
   * product.created / product.updated like any other write. Only the given fields change; a variant with id null is
   * added. Returns the product id and the variant ids in the order given.
   */
  writeProductFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    productId: string | null,
    product: Partial<SyncedProductFields>,
    variants: { id: string | null; fields: Partial<SyncedVariantFields> }[],
  ): Promise<{ id: string; variantIds: string[] }>;
  /**
   * writeProductFromSync for a batch (the initial import), in one go: the handles of the new products checked in one
   * read (and kept distinct within the batch: a later one that repeats a handle gets a suffix, as if written after),
   * one flush, one read of the views, the product.created / product.updated events in one insert each. A product
   * listed twice raises one event with its final state. Returns the ids per item, in the order given.
   */
  writeProductsFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    items: ProductSyncWrite[],
  ): Promise<{ id: string; variantIds: string[] }[]>;
}

/** One product of a writeProductsFromSync batch (the arguments of writeProductFromSync). */
export interface ProductSyncWrite {
  productId: string | null;
  product: Partial<SyncedProductFields>;
  variants: { id: string | null; fields: Partial<SyncedVariantFields> }[];
}
export const CATALOG_FACADE = Symbol('CATALOG_FACADE');

export interface StockLine {
  variantId: string;
  sku: string;
  quantity: number;
  allowBackorder: boolean;
}

export interface ShortLine {
  sku: string;
  variantId: string;
  requested: number;
  available: number;
}

/** A variant's stock at one location. */
export interface LocationStock {
  locationId: string;
  available: number;
  onHand: number;
  committed: number;
}

export interface LevelView extends LocationStock {
  id: string;
  variantId: string;
  updatedAt: string;
}

export type MovementReason =
  | 'adjustment'
  | 'set'
  | 'transfer_out'
  | 'transfer_in'
  | 'order_placed'
  | 'order_cancelled'
  | 'order_returned'
  | 'received'
  | 'damaged'
  | 'correction'
  | 'cycle_count'
  | 'sync';

export interface MovementContext {
  reference: string;
  actor: string;
}

/** A SQL statement in node-postgres form ($1, $2... placeholders). */
export interface SqlStatement {
  text: string;
  values: unknown[];
  /**
   * Hot statements whose text never varies (values only): an atomic batch runs them as `EXECUTE` of a statement
   * prepared once per connection, so Postgres plans them once instead of on every call.
   */
  prepare?: boolean;
}

/** The error a reservation statement raises for a line it cannot serve (Postgres SQLSTATE; DETAIL = variant id). */
export const INSUFFICIENT_STOCK_SQLSTATE = 'P0001';
export const INSUFFICIENT_STOCK_MESSAGE = 'insufficient_stock';
export const UNKNOWN_LOCATION_MESSAGE = 'unknown_location';

export interface InventoryFacade extends ExportSource {
  locationExists(tx: TransactionHandle | null, workspaceId: string, locationId: string): Promise<boolean>;
  /** A new location (the Shopify sync creates one per imported Shopify location); returns its id. */
  createLocation(workspaceId: string, input: { name: string; code?: string }): Promise<{ id: string }>;
  /**
   * The statements that take an order's lines out of stock, for the caller to run in its own transaction:
   * - `precheck` (run first): a read that refuses an order its location clearly cannot serve, raising
   *   insufficient_stock with DETAIL = JSON [{variantId, requested, available}] (or unknown_location); it never sells.
   * - `reserve` (run last): one conditional UPDATE per variant (merged), in variant-id order so concurrent orders lock
   *   rows in one order and never deadlock; each appends its ledger row and its `inventory.level.updated` event, and
   *   raises insufficient_stock (DETAIL = variant id) when it cannot serve its line, aborting the whole transaction.
   */
  reservationStatements(
    workspaceId: string,
    locationId: string,
    lines: StockLine[],
    ctx: MovementContext,
  ): { precheck: SqlStatement; reserve: SqlStatement[] };
  /** A plain read: the lines that the current stock clearly cannot serve (backorderable lines never are). */
  shortLines(workspaceId: string, locationId: string, lines: StockLine[]): Promise<ShortLine[]>;
  restock(
    tx: TransactionHandle,
    workspaceId: string,
    locationId: string,
    lines: { variantId: string; quantity: number }[],
    reason: 'order_cancelled' | 'order_returned',
    ctx: MovementContext,
  ): Promise<void>;
  levelsForVariants(workspaceId: string, variantIds: string[]): Promise<LevelView[]>;
  /**
   * A sale that already happened elsewhere (a Shopify order): takes the lines out of stock unconditionally (levels
   * may go negative), one `order_placed` ledger row per variant with the order id as reference, in the caller's
   * transaction. A second call for the same order and variant violates a unique index and aborts the transaction.
   */
  takeForSale(
    tx: TransactionHandle,
    workspaceId: string,
    locationId: string,
    lines: { variantId: string; quantity: number }[],
    ctx: MovementContext,
  ): Promise<void>;
  /**
   * Sets levels' available quantities to Shopify's (the initial import), in the caller's transaction: locked together,
   * one ledger row (reason `sync`) per level that differs, nothing when already equal (a re-applied batch moves
   * nothing); one delta per input, in input order.
   */
  setLevelsFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    levels: { variantId: string; locationId: string; available: number; reference?: string }[],
    ctx: MovementContext,
  ): Promise<{ delta: number }[]>;
}
export const INVENTORY_FACADE = Symbol('INVENTORY_FACADE');

/** The customer fields the Shopify sync keeps in step (tags in Shopify's order). */
export interface SyncedCustomerFields {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
}

export interface CustomersFacade extends ExportSource {
  exists(tx: TransactionHandle | null, workspaceId: string, customerId: string): Promise<boolean>;
  /** The synced fields and the row's last write time, read inside the caller's transaction (row locked). */
  readForSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerId: string,
  ): Promise<(SyncedCustomerFields & { id: string; updatedAt: Date }) | null>;
  /** The customer with this email, if any (links a Shopify customer to one we already have). */
  findByEmail(tx: TransactionHandle, workspaceId: string, email: string): Promise<string | null>;
  /**
   * Creates (id null) or updates a customer from the sync, in the caller's transaction, raising customer.created /
   * customer.updated like any other write. Only the given fields change.
   */
  writeFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerId: string | null,
    fields: Partial<SyncedCustomerFields>,
  ): Promise<{ id: string }>;
  /** readForSync for a batch (the initial import): the customers found, by id, locked in id order. */
  readManyForSync(
    tx: TransactionHandle,
    workspaceId: string,
    customerIds: string[],
  ): Promise<Map<string, SyncedCustomerFields & { id: string; updatedAt: Date }>>;
  /** findByEmail for a batch: lower-cased email -> id of the customers that have one of them. */
  findByEmails(tx: TransactionHandle, workspaceId: string, emails: string[]): Promise<Map<string, string>>;
  /**
   * writeFromSync for a batch, in input order (one result each): one flush, the same customer.created /
   * customer.updated events. A customer appears at most once per call.
   */
  writeManyFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    writes: { customerId: string | null; fields: Partial<SyncedCustomerFields> }[],
  ): Promise<{ id: string }[]>;
}
export const CUSTOMERS_FACADE = Symbol('CUSTOMERS_FACADE');

export interface CustomerOrderSummary {
  ordersCount: number;
  /** Sum of order totals, cancelled orders excluded, in the workspace currency (minor units). */
  totalSpent: number;
  /** totalSpent minus refunds from returns. */
  lifetimeValue: number;
  currency: string;
  lastOrderAt: string | null;
}

export interface OrderBrief {
  id: string;
  name: string;
  channel: string;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
}

/** A historical Shopify order brought in by the initial import (amounts in minor units). */
export interface ImportedOrder extends Omit<SyncedOrderInput, 'source' | 'channel'> {
  /** The order's GID: the key that keeps it single (source `shopify`). */
  externalId: string;
  /** Shopify's name and totals (shipping and taxes included), kept as they are. */
  name: string;
  subtotal: number;
  total: number;
}

/** An order as another system holds it (the Shopify sync), in our terms: variants and location already resolved. */
export interface SyncedOrderInput {
  source: OrderSource;
  /** The other system's key (Shopify: the order GID); unique per workspace and source. */
  externalId: string;
  channel: OrderChannel;
  customerId: string | null;
  locationId: string;
  currency: string;
  note: string | null;
  createdAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  lines: { variantId: string; sku: string; title: string; quantity: number; unitPrice: number }[];
}

/** What the sync may change on an order it already holds. */
export interface SyncedOrderPatch {
  note?: string | null;
  customerId?: string | null;
  cancel?: { at: Date; reason: string | null; restock: boolean };
}

/** One field an update from the sync changed. */
export interface SyncedOrderChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface SyncedOrderState {
  id: string;
  name: string;
  status: OrderStatus;
  note: string | null;
  customerId: string | null;
  cancelledAt: Date | null;
  updatedAt: Date;
}

export interface OrdersFacade extends ExportSource {
  customerSummaries(
    workspaceId: string,
    customerIds: string[],
    currency: string,
  ): Promise<Map<string, CustomerOrderSummary>>;
  recentOrders(workspaceId: string, customerId: string, limit: number): Promise<OrderBrief[]>;
  /** The order with this external key, row locked for the caller's transaction. */
  findExternalForSync(
    tx: TransactionHandle,
    workspaceId: string,
    source: OrderSource,
    externalId: string,
  ): Promise<SyncedOrderState | null>;
  /**
   * Creates an order from the sync in the caller's transaction (order.created raised), numbered from the workspace's
   * sequence; with `takeStock` its lines leave stock as a sale that already happened (never refused for shortage).
   */
  createFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    input: SyncedOrderInput,
    opts: { takeStock: boolean; actor: string },
  ): Promise<SyncedOrderState>;
  /**
   * Note and customer changes, and a cancellation (stock given back once when `restock`), from the sync; raises
   * order.updated (and order.cancelled). Returns the fields that changed.
   */
  updateFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    orderId: string,
    patch: SyncedOrderPatch,
    actor: string,
  ): Promise<SyncedOrderChange[]>;
  /**
   * Records a batch of historical orders from the initial import in the caller's transaction (persisted, the caller
   * flushes), once per GID: an order held already, or earlier in the batch, only carries a cancellation over. One
   * result per input, in input order. It takes no stock: the import sets levels to Shopify's, which already reflect
   * the orders.
   */
  importOrdersFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    orders: ImportedOrder[],
  ): Promise<{ id: string; created: boolean }[]>;
}
export const ORDERS_FACADE = Symbol('ORDERS_FACADE');

export const ORDER_CHANNELS = ['pos', 'online', 'b2b'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export const ORDER_SOURCES = ['retailos', 'shopify', 'pos'] as const;
export type OrderSource = (typeof ORDER_SOURCES)[number];
export const ORDER_STATUSES = ['open', 'partially_returned', 'returned', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PRODUCT_STATUSES = ['active', 'draft', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
