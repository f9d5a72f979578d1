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
    this.products.set(p.id, p);
    this.productIds.add(p.id);
  }

  addVariant(v: VariantRec): void {
    this.variants.set(v.id, v);
    this.variantIds.add(v.id);
  }

  addInventoryItem(i: InventoryItemRec): void {
    this.inventoryItems.set(i.id, i);
    this.inventoryItemIds.add(i.id);
  }

  addLocation(l: LocationRec): void {
    this.locations.set(l.id, l);
    this.locationIds.add(l.id);
  }

  addCustomer(c: CustomerRec): void {
    this.customers.set(c.id, c);
    this.customerIds.add(c.id);
  }

  addOrder(o: OrderRec): void {
    this.orders.set(o.id, o);
    this.orderIds.add(o.id);
  }

  removeProduct(id: bigint): ProductRec | undefined {
    const p = this.products.get(id);
    if (!p) return undefined;
    for (const vid of p.variantIds) this.removeVariant(vid);
    this.products.delete(id);
    this.productIds.remove(id);
    return p;
  }

  removeVariant(id: bigint): void {
    const v = this.variants.get(id);
    if (!v) return;
    this.variants.delete(id);
    this.variantIds.remove(id);
    this.inventoryItems.delete(v.inventoryItemId);
    this.inventoryItemIds.remove(v.inventoryItemId);
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
