import { DEFAULT_FAULTS } from './store.types';
import type {
  BulkOperationRec,
  CustomerRec,
  FaultSettings,
  InstallRec,
  InventoryItemRec,
  LocationRec,
  OrderRec,
  ProductRec,
  ProductSetOperationRec,
  ThrottleSettings,
  VariantRec,
  WebhookSubscriptionRec,
} from './store.types';
import { SortedIds } from './sorted-ids';
import { Prng } from '../util/prng';

/** First id handed out: above 2^53 on purpose, so clients that JSON.parse ids lose precision visibly. */
export const FIRST_ID = 7_880_321_196_742_929_22n;

/** Every record kind lives in a map by id plus a sorted id index for paging; both change together. */
function put<T extends { id: bigint }>(map: Map<bigint, T>, ids: SortedIds, rec: T): void {
  map.set(rec.id, rec);
  ids.add(rec.id);
}

function drop(map: Map<bigint, unknown>, ids: SortedIds, id: bigint): void {
  map.delete(id);
  ids.remove(id);
}

export class ShopState {
  readonly domain: string;
  readonly name: string;
  /** The shop's own numeric id (REST `shop.id`), derived from the domain so it is stable. */
  readonly shopId: bigint;
  createdAt: string;
  email: string;
  currencyCode = 'USD';
  ianaTimezone = 'Etc/UTC';
  throttle: ThrottleSettings;
  faults: FaultSettings = { ...DEFAULT_FAULTS };
  faultRng = new Prng(DEFAULT_FAULTS.seed);
  nextId: bigint = FIRST_ID;
  nextOrderNumber = 1001;

  readonly products = new Map<bigint, ProductRec>();
  readonly productIds = new SortedIds();
  readonly variants = new Map<bigint, VariantRec>();
  readonly variantIds = new SortedIds();
  readonly inventoryItems = new Map<bigint, InventoryItemRec>();
  readonly inventoryItemIds = new SortedIds();
  readonly locations = new Map<bigint, LocationRec>();
  readonly locationIds = new SortedIds();
  readonly customers = new Map<bigint, CustomerRec>();
  readonly customerIds = new SortedIds();
  readonly orders = new Map<bigint, OrderRec>();
  readonly orderIds = new SortedIds();
  readonly webhookSubscriptions = new Map<bigint, WebhookSubscriptionRec>();
  readonly bulkOperations = new Map<bigint, BulkOperationRec>();
  /** productSet(synchronous: false) operations (not kept in snapshots). */
  readonly productOperations = new Map<bigint, ProductSetOperationRec>();
  /** handle -> product id, to keep handles unique like Shopify does. */
  readonly handles = new Map<string, bigint>();
  /** @idempotent keys of inventory mutations: key -> fingerprint and outcome. */
  readonly idempotency = new Map<string, { fingerprint: string; done: boolean; result: unknown }>();
  /** clientId -> install */
  readonly installs = new Map<string, InstallRec>();

  constructor(domain: string, createdAt: string, throttle: ThrottleSettings) {
    this.domain = domain;
    this.name = domain.replace(/\.myshopify\.com$/, '');
    let h = 7n;
    for (const ch of Buffer.from(domain)) h = (h * 131n + BigInt(ch)) % 90_000_000_000n;
    this.shopId = 10_000_000_000n + h;
    this.createdAt = createdAt;
    this.email = `owner@${domain}`;
    this.throttle = { ...throttle };
  }

  newId(): bigint {
    const id = this.nextId;
    this.nextId += 1n;
    return id;
  }

  setFaults(patch: Partial<FaultSettings>): void {
    this.faults = { ...this.faults, ...patch };
    if (patch.seed !== undefined) this.faultRng = new Prng(patch.seed);
  }

  primaryLocation(): LocationRec | undefined {
    for (const id of this.locationIds.all()) {
      const loc = this.locations.get(id);
      if (loc?.isActive) return loc;
    }
    return undefined;
  }

  addProduct(p: ProductRec): void {
    put(this.products, this.productIds, p);
  }

  addVariant(v: VariantRec): void {
    put(this.variants, this.variantIds, v);
  }

  addInventoryItem(i: InventoryItemRec): void {
    put(this.inventoryItems, this.inventoryItemIds, i);
  }

  addLocation(l: LocationRec): void {
    put(this.locations, this.locationIds, l);
  }

  addCustomer(c: CustomerRec): void {
    put(this.customers, this.customerIds, c);
  }

  addOrder(o: OrderRec): void {
    put(this.orders, this.orderIds, o);
  }

  removeProduct(id: bigint): ProductRec | undefined {
    const p = this.products.get(id);
    if (!p) return undefined;
    for (const vid of p.variantIds) this.removeVariant(vid);
    drop(this.products, this.productIds, id);
    return p;
  }

  removeCustomer(id: bigint): void {
    drop(this.customers, this.customerIds, id);
  }

  /** A deleted location takes its inventory levels with it. */
  removeLocation(id: bigint): void {
    drop(this.locations, this.locationIds, id);
    for (const item of this.inventoryItems.values()) item.levels.delete(id);
  }

  removeVariant(id: bigint): void {
    const v = this.variants.get(id);
    if (!v) return;
    drop(this.variants, this.variantIds, id);
    drop(this.inventoryItems, this.inventoryItemIds, v.inventoryItemId);
  }

  /** The product's variants in position order. */
  variantsOf(p: ProductRec): VariantRec[] {
    const out: VariantRec[] = [];
    for (const id of p.variantIds) {
      const v = this.variants.get(id);
      if (v) out.push(v);
    }
    return out;
  }

  availableOf(item: InventoryItemRec): number {
    let total = 0;
    for (const level of item.levels.values()) if (level.isActive !== false) total += level.q.available;
    return total;
  }
}
