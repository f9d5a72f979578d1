// productSet: "make the product look like this" from an external source. Validates the whole input
// first (nothing changes when there is a userError), then creates or updates the product, replaces
// its options, variants (matched by id, else by option values; unlisted ones are deleted) and
// metafields, and stocks new variants per location.
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { InventoryItemRec, MetafieldRec, ProductRec, VariantRec } from './store.types';
import type { MetafieldWrite, VariantExtraFields } from './catalog.domain';
import {
  applyVariantExtras,
  insertProduct,
  newInventoryItem,
  newLevel,
  newMetafield,
  normaliseTags,
  slugify,
} from './catalog.domain';
import { normaliseMoney } from './money';
import { inventoryItemPayload, productPayload } from '../webhooks/webhook-payloads';
import { emitLevelUpdates } from './inventory.domain';
import type { QuantityChange } from './inventory.domain';
import { isoSeconds } from '../util/time';

export interface SetUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface SetOptionInput {
  name: string | null;
  values: string[];
}

export interface SetVariantInput {
  id: bigint | null;
  /** The raw id as sent, for error reporting. */
  rawId: string | null;
  optionValues: Array<{ optionName: string | null; name: string | null }>;
  price?: string | null;
  compareAtPrice?: string | null;
  sku?: string | null;
  barcode?: string | null;
  position?: number | null;
  inventoryPolicy?: 'DENY' | 'CONTINUE';
  taxable?: boolean;
  tracked?: boolean;
  requiresShipping?: boolean;
  unitCost?: string | null;
  quantities?: Array<{ locationId: bigint | null; name: string; quantity: number }>;
  extra: VariantExtraFields;
}

export interface SetInput {
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductRec['status'];
  tags?: string[];
  templateSuffix?: string | null;
  giftCardTemplateSuffix?: string | null;
  requiresSellingPlan?: boolean;
  categoryId?: string | null;
  seo?: { title: string | null; description: string | null };
  metafields?: MetafieldWrite[];
  options?: SetOptionInput[];
  variants?: SetVariantInput[];
}

export const MAX_OPTIONS = 3;
export const MAX_VARIANTS = 2048;
export const MAX_INVENTORY_QUANTITIES = 50_000;
const MAX_LENGTH = 255;

export const MAX_OPTION_NAME_LENGTH = 255;

/**
 * The option checks productSet and productCreate share. Messages, codes and field paths follow a live
 * productOptionsCreate capture (airhorns/shopify-draft-proxy, 2025-01,
 * product-options-create-limits-and-duplicates-parity.json): the path names the whole option.
 */
export function validateOptions(
  options: ReadonlyArray<{ name: string | null; values: readonly string[] }>,
  at: readonly string[],
  err: (field: string[] | null, message: string, code: string | null) => void,
): void {
  if (options.length > MAX_OPTIONS)
    err([...at], `Can only specify a maximum of ${MAX_OPTIONS} options`, 'OPTIONS_OVER_LIMIT');
  const names = new Set<string>();
  options.forEach((o, i) => {
    const path = [...at, String(i)];
    const name = (o.name ?? '').trim();
    if (!name) err([...path, 'name'], "Option name can't be blank", 'INVALID_INPUT');
    else if (name.length > MAX_OPTION_NAME_LENGTH) err(path, 'Option name is too long.', 'OPTION_NAME_TOO_LONG');
    else if (names.has(name.toLowerCase())) err(path, 'Duplicated option name.', 'DUPLICATED_OPTION_NAME');
    names.add(name.toLowerCase());
    if (o.values.length === 0)
      err(path, `Option '${name}' must specify at least one option value.`, 'OPTION_VALUES_MISSING');
    const seen = new Set<string>();
    o.values.forEach((v, j) => {
      if (seen.has(v.toLowerCase()))
        err([...path, 'values', String(j)], 'Duplicated option value.', 'DUPLICATED_OPTION_VALUE');
      seen.add(v.toLowerCase());
    });
  });
}

/** Every userError the input deserves against `existing` (null when creating). */
export function validateProductSet(shop: ShopState, input: SetInput, existing: ProductRec | null): SetUserError[] {
  const errors: SetUserError[] = [];
  const err = (field: string[] | null, message: string, code: string | null) => errors.push({ field, message, code });
  const title = input.title ?? existing?.title ?? '';
  if (!existing && !title.trim()) err(['input', 'title'], "Title can't be blank", 'INVALID_PRODUCT');
  if (input.title !== undefined && input.title !== null && input.title.length > MAX_LENGTH) {
    err(['input', 'title'], `is too long (maximum is ${MAX_LENGTH} characters)`, 'INVALID_PRODUCT');
  }
  const handle = input.handle ?? (existing ? null : slugify(title));
  if (handle !== null && handle.length > MAX_LENGTH)
    err(['input'], `Handle is too long (maximum is ${MAX_LENGTH} characters)`, 'INVALID_PRODUCT');
  if (input.handle) {
    const owner = shop.handles.get(slugify(input.handle));
    if (owner !== undefined && owner !== existing?.id)
      err(['input', 'handle'], 'Handle already in use. Please provide a new handle.', 'HANDLE_NOT_UNIQUE');
  }
  if (input.vendor && input.vendor.length > MAX_LENGTH)
    err(['input'], `Vendor is too long (maximum is ${MAX_LENGTH} characters)`, 'INVALID_PRODUCT');
  if (input.productType && input.productType.length > MAX_LENGTH) {
    err(['input'], `Product type is too long (maximum is ${MAX_LENGTH} characters)`, 'INVALID_PRODUCT');
    err(['input'], `Custom product type is too long (maximum is ${MAX_LENGTH} characters)`, 'INVALID_PRODUCT');
  }
  (input.metafields ?? []).forEach((m, i) =>
    validateMetafield(m, ['input', 'metafields', String(i)], err, existing?.metafields ?? []),
  );

  const options = input.options;
  const variants = input.variants;
  if (variants && !options)
    err(
      ['input', 'productOptions'],
      'Must specify product options when updating variants.',
      'PRODUCT_OPTIONS_INPUT_MISSING',
    );
  if (options && !variants)
    err(['input', 'variants'], 'Must specify variants when updating options.', 'VARIANTS_INPUT_MISSING');
  // ProductSetUserErrorCode has no OPTION_NAME_TOO_LONG; INVALID_INPUT stands in (not captured).
  if (options)
    validateOptions(options, ['input', 'productOptions'], (f, m, c) =>
      err(f, m, c === 'OPTION_NAME_TOO_LONG' ? 'INVALID_INPUT' : c),
    );
  if (variants && options && errors.length === 0) {
    if (variants.length > MAX_VARIANTS)
      err(['input', 'variants'], `Number of variants exceeds the limit of ${MAX_VARIANTS}`, 'VARIANTS_OVER_LIMIT');
    let quantityCount = 0;
    const tuples = new Map<string, number>();
    variants.forEach((v, i) => {
      const at = ['input', 'variants', String(i)];
      if (v.rawId !== null) {
        const current = v.id === null ? undefined : shop.variants.get(v.id);
        if (!current || current.productId !== existing?.id) {
          err([...at, 'id'], 'Product variant does not exist', 'PRODUCT_VARIANT_DOES_NOT_EXIST');
          return;
        }
      }
      const tuple = resolveTuple(options, v, at, err);
      if (!tuple) return;
      const key = tuple.join('\u0000').toLowerCase();
      if (tuples.has(key))
        err(
          at,
          `The variant '${tuple.join(' / ')}' already exists. Please change at least one option value.`,
          'INVALID_VARIANT',
        );
      else tuples.set(key, i);
      if (v.price !== undefined && v.price !== null && Number(v.price) < 0)
        err([...at, 'price'], 'Price must be greater than or equal to 0', 'INVALID_VARIANT');
      (v.extra.metafields ?? []).forEach((m, j) => validateMetafield(m, [...at, 'metafields', String(j)], err, []));
      (v.quantities ?? []).forEach((q, j) => {
        quantityCount++;
        const qat = [...at, 'inventoryQuantities', String(j)];
        if (q.name !== 'available' && q.name !== 'on_hand')
          err([...qat, 'name'], 'Inventory quantity name must be one of: available, on_hand', 'INVALID_INPUT');
        if (q.locationId === null || !shop.locations.has(q.locationId))
          err([...qat, 'locationId'], 'Location does not exist', 'INVALID_INPUT');
        if (q.quantity < 0 && q.name === 'on_hand')
          err([...qat, 'quantity'], 'On hand quantity must be greater than or equal to 0', 'INVALID_INPUT');
      });
    });
    if (quantityCount > MAX_INVENTORY_QUANTITIES) {
      err(
        ['input', 'variants'],
        'Inventory quantity input exceeds the limit of 50000. Consider using separate `inventorySetQuantities` mutations.',
        'INVENTORY_QUANTITIES_LIMIT_EXCEEDED',
      );
    }
  }
  return errors;
}

function validateMetafield(
  m: MetafieldWrite,
  at: string[],
  err: (f: string[], m: string, c: string) => void,
  existing: MetafieldRec[],
): void {
  if (!m.namespace || m.namespace.length < 3)
    err([...at, 'namespace'], 'Namespace is too short (minimum is 3 characters)', 'INVALID_METAFIELD');
  if (!m.key || m.key.length < 2)
    err([...at, 'key'], 'Key is too short (minimum is 2 characters)', 'INVALID_METAFIELD');
  const known = existing.some((e) => e.namespace === m.namespace && e.key === m.key);
  if (!m.type && !known) err([...at, 'type'], "Type can't be blank", 'INVALID_METAFIELD');
}

/** Orders a variant's option values by the product's options; null (with an error) when invalid. */
function resolveTuple(
  options: SetOptionInput[],
  v: SetVariantInput,
  at: string[],
  err: (f: string[] | null, m: string, c: string) => void,
): string[] | null {
  const tuple: Array<string | undefined> = options.map(() => undefined);
  let ok = true;
  v.optionValues.forEach((ov, j) => {
    const idx = options.findIndex((o) => (o.name ?? '').toLowerCase() === (ov.optionName ?? '').toLowerCase());
    if (idx < 0) {
      err(
        [...at, 'optionValues', String(j), 'optionName'],
        `Option '${ov.optionName ?? ''}' does not exist`,
        'OPTION_DOES_NOT_EXIST',
      );
      ok = false;
      return;
    }
    const value = options[idx]!.values.find((x) => x.toLowerCase() === (ov.name ?? '').toLowerCase());
    if (value === undefined) {
      err(
        [...at, 'optionValues', String(j), 'name'],
        `Option value '${ov.name ?? ''}' does not exist`,
        'OPTION_VALUE_DOES_NOT_EXIST',
      );
      ok = false;
      return;
    }
    tuple[idx] = value;
  });
  if (!ok) return null;
  if (tuple.some((t) => t === undefined)) {
    err([...at, 'optionValues'], 'Each variant must specify a value for every option', 'INVALID_VARIANT');
    return null;
  }
  return tuple as string[];
}

/** Applies a validated input; returns the product. Emits products/create or products/update. */
export function applyProductSet(
  shop: ShopState,
  sink: EventSink,
  input: SetInput,
  existing: ProductRec | null,
): ProductRec {
  const now = isoSeconds();
  const created = !existing;
  // A new product starts with Shopify's standalone "Default Title" variant; listed variants replace it.
  const product =
    existing ??
    insertProduct(shop, { title: input.title ?? '', handle: input.handle ?? undefined, status: input.status }, now);
  if (input.title !== undefined && input.title !== null) product.title = input.title;
  if (input.handle && slugify(input.handle) !== product.handle) {
    shop.handles.delete(product.handle);
    product.handle = slugify(input.handle);
    shop.handles.set(product.handle, product.id);
  }
  if (input.descriptionHtml !== undefined) product.descriptionHtml = input.descriptionHtml ?? '';
  if (input.vendor !== undefined) product.vendor = input.vendor ?? '';
  if (input.productType !== undefined) product.productType = input.productType ?? '';
  if (input.status !== undefined) {
    product.status = input.status;
    if (input.status === 'ACTIVE' && !product.publishedAt) product.publishedAt = now;
  }
  if (input.tags !== undefined) product.tags = normaliseTags(input.tags);
  if (input.templateSuffix !== undefined) product.templateSuffix = input.templateSuffix;
  if (input.giftCardTemplateSuffix !== undefined) product.giftCardTemplateSuffix = input.giftCardTemplateSuffix;
  if (input.requiresSellingPlan !== undefined) product.requiresSellingPlan = input.requiresSellingPlan;
  if (input.categoryId !== undefined) product.categoryId = input.categoryId;
  if (input.seo) {
    product.seoTitle = input.seo.title;
    product.seoDescription = input.seo.description;
  }
  if (input.metafields !== undefined)
    product.metafields = replaceMetafields(shop, product.metafields, input.metafields, now);

  // Items of variants that already existed, as they were: a change among them is an inventory_items/update.
  const itemsBefore = new Map<InventoryItemRec, string>();
  const movedLevels: QuantityChange[] = [];
  if (input.options && input.variants) {
    const options = input.options;
    product.productOptions = options.map((o, i) => {
      const prev =
        product.productOptions?.find((p) => p.name.toLowerCase() === (o.name ?? '').toLowerCase()) ??
        product.productOptions?.[i];
      return {
        id: prev?.id ?? shop.newId(),
        name: (o.name ?? '').trim(),
        values: o.values.map((name) => ({
          id: prev?.values.find((x) => x.name.toLowerCase() === name.toLowerCase())?.id ?? shop.newId(),
          name,
        })),
      };
    });
    product.optionNames = product.productOptions.map((o) => o.name);
    const before = shop.variantsOf(product);
    // Variants listed by id are spoken for before any unlisted one is matched by option values.
    const keep = new Set<bigint>(input.variants.map((vi) => vi.id).filter((id): id is bigint => id !== null));
    const ordered: VariantRec[] = [];
    input.variants.forEach((vi, i) => {
      const tuple = resolveTuple(options, vi, [], () => undefined) as string[];
      const key = tuple.join('\u0000').toLowerCase();
      let v =
        vi.id !== null
          ? shop.variants.get(vi.id)
          : before.find((b) => !keep.has(b.id) && b.optionValues.join('\u0000').toLowerCase() === key);
      let item: InventoryItemRec | undefined;
      if (!v) {
        const ids = { variant: shop.newId(), item: shop.newId() };
        v = {
          __typename: 'ProductVariant',
          id: ids.variant,
          productId: product.id,
          inventoryItemId: ids.item,
          title: tuple.join(' / '),
          sku: null,
          barcode: null,
          price: '0.00',
          compareAtPrice: null,
          position: i + 1,
          inventoryPolicy: 'DENY',
          taxable: true,
          optionValues: tuple,
          createdAt: now,
          updatedAt: now,
        };
        item = newInventoryItem(ids.item, ids.variant, now);
        shop.addVariant(v);
        shop.addInventoryItem(item);
        const quantities = vi.quantities ?? [];
        if (quantities.length === 0) {
          const primary = shop.primaryLocation();
          if (primary) item.levels.set(primary.id, newLevel(item.id, primary.id, now));
        }
      } else {
        item = shop.inventoryItems.get(v.inventoryItemId);
        if (item) itemsBefore.set(item, itemSnapshot(shop, item));
      }
      keep.add(v.id);
      v.optionValues = tuple;
      v.title = tuple.join(' / ');
      v.position = vi.position ?? i + 1;
      if (vi.price !== undefined) v.price = normaliseMoney(vi.price) ?? '0.00';
      if (vi.compareAtPrice !== undefined) v.compareAtPrice = normaliseMoney(vi.compareAtPrice);
      if (vi.sku !== undefined) v.sku = vi.sku;
      if (vi.barcode !== undefined) v.barcode = vi.barcode;
      if (vi.inventoryPolicy !== undefined) v.inventoryPolicy = vi.inventoryPolicy;
      if (vi.taxable !== undefined) v.taxable = vi.taxable;
      applyVariantExtras(shop, v, item, { ...vi.extra, replaceMetafields: true }, now);
      if (item) {
        if (vi.tracked !== undefined) item.tracked = vi.tracked;
        if (vi.requiresShipping !== undefined) item.requiresShipping = vi.requiresShipping;
        if (vi.unitCost !== undefined) item.unitCost = normaliseMoney(vi.unitCost);
        for (const q of vi.quantities ?? []) {
          const locationId = q.locationId as bigint;
          const level = item.levels.get(locationId) ?? newLevel(item.id, locationId, now);
          item.levels.set(locationId, level);
          // on_hand is derived: setting it moves the difference into available.
          const current = q.name === 'on_hand' ? onHand(level.q) : level.q.available;
          if (q.quantity === current) continue;
          level.q.available += q.quantity - current;
          level.changedAt.available = now;
          level.updatedAt = now;
          movedLevels.push({ name: 'available', delta: q.quantity - current, level, ledgerDocumentUri: null });
        }
        item.updatedAt = now;
      }
      v.updatedAt = now;
      ordered.push(v);
    });
    for (const b of before) if (!keep.has(b.id)) shop.removeVariant(b.id);
    ordered.sort((a, b) => a.position - b.position);
    ordered.forEach((v, i) => (v.position = i + 1));
    product.variantIds = ordered.map((v) => v.id);
  }
  product.updatedAt = now;
  sink.emit(shop, created ? 'products/create' : 'products/update', productPayload(shop, product));
  // As productVariantsBulkUpdate and the quantity mutations announce them: one inventory_items/update
  // per existing item whose fields changed, one inventory_levels/update per level whose stock moved.
  for (const [item, snapshot] of itemsBefore) {
    if (shop.inventoryItems.has(item.id) && itemSnapshot(shop, item) !== snapshot)
      sink.emit(shop, 'inventory_items/update', inventoryItemPayload(shop, item));
  }
  emitLevelUpdates(shop, sink, movedLevels);
  return product;
}

/** The fields inventory_items/update reports, to tell whether a productSet changed an item. */
function itemSnapshot(shop: ShopState, item: InventoryItemRec): string {
  const { levels: _levels, createdAt: _c, updatedAt: _u, ...fields } = item;
  return JSON.stringify({ ...fields, sku: shop.variants.get(item.variantId)?.sku ?? null }, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v,
  );
}

function onHand(q: Record<string, number>): number {
  return (
    (q['available'] ?? 0) +
    (q['committed'] ?? 0) +
    (q['damaged'] ?? 0) +
    (q['quality_control'] ?? 0) +
    (q['reserved'] ?? 0) +
    (q['safety_stock'] ?? 0)
  );
}

function replaceMetafields(
  shop: ShopState,
  current: MetafieldRec[],
  wanted: MetafieldWrite[],
  now: string,
): MetafieldRec[] {
  return wanted.map((mf) => {
    const existing = current.find((m) => m.namespace === mf.namespace && m.key === mf.key);
    if (!existing) return newMetafield(shop, mf, now);
    if (existing.value !== mf.value || (mf.type && mf.type !== existing.type)) {
      existing.value = mf.value;
      if (mf.type) existing.type = mf.type;
      existing.updatedAt = now;
    }
    return existing;
  });
}
