import type { ShopState } from '../../store/shop-state';
import type { ProductRec, VariantRec } from '../../store/store.types';
import type {
  MetafieldWrite,
  ProductPatch,
  VariantExtraFields,
  VariantInput,
  VariantPatch,
} from '../../store/catalog.domain';
import {
  createProduct,
  createVariants,
  deleteProduct,
  updateProduct,
  updateVariants,
} from '../../store/catalog.domain';
import type { SetInput, SetUserError, SetVariantInput } from '../../store/product-set.domain';
import { applyProductSet, validateOptions, validateProductSet } from '../../store/product-set.domain';
import { taxonomyCategory } from '../../store/taxonomy';
import { connectionFromArray, emptyConnection, encodeCursor, rootConnection } from '../connection';
import { compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap, UserError } from '../resolver-types';
import { count, gidId, money, userError } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { toGid } from '../../util/gid';
import { metafieldByKey, metafieldConnection, metafieldWritesFrom } from './metafields';

export function productSearchFields(shop: ShopState): Record<string, FieldGetter<ProductRec>> {
  return {
    id: (p) => p.id,
    title: (p) => p.title,
    handle: (p) => p.handle,
    status: (p) => p.status,
    updated_at: (p) => p.updatedAt,
    created_at: (p) => p.createdAt,
    published_at: (p) => p.publishedAt,
    product_type: (p) => p.productType,
    vendor: (p) => p.vendor,
    tag: (p) => p.tags,
    tags: (p) => p.tags,
    sku: (p) => shop.variantsOf(p).map((v) => v.sku),
    barcode: (p) => shop.variantsOf(p).map((v) => v.barcode),
  };
}

export function variantSearchFields(): Record<string, FieldGetter<VariantRec>> {
  return {
    id: (v) => v.id,
    sku: (v) => v.sku,
    barcode: (v) => v.barcode,
    title: (v) => v.title,
    product_id: (v) => v.productId,
    updated_at: (v) => v.updatedAt,
    created_at: (v) => v.createdAt,
  };
}

/** Shopify counts tracked variants only (an untracked variant's stock is not inventory). */
/** The product `productId` names in a productVariantsBulk* mutation, if it exists. */
function productArg(args: Args, ctx: GraphQLContext): ProductRec | undefined {
  const id = gidId(args['productId'], 'Product');
  return id === null ? undefined : ctx.shop.products.get(id);
}

/** A productVariantsBulk* mutation's answer when its product does not exist. */
function noProductForVariants() {
  return {
    product: null,
    productVariants: null,
    userErrors: [userError(['productId'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST')],
  };
}

function totalInventory(shop: ShopState, p: ProductRec): number {
  let total = 0;
  for (const v of shop.variantsOf(p)) {
    const item = shop.inventoryItems.get(v.inventoryItemId);
    if (item?.tracked) total += shop.availableOf(item);
  }
  return total;
}

function metafieldWrites(list: unknown): MetafieldWrite[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Args[]).map((m) => ({
    namespace: String(m['namespace'] ?? ''),
    key: String(m['key'] ?? ''),
    value: String(m['value'] ?? ''),
    type: (m['type'] as string | undefined) ?? undefined,
  }));
}

/** The product fields productCreate and productUpdate share, as sent (absent = unchanged). */
function productFields(input: Args): ProductPatch {
  return {
    handle: input['handle'] as string | undefined,
    descriptionHtml: input['descriptionHtml'] as string | undefined,
    vendor: input['vendor'] as string | undefined,
    productType: input['productType'] as string | undefined,
    status: input['status'] as ProductRec['status'] | undefined,
    tags: input['tags'] as string[] | undefined,
    metafields: metafieldWritesFrom(input['metafields']),
  };
}

/** The variant and inventory-item fields beyond the basics, as sent (absent = unchanged). */
function extraFrom(input: Args): VariantExtraFields {
  const item = (input['inventoryItem'] ?? {}) as Args;
  const extra: VariantExtraFields = {};
  if ('taxCode' in input) extra.taxCode = (input['taxCode'] as string | null) ?? null;
  if ('requiresComponents' in input && input['requiresComponents'] !== null)
    extra.requiresComponents = Boolean(input['requiresComponents']);
  if ('showUnitPrice' in input && input['showUnitPrice'] !== null)
    extra.showUnitPrice = Boolean(input['showUnitPrice']);
  if ('unitPriceMeasurement' in input) {
    const u = input['unitPriceMeasurement'] as Args | null;
    extra.unitPriceMeasurement = u
      ? {
          quantityValue: (u['quantityValue'] as number | undefined) ?? null,
          quantityUnit: (u['quantityUnit'] as string | undefined) ?? null,
          referenceValue: (u['referenceValue'] as number | undefined) ?? null,
          referenceUnit: (u['referenceUnit'] as string | undefined) ?? null,
        }
      : null;
  }
  if ('countryCodeOfOrigin' in item) extra.countryCodeOfOrigin = (item['countryCodeOfOrigin'] as string | null) ?? null;
  if ('provinceCodeOfOrigin' in item)
    extra.provinceCodeOfOrigin = (item['provinceCodeOfOrigin'] as string | null) ?? null;
  if ('harmonizedSystemCode' in item)
    extra.harmonizedSystemCode = (item['harmonizedSystemCode'] as string | null) ?? null;
  if (Array.isArray(item['countryHarmonizedSystemCodes'])) {
    extra.countryHarmonizedSystemCodes = (item['countryHarmonizedSystemCodes'] as Args[]).map((c) => ({
      countryCode: String(c['countryCode']),
      harmonizedSystemCode: String(c['harmonizedSystemCode']),
    }));
  }
  const weight = ((item['measurement'] ?? null) as Args | null)?.['weight'] as Args | null | undefined;
  if (weight !== undefined)
    extra.weight = weight ? { unit: String(weight['unit']), value: Number(weight['value']) } : null;
  const metafields = metafieldWrites(input['metafields']);
  if (metafields) extra.metafields = metafields;
  return extra;
}

/** Declared options (productOptions) or, for older products, options derived from the variants. */
function productOptionsOf(shop: ShopState, p: ProductRec) {
  const vs = shop.variantsOf(p);
  const declared = p.productOptions;
  return p.optionNames.map((name, i) => {
    const used = new Set(vs.map((v) => (v.optionValues[i] ?? '').toLowerCase()));
    // Declared values first, then values variants use that were never declared (bulk-created ones).
    const declaredValues = declared?.[i]?.values ?? [];
    const extra = [...new Set(vs.map((v) => v.optionValues[i] ?? ''))].filter(
      (n) => !declaredValues.some((d) => d.name.toLowerCase() === n.toLowerCase()),
    );
    const values = [
      ...declaredValues,
      ...extra.map((n, j) => ({ id: p.id * 1000n + BigInt(i * 100 + j + 1), name: n })),
    ];
    return {
      __typename: 'ProductOption',
      id: toGid('ProductOption', declared?.[i]?.id ?? p.id * 10n + BigInt(i + 1)),
      name,
      position: i + 1,
      // `values` lists the values in use; optionValues lists every declared one.
      values: values.filter((v) => used.has(v.name.toLowerCase())).map((v) => v.name),
      optionValues: values.map((v) => ({
        __typename: 'ProductOptionValue',
        id: toGid('ProductOptionValue', v.id),
        name: v.name,
        hasVariants: used.has(v.name.toLowerCase()),
        linkedMetafieldValue: null,
        swatch: null,
      })),
      linkedMetafield: null,
    };
  });
}

function setInputFrom(input: Args, ctx: GraphQLContext): SetInput {
  const out: SetInput = {};
  const str = (k: string) => (k in input ? ((input[k] as string | null) ?? null) : undefined);
  out.title = str('title');
  out.handle = str('handle');
  out.descriptionHtml = str('descriptionHtml');
  out.vendor = str('vendor');
  out.productType = str('productType');
  if (input['status']) out.status = input['status'] as ProductRec['status'];
  if (Array.isArray(input['tags'])) out.tags = input['tags'] as string[];
  out.templateSuffix = str('templateSuffix');
  out.giftCardTemplateSuffix = str('giftCardTemplateSuffix');
  if (typeof input['requiresSellingPlan'] === 'boolean') out.requiresSellingPlan = input['requiresSellingPlan'];
  if ('category' in input) out.categoryId = (input['category'] as string | null) ?? null;
  if (input['seo'])
    out.seo = {
      title: ((input['seo'] as Args)['title'] as string | null) ?? null,
      description: ((input['seo'] as Args)['description'] as string | null) ?? null,
    };
  out.metafields = metafieldWrites(input['metafields']);
  if (Array.isArray(input['productOptions'])) {
    out.options = (input['productOptions'] as Args[]).map((o) => ({
      name: (o['name'] as string | null) ?? null,
      values: ((o['values'] ?? []) as Args[]).map((v) => String(v['name'] ?? '')),
    }));
  }
  if (Array.isArray(input['variants'])) {
    out.variants = (input['variants'] as Args[]).map((v): SetVariantInput => {
      const item = (v['inventoryItem'] ?? {}) as Args;
      const has = (k: string) => k in v;
      return {
        id: v['id'] ? gidId(v['id'], 'ProductVariant') : null,
        rawId: (v['id'] as string | null | undefined) ?? null,
        optionValues: ((v['optionValues'] ?? []) as Args[]).map((ov) => ({
          optionName: (ov['optionName'] as string | null) ?? null,
          name: (ov['name'] as string | null) ?? null,
        })),
        price: has('price') ? ((v['price'] as string | null) ?? null) : undefined,
        compareAtPrice: has('compareAtPrice') ? ((v['compareAtPrice'] as string | null) ?? null) : undefined,
        sku: has('sku')
          ? ((v['sku'] as string | null) ?? null)
          : 'sku' in item
            ? ((item['sku'] as string | null) ?? null)
            : undefined,
        barcode: has('barcode') ? ((v['barcode'] as string | null) ?? null) : undefined,
        position: (v['position'] as number | null | undefined) ?? null,
        inventoryPolicy: (v['inventoryPolicy'] as 'DENY' | 'CONTINUE' | undefined) ?? undefined,
        taxable: typeof v['taxable'] === 'boolean' ? v['taxable'] : undefined,
        tracked: typeof item['tracked'] === 'boolean' ? item['tracked'] : undefined,
        requiresShipping: typeof item['requiresShipping'] === 'boolean' ? item['requiresShipping'] : undefined,
        unitCost: 'cost' in item ? ((item['cost'] as string | null) ?? null) : undefined,
        quantities: Array.isArray(v['inventoryQuantities'])
          ? (v['inventoryQuantities'] as Args[]).map((q) => ({
              locationId: gidId(q['locationId'], 'Location'),
              name: String(q['name']),
              quantity: Number(q['quantity']),
            }))
          : undefined,
        extra: extraFrom(v),
      };
    });
  }
  void ctx;
  return out;
}

function productSetResult(product: ProductRec | null, userErrors: SetUserError[], op: unknown = null) {
  return { product, productSetOperation: op, userErrors };
}

/**
 * Orders `optionValues` by the product's options (matched by optionName, else by position); values
 * not given keep the variant's current ones.
 */
function orderedOptionValues(input: Args, product: ProductRec, current: string[] | undefined): string[] | undefined {
  const given = input['optionValues'] as Args[] | undefined;
  if (!given) return undefined;
  const out = product.optionNames.map((_n, i) => current?.[i] ?? '');
  given.forEach((ov, j) => {
    const byName =
      typeof ov['optionName'] === 'string'
        ? product.optionNames.findIndex((n) => n.toLowerCase() === String(ov['optionName']).toLowerCase())
        : -1;
    const at = byName >= 0 ? byName : j;
    if (at < out.length) out[at] = String(ov['name'] ?? '');
  });
  return out;
}

function variantInputFrom(input: Args, ctx: GraphQLContext, product?: ProductRec, current?: VariantRec): VariantInput {
  const item = (input['inventoryItem'] ?? {}) as Args;
  const optionValues = product
    ? orderedOptionValues(input, product, current?.optionValues)
    : (input['optionValues'] as Args[] | undefined)?.map((o) => String(o['name'] ?? ''));
  const quantities = ((input['inventoryQuantities'] ?? []) as Args[])
    .map((q) => ({ locationId: gidId(q['locationId'], 'Location'), available: Number(q['availableQuantity'] ?? 0) }))
    .filter(
      (q): q is { locationId: bigint; available: number } =>
        q.locationId !== null && ctx.shop.locations.has(q.locationId),
    );
  return {
    sku: item['sku'] as string | undefined,
    barcode: input['barcode'] as string | undefined,
    price: input['price'] as string | undefined,
    compareAtPrice: input['compareAtPrice'] as string | undefined,
    optionValues,
    inventoryPolicy: input['inventoryPolicy'] as 'DENY' | 'CONTINUE' | undefined,
    taxable: input['taxable'] as boolean | undefined,
    tracked: item['tracked'] as boolean | undefined,
    requiresShipping: item['requiresShipping'] as boolean | undefined,
    unitCost: item['cost'] as string | undefined,
    quantities,
    extra: extraFrom(input),
  };
}

const MEASURED: Record<string, string> = {
  ML: 'VOLUME',
  CL: 'VOLUME',
  L: 'VOLUME',
  M3: 'VOLUME',
  FLOZ: 'VOLUME',
  PT: 'VOLUME',
  QT: 'VOLUME',
  GAL: 'VOLUME',
  MG: 'WEIGHT',
  G: 'WEIGHT',
  KG: 'WEIGHT',
  OZ: 'WEIGHT',
  LB: 'WEIGHT',
  MM: 'LENGTH',
  CM: 'LENGTH',
  M: 'LENGTH',
  IN: 'LENGTH',
  FT: 'LENGTH',
  YD: 'LENGTH',
  M2: 'AREA',
  FT2: 'AREA',
  ITEM: 'COUNT',
};

/** What a unit measures (KG: WEIGHT...), as Shopify reports with a unit price measurement. */
function measuredType(unit: string | null): string | null {
  return unit === null ? null : (MEASURED[unit] ?? 'UNKNOWN');
}

function priceRangeOf(shop: ShopState, p: ProductRec) {
  const prices = shop.variantsOf(p).map((v) => Number(v.price));
  const cur = shop.currencyCode;
  return {
    minVariantPrice: money((prices.length ? Math.min(...prices) : 0).toFixed(2), cur),
    maxVariantPrice: money((prices.length ? Math.max(...prices) : 0).toFixed(2), cur),
  };
}

function unitPriceOf(shop: ShopState, v: VariantRec) {
  const m = v.unitPriceMeasurement;
  if (!v.showUnitPrice || !m?.quantityValue || !m.referenceValue) return null;
  return money(((Number(v.price) * m.referenceValue) / m.quantityValue).toFixed(2), shop.currencyCode);
}

/** A variant's prices in any context: the base prices, Shopify's default quantity rule, no price breaks. */
function variantPricing(shop: ShopState, v: VariantRec) {
  const cur = shop.currencyCode;
  return {
    __typename: 'ProductVariantContextualPricing',
    price: money(v.price, cur),
    compareAtPrice: v.compareAtPrice === null ? null : money(v.compareAtPrice, cur),
    unitPrice: unitPriceOf(shop, v),
    quantityPriceBreaks: emptyConnection(),
    quantityRule: {
      __typename: 'QuantityRule',
      minimum: 1,
      maximum: null,
      increment: 1,
      isDefault: true,
      originType: 'FIXED',
      productVariant: v,
    },
  };
}

/** The shop's general delivery profile, with what the emulator knows of it (no zones or rates). */
function generalProfile(shop: ShopState) {
  const variants = shop.variants.size;
  const origins = [...shop.locations.values()].filter((l) => l.isActive).length;
  return {
    __typename: 'DeliveryProfile',
    id: toGid('DeliveryProfile', shop.shopId),
    name: 'General Profile',
    default: true,
    version: 1,
    activeMethodDefinitionsCount: 0,
    locationsWithoutRatesCount: origins,
    originLocationCount: origins,
    zoneCountryCount: 0,
    productVariantsCount: count(variants),
    productVariantsCountV2: { count: variants, capped: false },
    profileLocationGroups: [],
    unassignedLocations: [],
  };
}

export const productResolvers: ResolverMap = {
  QueryRoot: {
    products: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(args['query'] as string | null, productSearchFields(shop), (p) => p.title);
      return rootConnection(
        shop.productIds,
        (id) => shop.products.get(id),
        (p) => p.id,
        args,
        filter,
        ctx.bulkPage,
        {
          TITLE: (p) => p.title.toLowerCase(),
          PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
          VENDOR: (p) => p.vendor.toLowerCase(),
          CREATED_AT: (p) => p.createdAt,
          UPDATED_AT: (p) => p.updatedAt,
          PUBLISHED_AT: (p) => p.publishedAt,
          INVENTORY_TOTAL: (p) => totalInventory(shop, p),
        },
      );
    },
    product: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Product');
      return id === null ? null : (ctx.shop.products.get(id) ?? null);
    },
    productByIdentifier: (_s, args, ctx) => {
      const identifier = (args['identifier'] ?? {}) as Args;
      if (identifier['id']) {
        const id = gidId(identifier['id'], 'Product');
        return id === null ? null : (ctx.shop.products.get(id) ?? null);
      }
      if (identifier['handle']) {
        const id = ctx.shop.handles.get(String(identifier['handle']));
        return id === undefined ? null : (ctx.shop.products.get(id) ?? null);
      }
      return null;
    },
    productOperation: (_s, args, ctx) => {
      const id = gidId(args['id'], 'ProductSetOperation');
      const op = id === null ? undefined : ctx.shop.productOperations.get(id);
      if (!op) return null;
      // The operation runs right after productSet answers: any later read sees it complete.
      if (op.status === 'CREATED') op.status = 'COMPLETE';
      return op;
    },
    productByHandle: (_s, args, ctx) => {
      const id = ctx.shop.handles.get(String(args['handle']));
      return id === undefined ? null : (ctx.shop.products.get(id) ?? null);
    },
    productsCount: (_s, args, ctx) => {
      const filter = compileSearch(args['query'] as string | null, productSearchFields(ctx.shop), (p) => p.title);
      if (!filter) return count(ctx.shop.products.size);
      let n = 0;
      for (const p of ctx.shop.products.values()) if (filter(p)) n++;
      return count(n);
    },
    productVariants: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(args['query'] as string | null, variantSearchFields(), (v) => v.title);
      return rootConnection(
        shop.variantIds,
        (id) => shop.variants.get(id),
        (v) => v.id,
        args,
        filter,
        ctx.bulkPage,
        {
          SKU: (v) => v.sku,
          TITLE: (v) => v.title.toLowerCase(),
          NAME: (v) => v.title.toLowerCase(),
          FULL_TITLE: (v) => `${shop.products.get(v.productId)?.title ?? ''} - ${v.title}`.toLowerCase(),
          POSITION: (v) => v.position,
          INVENTORY_POLICY: (v) => v.inventoryPolicy,
          INVENTORY_QUANTITY: (v) => {
            const item = shop.inventoryItems.get(v.inventoryItemId);
            return item ? shop.availableOf(item) : 0;
          },
        },
      );
    },
    productVariant: (_s, args, ctx) => {
      const id = gidId(args['id'], 'ProductVariant');
      return id === null ? null : (ctx.shop.variants.get(id) ?? null);
    },
    productVariantsCount: (_s, args, ctx) => {
      const filter = compileSearch(args['query'] as string | null, variantSearchFields(), (v) => v.title);
      if (!filter) return count(ctx.shop.variants.size);
      let n = 0;
      for (const v of ctx.shop.variants.values()) if (filter(v)) n++;
      return count(n);
    },
  },
  Product: {
    variants: (p: ProductRec, args, ctx) =>
      connectionFromArray(ctx.shop.variantsOf(p), (v) => v.id, args, Boolean(ctx.bulkPage)),
    variantsCount: (p: ProductRec) => count(p.variantIds.length),
    totalInventory: (p: ProductRec, _a, ctx) => totalInventory(ctx.shop, p),
    tracksInventory: (p: ProductRec, _a, ctx) =>
      ctx.shop.variantsOf(p).some((v) => ctx.shop.inventoryItems.get(v.inventoryItemId)?.tracked === true),
    hasOnlyDefaultVariant: (p: ProductRec, _a, ctx) => {
      const vs = ctx.shop.variantsOf(p);
      return vs.length === 1 && vs[0]?.title === 'Default Title';
    },
    hasOutOfStockVariants: (p: ProductRec, _a, ctx) =>
      ctx.shop.variantsOf(p).some((v) => {
        const item = ctx.shop.inventoryItems.get(v.inventoryItemId);
        return item !== undefined && item.tracked && ctx.shop.availableOf(item) <= 0;
      }),
    description: (p: ProductRec) => p.descriptionHtml.replace(/<[^>]*>/g, ''),
    bodyHtml: (p: ProductRec) => p.descriptionHtml,
    onlineStoreUrl: () => null,
    onlineStorePreviewUrl: (p: ProductRec, _a, ctx) =>
      `https://${ctx.shop.domain}/products_preview?preview_key=${(p.id * 7919n).toString(16)}&handle=${encodeURIComponent(p.handle)}`,
    requiresSellingPlan: (p: ProductRec) => p.requiresSellingPlan ?? false,
    giftCardTemplateSuffix: (p: ProductRec) => p.giftCardTemplateSuffix ?? null,
    featuredMedia: () => null,
    featuredImage: () => null,
    category: (p: ProductRec) => taxonomyCategory(p.categoryId ?? null),
    isGiftCard: () => false,
    seo: (p: ProductRec) => ({ title: p.seoTitle ?? null, description: p.seoDescription ?? null }),
    media: () => emptyConnection(),
    images: () => emptyConnection(),
    collections: () => emptyConnection(),
    mediaCount: () => count(0),
    metafields: (p: ProductRec, args, ctx) => metafieldConnection(p.metafields, args, ctx),
    metafield: (p: ProductRec, args) => metafieldByKey(p.metafields, args),
    metafieldDefinitions: () => emptyConnection(),
    events: () => emptyConnection(),
    // Deprecated: the category in the old taxonomy's shape (its numeric node ids are not modelled: the
    // node keeps the category's id).
    productCategory: (p: ProductRec) => {
      const c = taxonomyCategory(p.categoryId ?? null);
      return c
        ? {
            __typename: 'ProductCategory',
            productTaxonomyNode: {
              __typename: 'ProductTaxonomyNode',
              id: c.id,
              name: c.name,
              fullName: c.fullName,
              isLeaf: c.isLeaf,
              isRoot: c.isRoot,
            },
          }
        : null;
    },
    bundleConsolidatedOptions: () => null,
    // No calculated (edited) orders exist on the emulator, so no product is restricted by one.
    restrictedForResource: () => null,
    // Sales channels are not modelled: the product is on no publication (onlineStoreUrl is null too).
    availablePublicationsCount: () => count(0),
    publicationCount: () => 0,
    resourcePublicationsCount: () => count(0),
    publications: () => emptyConnection(),
    productPublications: () => emptyConnection(),
    resourcePublications: () => emptyConnection(),
    resourcePublicationsV2: () => emptyConnection(),
    unpublishedChannels: () => emptyConnection(),
    unpublishedPublications: () => emptyConnection(),
    publishedOnChannel: () => false,
    publishedOnCurrentChannel: () => false,
    publishedOnCurrentPublication: () => false,
    publishedOnPublication: () => false,
    resourcePublicationOnCurrentPublication: () => null,
    options: (p: ProductRec, args, ctx) => {
      const opts = productOptionsOf(ctx.shop, p);
      return typeof args['first'] === 'number' ? opts.slice(0, args['first'] as number) : opts;
    },
    // Bundles, combined listings, selling plans and translations cannot be created on the emulator,
    // so these are truthfully empty.
    bundleComponents: () => emptyConnection(),
    productComponents: () => emptyConnection(),
    productComponentsCount: () => count(0),
    productParents: () => emptyConnection(),
    combinedListing: () => null,
    combinedListingRole: () => null,
    hasVariantsThatRequiresComponents: (p: ProductRec, _a, ctx) =>
      ctx.shop.variantsOf(p).some((v) => v.requiresComponents === true),
    sellingPlanGroups: () => emptyConnection(),
    sellingPlanGroupsCount: () => count(0),
    sellingPlanGroupCount: () => 0,
    translations: () => [],
    feedback: () => null,
    customProductType: () => null,
    standardizedProductType: () => null,
    // Collections are not modelled: no collection contains the product.
    inCollection: () => false,
    defaultCursor: (p: ProductRec) => encodeCursor(p.id),
    storefrontId: (p: ProductRec) => toGid('Product', p.id),
    totalVariants: (p: ProductRec) => p.variantIds.length,
    descriptionPlainSummary: (p: ProductRec) =>
      p.descriptionHtml
        .replace(/<[^>]*>/g, '')
        .trim()
        .slice(0, 150),
    compareAtPriceRange: (p: ProductRec, _a, ctx) => {
      const prices = ctx.shop
        .variantsOf(p)
        .map((v) => v.compareAtPrice)
        .filter((x): x is string => x !== null)
        .map(Number);
      if (prices.length === 0) return null;
      const cur = ctx.shop.currencyCode;
      return {
        maxVariantCompareAtPrice: money(Math.max(...prices).toFixed(2), cur),
        minVariantCompareAtPrice: money(Math.min(...prices).toFixed(2), cur),
      };
    },
    priceRange: (p: ProductRec, _a, ctx) => priceRangeOf(ctx.shop, p),
    priceRangeV2: (p: ProductRec, _a, ctx) => priceRangeOf(ctx.shop, p),
    // No markets, catalogs or B2B price lists: every context sees the base prices, and the
    // product is published in none (sales channels are not modelled).
    contextualPricing: (p: ProductRec, _a, ctx) => {
      const vs = [...ctx.shop.variantsOf(p)].sort((a, b) => Number(a.price) - Number(b.price));
      const first = vs[0];
      const last = vs[vs.length - 1];
      return {
        __typename: 'ProductContextualPricing',
        fixedQuantityRulesCount: 0,
        minVariantPricing: first ? variantPricing(ctx.shop, first) : null,
        maxVariantPricing: last ? variantPricing(ctx.shop, last) : null,
        priceRange: priceRangeOf(ctx.shop, p),
      };
    },
    publishedInContext: () => false,
  },
  ProductVariant: {
    product: (v: VariantRec, _a, ctx) => ctx.shop.products.get(v.productId) ?? null,
    inventoryItem: (v: VariantRec, _a, ctx) => ctx.shop.inventoryItems.get(v.inventoryItemId) ?? null,
    inventoryQuantity: (v: VariantRec, _a, ctx) => {
      const item = ctx.shop.inventoryItems.get(v.inventoryItemId);
      return item ? ctx.shop.availableOf(item) : 0;
    },
    availableForSale: (v: VariantRec, _a, ctx) => {
      const item = ctx.shop.inventoryItems.get(v.inventoryItemId);
      return !item || !item.tracked || v.inventoryPolicy === 'CONTINUE' || ctx.shop.availableOf(item) > 0;
    },
    selectedOptions: (v: VariantRec, _a, ctx) => {
      const p = ctx.shop.products.get(v.productId);
      return v.optionValues.map((value, i) => ({
        name: p?.optionNames[i] ?? `Option${i + 1}`,
        value,
        optionValue: null,
      }));
    },
    displayName: (v: VariantRec, _a, ctx) => `${ctx.shop.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    image: () => null,
    metafields: (v: VariantRec, args, ctx) => metafieldConnection(v.metafields ?? [], args, ctx),
    metafield: (v: VariantRec, args) => metafieldByKey(v.metafields, args),
    metafieldDefinitions: () => emptyConnection(),
    events: () => emptyConnection(),
    // One presentment currency (the shop's): the pair is the variant's own prices.
    presentmentPrices: (v: VariantRec, args, ctx) => {
      const currency = ctx.shop.currencyCode;
      const wanted = args['presentmentCurrencies'] as string[] | null | undefined;
      const pair = {
        key: v.id,
        price: money(v.price, currency),
        compareAtPrice: v.compareAtPrice === null ? null : money(v.compareAtPrice, currency),
      };
      return connectionFromArray(
        wanted && !wanted.includes(currency) ? [] : [pair],
        (p) => p.key,
        args,
        Boolean(ctx.bulkPage),
      );
    },
    // Every variant ships under the shop's general profile (custom profiles are not modelled).
    deliveryProfile: (_v: VariantRec, _a, ctx) => generalProfile(ctx.shop),
    media: () => emptyConnection(),
    taxCode: (v: VariantRec) => v.taxCode ?? null,
    defaultCursor: (v: VariantRec) => encodeCursor(v.id),
    storefrontId: (v: VariantRec) => toGid('ProductVariant', v.id),
    translations: () => [],
    productParents: () => emptyConnection(),
    productVariantComponents: () => emptyConnection(),
    sellingPlanGroups: () => emptyConnection(),
    sellingPlanGroupsCount: () => count(0),
    sellingPlanGroupCount: () => 0,
    // Stock at active levels of locations that fulfil online orders.
    sellableOnlineQuantity: (v: VariantRec, _a, ctx) => {
      const item = ctx.shop.inventoryItems.get(v.inventoryItemId);
      let total = 0;
      for (const level of item?.levels.values() ?? []) {
        if (level.isActive !== false && ctx.shop.locations.get(level.locationId)?.fulfillsOnlineOrders)
          total += level.q.available;
      }
      return total;
    },
    unitPrice: (v: VariantRec, _a, ctx) => unitPriceOf(ctx.shop, v),
    contextualPricing: (v: VariantRec, _a, ctx) => variantPricing(ctx.shop, v),
    requiresComponents: (v: VariantRec) => v.requiresComponents ?? false,
    showUnitPrice: (v: VariantRec) => v.showUnitPrice ?? false,
    unitPriceMeasurement: (v: VariantRec) =>
      v.unitPriceMeasurement
        ? {
            __typename: 'UnitPriceMeasurement',
            ...v.unitPriceMeasurement,
            measuredType: measuredType(v.unitPriceMeasurement.quantityUnit),
          }
        : {
            __typename: 'UnitPriceMeasurement',
            quantityValue: 0,
            quantityUnit: null,
            referenceValue: 0,
            referenceUnit: null,
            measuredType: null,
          },
  },
  ProductSetOperation: {
    product: (op: { productId: bigint | null; status: string }, _a, ctx) =>
      op.productId === null || op.status === 'CREATED' ? null : (ctx.shop.products.get(op.productId) ?? null),
  },
  Mutation: {
    productSet: (_s, args, ctx) => {
      const input = (args['input'] ?? {}) as Args;
      const identifier = (args['identifier'] ?? null) as Args | null;
      if (identifier && input['id'])
        return productSetResult(null, [
          {
            field: ['input'],
            message: 'The id field is not allowed if identifier is provided.',
            code: 'ID_NOT_ALLOWED',
          },
        ]);
      let existing: ProductRec | null = null;
      const setInput = setInputFrom(input, ctx);
      if (identifier?.['id']) {
        const id = gidId(identifier['id'], 'Product');
        existing = (id !== null && ctx.shop.products.get(id)) || null;
        if (!existing)
          return productSetResult(null, [
            {
              field: ['identifier', 'id'],
              message: 'Resource matching the identifier was not found.',
              code: 'NOT_FOUND',
            },
          ]);
      } else if (identifier?.['handle']) {
        const handle = String(identifier['handle']);
        if (setInput.handle && setInput.handle !== handle) {
          return productSetResult(null, [
            {
              field: ['input', 'handle'],
              message: 'The identifier value does not match the value of the corresponding field in the input.',
              code: 'INPUT_MISMATCH',
            },
          ]);
        }
        const id = ctx.shop.handles.get(handle);
        existing = (id !== undefined && ctx.shop.products.get(id)) || null;
        // Upsert by handle: a new product takes the identifier's handle.
        if (!existing) setInput.handle = handle;
      } else if (identifier?.['customId']) {
        return productSetResult(null, [
          {
            field: ['identifier', 'customId'],
            message: 'Resource matching the identifier was not found.',
            code: 'NOT_FOUND',
          },
        ]);
      } else if (input['id']) {
        const id = gidId(input['id'], 'Product');
        existing = (id !== null && ctx.shop.products.get(id)) || null;
        if (!existing)
          return productSetResult(null, [
            { field: ['input', 'id'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' },
          ]);
      }
      const errors = validateProductSet(ctx.shop, setInput, existing);
      if (errors.length > 0) return productSetResult(null, errors);
      const product = applyProductSet(ctx.shop, ctx.sink, setInput, existing);
      if (args['synchronous'] === false) {
        const op = {
          __typename: 'ProductSetOperation' as const,
          id: ctx.shop.newId(),
          productId: product.id,
          status: 'CREATED' as const,
          userErrors: [],
        };
        ctx.shop.productOperations.set(op.id, op);
        return productSetResult(null, [], op);
      }
      return productSetResult(product, []);
    },
    productCreate: (_s, args, ctx) => {
      const input = (args['product'] ?? args['input'] ?? {}) as Args;
      const title = typeof input['title'] === 'string' ? input['title'].trim() : '';
      if (!title) return { product: null, shop: {}, userErrors: [userError(['title'], "Title can't be blank")] };
      const options = Array.isArray(input['productOptions'])
        ? (input['productOptions'] as Args[]).map((o) => ({
            name: String(o['name'] ?? '').trim(),
            values: ((o['values'] ?? []) as Args[]).map((v) => String(v['name'] ?? '')),
          }))
        : undefined;
      if (options) {
        const errors: UserError[] = [];
        validateOptions(options, ['productOptions'], (field, message, code) =>
          errors.push(userError(field, message, code)),
        );
        if (errors.length > 0) return { product: null, shop: {}, userErrors: errors };
      }
      const product = createProduct(ctx.shop, ctx.sink, {
        optionNames: options?.map((o) => o.name),
        // The first variant takes the first value of every option, as on Shopify.
        variants: options ? [{ optionValues: options.map((o) => o.values[0] ?? '') }] : undefined,
        productOptions: options,
        ...productFields(input),
        title,
      });
      return { product, shop: {}, userErrors: [] };
    },
    productUpdate: (_s, args, ctx) => {
      const input = (args['product'] ?? args['input'] ?? {}) as Args;
      const id = gidId(input['id'], 'Product');
      const product = id === null ? undefined : ctx.shop.products.get(id);
      if (!product) return { product: null, userErrors: [userError(['id'], 'Product does not exist')] };
      if (input['title'] !== undefined && !String(input['title']).trim()) {
        return { product: null, userErrors: [userError(['title'], "Title can't be blank")] };
      }
      updateProduct(ctx.shop, ctx.sink, product, {
        ...productFields(input),
        title: input['title'] as string | undefined,
      });
      return { product, userErrors: [] };
    },
    productDelete: (_s, args, ctx) => {
      const id = gidId((args['input'] as Args)['id'], 'Product');
      const product = id === null ? undefined : ctx.shop.products.get(id);
      if (!product)
        return {
          deletedProductId: null,
          productDeleteOperation: null,
          shop: {},
          userErrors: [userError(['id'], 'Product does not exist')],
        };
      deleteProduct(ctx.shop, ctx.sink, product);
      return { deletedProductId: toGid('Product', product.id), productDeleteOperation: null, shop: {}, userErrors: [] };
    },
    productVariantsBulkUpdate: (_s, args, ctx) => {
      const product = productArg(args, ctx);
      if (!product) return noProductForVariants();
      const errors: UserError[] = [];
      const patches: VariantPatch[] = [];
      (args['variants'] as Args[]).forEach((input, i) => {
        const vid = gidId(input['id'], 'ProductVariant');
        if (vid === null) {
          errors.push(
            userError(
              ['variants', String(i), 'id'],
              'Product variant is missing ID attribute',
              'PRODUCT_VARIANT_ID_MISSING',
            ),
          );
          return;
        }
        const v = ctx.shop.variants.get(vid);
        if (!v) {
          errors.push(
            userError(
              ['variants', String(i), 'id'],
              'Product variant does not exist',
              'PRODUCT_VARIANT_DOES_NOT_EXIST',
            ),
          );
          return;
        }
        if (v.productId !== product.id) {
          errors.push(
            userError(
              ['variants', String(i), 'id'],
              'Product variant does not belong to this product',
              'MUST_BE_FOR_THIS_PRODUCT',
            ),
          );
          return;
        }
        if (input['inventoryQuantities'] !== undefined) {
          errors.push(
            userError(
              ['variants', String(i), 'inventoryQuantities'],
              'Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.',
              'NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE',
            ),
          );
          return;
        }
        if (input['price'] !== undefined && input['price'] !== null && Number(input['price']) < 0) {
          errors.push(
            userError(
              ['variants', String(i), 'price'],
              'Price must be greater than or equal to 0',
              'GREATER_THAN_OR_EQUAL_TO',
            ),
          );
          return;
        }
        const vi = variantInputFrom(input, ctx, product, v);
        patches.push({
          id: vid,
          price: input['price'] === undefined ? undefined : vi.price,
          compareAtPrice: input['compareAtPrice'] === undefined ? undefined : (vi.compareAtPrice ?? null),
          barcode: input['barcode'] === undefined ? undefined : (vi.barcode ?? null),
          sku: (input['inventoryItem'] as Args | undefined)?.['sku'] === undefined ? undefined : (vi.sku ?? null),
          tracked: vi.tracked,
          requiresShipping: vi.requiresShipping,
          unitCost:
            (input['inventoryItem'] as Args | undefined)?.['cost'] === undefined ? undefined : (vi.unitCost ?? null),
          inventoryPolicy: vi.inventoryPolicy,
          taxable: vi.taxable,
          optionValues: vi.optionValues,
          extra: vi.extra,
        });
      });
      if (errors.length > 0) return { product, productVariants: null, userErrors: errors };
      const variants = updateVariants(ctx.shop, ctx.sink, product, patches);
      return { product, productVariants: variants, userErrors: [] };
    },
    productVariantsBulkCreate: (_s, args, ctx) => {
      const product = productArg(args, ctx);
      if (!product) return noProductForVariants();
      const inputs = (args['variants'] as Args[]).map((v) => variantInputFrom(v, ctx, product));
      const strategy = (args['strategy'] as string | undefined) ?? 'DEFAULT';
      const variants = createVariants(ctx.shop, ctx.sink, product, inputs, strategy !== 'PRESERVE_STANDALONE_VARIANT');
      return { product, productVariants: variants, userErrors: [] };
    },
  },
};
