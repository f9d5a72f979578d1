// Product/variant changes shared by GraphQL mutations, merchant actions and seeding, each emitting
// the webhooks Shopify would send for it.
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type {
  InventoryItemRec,
  LevelRec,
  MetafieldRec,
  ProductRec,
  UnitPriceMeasurementRec,
  VariantRec,
} from './store.types';
import { QUANTITY_NAMES } from './store.types';
import { inventoryItemPayload, productDeletePayload, productPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { normaliseMoney } from './money';

export interface VariantInput {
  title?: string;
  sku?: string | null;
  barcode?: string | null;
  price?: string | number | null;
  compareAtPrice?: string | number | null;
  optionValues?: string[];
  inventoryPolicy?: 'DENY' | 'CONTINUE';
  taxable?: boolean;
  tracked?: boolean;
  requiresShipping?: boolean;
  unitCost?: string | number | null;
  /** Initial available quantity per location id (no webhooks; used by seeding and productCreate). */
  quantities?: Array<{ locationId: bigint; available: number }>;
  extra?: VariantExtraFields;
}

/** Variant and inventory-item fields a sync writes beyond the basics (undefined = leave as is). */
export interface VariantExtraFields {
  taxCode?: string | null;
  requiresComponents?: boolean;
  showUnitPrice?: boolean;
  unitPriceMeasurement?: UnitPriceMeasurementRec | null;
  countryCodeOfOrigin?: string | null;
  provinceCodeOfOrigin?: string | null;
  harmonizedSystemCode?: string | null;
  countryHarmonizedSystemCodes?: Array<{ countryCode: string; harmonizedSystemCode: string }>;
  weight?: { unit: string; value: number } | null;
  /** Upserted by namespace + key (productVariantsBulk*); productSet replaces the list instead. */
  metafields?: MetafieldWrite[];
  replaceMetafields?: boolean;
}

export interface MetafieldWrite {
  namespace: string;
  key: string;
  value: string;
  type?: string;
}

const GRAMS_PER: Record<string, number> = { GRAMS: 1, KILOGRAMS: 1000, OUNCES: 28.349523125, POUNDS: 453.59237 };

/** Applies the extra fields; returns whether an inventory-item field changed. */
export function applyVariantExtras(
  shop: ShopState,
  v: VariantRec,
  item: InventoryItemRec | undefined,
  extra: VariantExtraFields | undefined,
  now: string,
): boolean {
  if (!extra) return false;
  if (extra.taxCode !== undefined) v.taxCode = extra.taxCode;
  if (extra.requiresComponents !== undefined) v.requiresComponents = extra.requiresComponents;
  if (extra.showUnitPrice !== undefined) v.showUnitPrice = extra.showUnitPrice;
  if (extra.unitPriceMeasurement !== undefined) v.unitPriceMeasurement = extra.unitPriceMeasurement;
  if (extra.metafields !== undefined) {
    const list = extra.replaceMetafields ? [] : [...(v.metafields ?? [])];
    for (const mf of extra.metafields) {
      const existing = (v.metafields ?? []).find((m) => m.namespace === mf.namespace && m.key === mf.key);
      const at = list.findIndex((m) => m.namespace === mf.namespace && m.key === mf.key);
      if (existing) {
        if (existing.value !== mf.value || (mf.type && existing.type !== mf.type)) {
          existing.value = mf.value;
          if (mf.type) existing.type = mf.type;
          existing.updatedAt = now;
        }
        if (at >= 0) list[at] = existing;
        else list.push(existing);
      } else list.push(newMetafield(shop, mf, now));
    }
    v.metafields = list;
  }
  let itemChanged = false;
  if (item) {
    const set = <K extends 'countryCodeOfOrigin' | 'provinceCodeOfOrigin' | 'harmonizedSystemCode'>(
      key: K,
      value: string | null | undefined,
    ) => {
      if (value === undefined || (item[key] ?? null) === value) return;
      item[key] = value;
      itemChanged = true;
    };
    set('countryCodeOfOrigin', extra.countryCodeOfOrigin);
    set('provinceCodeOfOrigin', extra.provinceCodeOfOrigin);
    set('harmonizedSystemCode', extra.harmonizedSystemCode);
    // The list given replaces the item's list.
    if (
      extra.countryHarmonizedSystemCodes !== undefined &&
      JSON.stringify(extra.countryHarmonizedSystemCodes) !== JSON.stringify(item.countryHarmonizedSystemCodes ?? [])
    ) {
      item.countryHarmonizedSystemCodes = extra.countryHarmonizedSystemCodes;
      itemChanged = true;
    }
    if (extra.weight !== undefined) {
      const w = extra.weight ?? { unit: 'KILOGRAMS', value: 0 };
      item.weight = { unit: w.unit, value: w.value };
      item.weightGrams = Math.round(w.value * (GRAMS_PER[w.unit] ?? 1) * 1000) / 1000;
      itemChanged = true;
    }
  }
  return itemChanged;
}

export interface ProductInput extends ProductPatch {
  optionNames?: string[];
  /** Declared options with all their values (values without a variant included). */
  productOptions?: Array<{ name: string; values: string[] }>;
  variants?: VariantInput[];
}

export function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'product'
  );
}

function uniqueHandle(shop: ShopState, wanted: string, selfId: bigint | null): string {
  let handle = wanted;
  let n = 1;
  for (;;) {
    const owner = shop.handles.get(handle);
    if (owner === undefined || owner === selfId) return handle;
    handle = `${wanted}-${n++}`;
  }
}

export function normaliseTags(tags: string[] | string | undefined): string[] {
  if (tags === undefined) return [];
  const list = Array.isArray(tags) ? tags : tags.split(',');
  return [...new Set(list.map((t) => t.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

function emptyQuantities(): Record<(typeof QUANTITY_NAMES)[number], number> {
  return { available: 0, committed: 0, damaged: 0, incoming: 0, quality_control: 0, reserved: 0, safety_stock: 0 };
}

/** A new inventory item as Shopify makes one: untracked, shipped, no cost, origin or weight. */
export function newInventoryItem(id: bigint, variantId: bigint, now: string): InventoryItemRec {
  return {
    __typename: 'InventoryItem',
    id,
    variantId,
    tracked: false,
    requiresShipping: true,
    unitCost: null,
    countryCodeOfOrigin: null,
    harmonizedSystemCode: null,
    weightGrams: 0,
    createdAt: now,
    updatedAt: now,
    levels: new Map(),
  };
}

export function newLevel(itemId: bigint, locationId: bigint, now: string): LevelRec {
  return {
    __typename: 'InventoryLevel',
    itemId,
    locationId,
    q: emptyQuantities(),
    changedAt: { available: now },
    createdAt: now,
    updatedAt: now,
  };
}

function buildVariant(
  shop: ShopState,
  product: ProductRec,
  input: VariantInput,
  position: number,
  now: string,
): { variant: VariantRec; item: InventoryItemRec } {
  const variantId = shop.newId();
  const itemId = shop.newId();
  const optionValues = input.optionValues ?? (input.title ? [input.title] : ['Default Title']);
  const variant: VariantRec = {
    __typename: 'ProductVariant',
    id: variantId,
    productId: product.id,
    inventoryItemId: itemId,
    title: input.title ?? optionValues.join(' / '),
    sku: input.sku ?? null,
    barcode: input.barcode ?? null,
    price: normaliseMoney(input.price) ?? '0.00',
    compareAtPrice: normaliseMoney(input.compareAtPrice),
    position,
    inventoryPolicy: input.inventoryPolicy ?? 'DENY',
    taxable: input.taxable ?? true,
    optionValues,
    createdAt: now,
    updatedAt: now,
  };
  const item = newInventoryItem(itemId, variantId, now);
  item.tracked = input.tracked ?? false;
  item.requiresShipping = input.requiresShipping ?? true;
  item.unitCost = normaliseMoney(input.unitCost);
  applyVariantExtras(shop, variant, item, input.extra, now);
  const quantities = input.quantities;
  if (quantities && quantities.length > 0) {
    for (const { locationId, available } of quantities) {
      const level = newLevel(itemId, locationId, now);
      level.q.available = available;
      item.levels.set(locationId, level);
    }
  } else {
    // New variants are stocked at the primary location, as on a real store.
    const primary = shop.primaryLocation();
    if (primary) item.levels.set(primary.id, newLevel(itemId, primary.id, now));
  }
  return { variant, item };
}

/** Creates a product (no webhook); callers that act for the API or merchant use createProduct. */
export function insertProduct(shop: ShopState, input: ProductInput, now: string = isoSeconds()): ProductRec {
  const id = shop.newId();
  const title = input.title ?? 'Untitled product';
  const handle = uniqueHandle(shop, input.handle ? slugify(input.handle) : slugify(title), null);
  const variantsIn = input.variants && input.variants.length > 0 ? input.variants : [{}];
  const product: ProductRec = {
    __typename: 'Product',
    id,
    title,
    handle,
    descriptionHtml: input.descriptionHtml ?? '',
    vendor: input.vendor ?? shop.name,
    productType: input.productType ?? '',
    status: input.status ?? 'ACTIVE',
    tags: normaliseTags(input.tags),
    createdAt: now,
    updatedAt: now,
    publishedAt: (input.status ?? 'ACTIVE') === 'ACTIVE' ? now : null,
    templateSuffix: null,
    variantIds: [],
    optionNames: input.optionNames ?? ['Title'],
    metafields: [],
  };
  if (input.productOptions) {
    product.productOptions = input.productOptions.map((o) => ({
      id: shop.newId(),
      name: o.name,
      values: o.values.map((name) => ({ id: shop.newId(), name })),
    }));
  }
  for (const mf of input.metafields ?? []) product.metafields.push(newMetafield(shop, mf, now));
  shop.addProduct(product);
  shop.handles.set(handle, id);
  variantsIn.forEach((vi, i) => {
    const { variant, item } = buildVariant(shop, product, vi, i + 1, now);
    product.variantIds.push(variant.id);
    shop.addVariant(variant);
    shop.addInventoryItem(item);
  });
  return product;
}

export function newMetafield(
  shop: ShopState,
  mf: { namespace: string; key: string; value: string; type?: string },
  now: string,
): MetafieldRec {
  return {
    __typename: 'Metafield',
    id: shop.newId(),
    namespace: mf.namespace,
    key: mf.key,
    value: mf.value,
    type: mf.type ?? 'single_line_text_field',
    createdAt: now,
    updatedAt: now,
  };
}

/** Metafields written by namespace and key: an existing one takes the new value, a new one is added. */
export function upsertMetafields(
  shop: ShopState,
  list: MetafieldRec[],
  writes: Array<{ namespace: string; key: string; value: string; type?: string }>,
  now: string,
): MetafieldRec[] {
  for (const mf of writes) {
    const existing = list.find((m) => m.namespace === mf.namespace && m.key === mf.key);
    if (existing) {
      existing.value = mf.value;
      if (mf.type) existing.type = mf.type;
      existing.updatedAt = now;
    } else list.push(newMetafield(shop, mf, now));
  }
  return list;
}

export function createProduct(shop: ShopState, sink: EventSink, input: ProductInput): ProductRec {
  const product = insertProduct(shop, input);
  sink.emit(shop, 'products/create', productPayload(shop, product));
  return product;
}

export interface ProductPatch {
  title?: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  status?: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  tags?: string[] | string;
  metafields?: Array<{ namespace: string; key: string; value: string; type?: string }>;
}

export function updateProduct(shop: ShopState, sink: EventSink, product: ProductRec, patch: ProductPatch): ProductRec {
  const now = isoSeconds();
  if (patch.title !== undefined) product.title = patch.title;
  if (patch.handle !== undefined) {
    shop.handles.delete(product.handle);
    product.handle = uniqueHandle(shop, slugify(patch.handle), product.id);
    shop.handles.set(product.handle, product.id);
  }
  if (patch.descriptionHtml !== undefined) product.descriptionHtml = patch.descriptionHtml;
  if (patch.vendor !== undefined) product.vendor = patch.vendor;
  if (patch.productType !== undefined) product.productType = patch.productType;
  if (patch.status !== undefined) {
    product.status = patch.status;
    if (patch.status === 'ACTIVE' && !product.publishedAt) product.publishedAt = now;
  }
  if (patch.tags !== undefined) product.tags = normaliseTags(patch.tags);
  if (patch.metafields) upsertMetafields(shop, product.metafields, patch.metafields, now);
  product.updatedAt = now;
  sink.emit(shop, 'products/update', productPayload(shop, product));
  return product;
}

export function deleteProduct(shop: ShopState, sink: EventSink, product: ProductRec): void {
  shop.removeProduct(product.id);
  shop.handles.delete(product.handle);
  sink.emit(shop, 'products/delete', productDeletePayload(product.id));
}

/** A variant edit: the VariantInput fields, by id (quantities go through the inventory mutations). */
export interface VariantPatch extends Omit<VariantInput, 'quantities'> {
  id: bigint;
}

/** Applies variant edits; one products/update for the product, inventory_items/update per touched item. */
export function updateVariants(
  shop: ShopState,
  sink: EventSink,
  product: ProductRec,
  patches: VariantPatch[],
): VariantRec[] {
  const now = isoSeconds();
  const touchedItems: InventoryItemRec[] = [];
  const out: VariantRec[] = [];
  for (const patch of patches) {
    const v = shop.variants.get(patch.id);
    if (!v) continue;
    if (patch.price !== undefined) v.price = normaliseMoney(patch.price) ?? v.price;
    if (patch.compareAtPrice !== undefined) v.compareAtPrice = normaliseMoney(patch.compareAtPrice);
    if (patch.barcode !== undefined) v.barcode = patch.barcode;
    if (patch.title !== undefined) v.title = patch.title;
    if (patch.optionValues !== undefined) {
      v.optionValues = patch.optionValues;
      v.title = patch.optionValues.join(' / ');
    }
    if (patch.inventoryPolicy !== undefined) v.inventoryPolicy = patch.inventoryPolicy;
    if (patch.taxable !== undefined) v.taxable = patch.taxable;
    const item = shop.inventoryItems.get(v.inventoryItemId);
    let itemChanged = false;
    if (patch.sku !== undefined) {
      v.sku = patch.sku;
      itemChanged = true;
    }
    if (item) {
      if (patch.tracked !== undefined && patch.tracked !== item.tracked) {
        item.tracked = patch.tracked;
        itemChanged = true;
      }
      if (patch.requiresShipping !== undefined && patch.requiresShipping !== item.requiresShipping) {
        item.requiresShipping = patch.requiresShipping;
        itemChanged = true;
      }
      if (patch.unitCost !== undefined) {
        item.unitCost = normaliseMoney(patch.unitCost);
        itemChanged = true;
      }
      if (applyVariantExtras(shop, v, item, patch.extra, now)) itemChanged = true;
      if (itemChanged) {
        item.updatedAt = now;
        touchedItems.push(item);
      }
    }
    v.updatedAt = now;
    out.push(v);
  }
  product.updatedAt = now;
  sink.emit(shop, 'products/update', productPayload(shop, product));
  for (const item of touchedItems) sink.emit(shop, 'inventory_items/update', inventoryItemPayload(shop, item));
  return out;
}

export function createVariants(
  shop: ShopState,
  sink: EventSink,
  product: ProductRec,
  inputs: VariantInput[],
  removeStandalone: boolean,
): VariantRec[] {
  const now = isoSeconds();
  if (removeStandalone) {
    const only = shop.variantsOf(product);
    if (only.length === 1 && only[0]?.title === 'Default Title') {
      shop.removeVariant(only[0].id);
      product.variantIds = [];
    }
  }
  const out: VariantRec[] = [];
  for (const input of inputs) {
    const { variant, item } = buildVariant(shop, product, input, product.variantIds.length + 1, now);
    product.variantIds.push(variant.id);
    shop.addVariant(variant);
    shop.addInventoryItem(item);
    out.push(variant);
  }
  product.updatedAt = now;
  sink.emit(shop, 'products/update', productPayload(shop, product));
  return out;
}
