import type { ShopState } from '../../store/shop-state';
import type { MetafieldRec, ProductRec, VariantRec } from '../../store/store.types';
import type { VariantInput, VariantPatch } from '../../store/catalog.domain';
import { createProduct, createVariants, deleteProduct, updateProduct, updateVariants } from '../../store/catalog.domain';
import { connectionFromArray, connectionFromIndex } from '../connection';
import { compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap, UserError } from '../resolver-types';
import { count, gidId, money, userError } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { toGid } from '../../util/gid';

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

const emptyConnection = () => ({
  edges: [],
  nodes: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
});

function metafieldConnection(list: MetafieldRec[], args: Args, ctx: GraphQLContext) {
  const filtered = list.filter(
    (m) => (!args['namespace'] || m.namespace === args['namespace']) && (!args['keys'] || (args['keys'] as string[]).includes(`${m.namespace}.${m.key}`)),
  );
  return connectionFromArray(filtered, (m) => m.id, args, Boolean(ctx.bulkPage));
}

function totalInventory(shop: ShopState, p: ProductRec): number {
  let total = 0;
  for (const v of shop.variantsOf(p)) {
    const item = shop.inventoryItems.get(v.inventoryItemId);
    if (item) total += shop.availableOf(item);
  }
  return total;
}

function variantInputFrom(input: Args, ctx: GraphQLContext): VariantInput {
  const item = (input['inventoryItem'] ?? {}) as Args;
  const optionValues = (input['optionValues'] as Args[] | undefined)?.map((o) => String(o['name'] ?? ''));
  const quantities = ((input['inventoryQuantities'] ?? []) as Args[])
    .map((q) => ({ locationId: gidId(q['locationId'], 'Location'), available: Number(q['availableQuantity'] ?? 0) }))
    .filter((q): q is { locationId: bigint; available: number } => q.locationId !== null && ctx.shop.locations.has(q.locationId));
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
  };
}

export const productResolvers: ResolverMap = {
  QueryRoot: {
    products: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(args['query'] as string | null, productSearchFields(shop), (p) => p.title);
      return connectionFromIndex(shop.productIds, (id) => shop.products.get(id), (p) => p.id, args, filter, ctx.bulkPage);
    },
    product: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Product');
      return id === null ? null : (ctx.shop.products.get(id) ?? null);
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
      return connectionFromIndex(shop.variantIds, (id) => shop.variants.get(id), (v) => v.id, args, filter, ctx.bulkPage);
    },
    productVariant: (_s, args, ctx) => {
      const id = gidId(args['id'], 'ProductVariant');
      return id === null ? null : (ctx.shop.variants.get(id) ?? null);
    },
    productVariantsCount: (_s, _args, ctx) => count(ctx.shop.variants.size),
  },
  Product: {
    variants: (p: ProductRec, args, ctx) => connectionFromArray(ctx.shop.variantsOf(p), (v) => v.id, args, Boolean(ctx.bulkPage)),
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
    featuredMedia: () => null,
    featuredImage: () => null,
    category: () => null,
    isGiftCard: () => false,
    seo: () => ({ title: null, description: null }),
    media: () => emptyConnection(),
    images: () => emptyConnection(),
    collections: () => emptyConnection(),
    mediaCount: () => count(0),
    metafields: (p: ProductRec, args, ctx) => metafieldConnection(p.metafields, args, ctx),
    metafield: (p: ProductRec, args) => p.metafields.find((m) => m.namespace === args['namespace'] && m.key === args['key']) ?? null,
    options: (p: ProductRec, args, ctx) => {
      const vs = ctx.shop.variantsOf(p);
      const opts = p.optionNames.map((name, i) => {
        const values = [...new Set(vs.map((v) => v.optionValues[i] ?? ''))];
        return {
          __typename: 'ProductOption',
          id: toGid('ProductOption', p.id * 10n + BigInt(i + 1)),
          name,
          position: i + 1,
          values,
          optionValues: values.map((value, j) => ({
            __typename: 'ProductOptionValue',
            id: toGid('ProductOptionValue', p.id * 1000n + BigInt(i * 100 + j + 1)),
            name: value,
            hasVariants: true,
          })),
          linkedMetafield: null,
        };
      });
      return typeof args['first'] === 'number' ? opts.slice(0, args['first'] as number) : opts;
    },
    priceRangeV2: (p: ProductRec, _a, ctx) => {
      const prices = ctx.shop.variantsOf(p).map((v) => Number(v.price));
      const cur = ctx.shop.currencyCode;
      const min = prices.length ? Math.min(...prices) : 0;
      const max = prices.length ? Math.max(...prices) : 0;
      return { minVariantPrice: money(min.toFixed(2), cur), maxVariantPrice: money(max.toFixed(2), cur) };
    },
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
      return v.optionValues.map((value, i) => ({ name: p?.optionNames[i] ?? `Option${i + 1}`, value, optionValue: null }));
    },
    displayName: (v: VariantRec, _a, ctx) => `${ctx.shop.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    image: () => null,
    metafields: () => emptyConnection(),
    media: () => emptyConnection(),
    metafield: () => null,
  },
  Mutation: {
    productCreate: (_s, args, ctx) => {
      const input = (args['product'] ?? args['input'] ?? {}) as Args;
      const title = typeof input['title'] === 'string' ? input['title'].trim() : '';
      if (!title) return { product: null, shop: {}, userErrors: [userError(['title'], "Title can't be blank")] };
      const product = createProduct(ctx.shop, ctx.sink, {
        title,
        handle: input['handle'] as string | undefined,
        descriptionHtml: input['descriptionHtml'] as string | undefined,
        vendor: input['vendor'] as string | undefined,
        productType: input['productType'] as string | undefined,
        status: input['status'] as ProductRec['status'] | undefined,
        tags: input['tags'] as string[] | undefined,
        metafields: (input['metafields'] as Args[] | undefined)?.map((m) => ({
          namespace: String(m['namespace'] ?? 'custom'),
          key: String(m['key']),
          value: String(m['value']),
          type: m['type'] as string | undefined,
        })),
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
        title: input['title'] as string | undefined,
        handle: input['handle'] as string | undefined,
        descriptionHtml: input['descriptionHtml'] as string | undefined,
        vendor: input['vendor'] as string | undefined,
        productType: input['productType'] as string | undefined,
        status: input['status'] as ProductRec['status'] | undefined,
        tags: input['tags'] as string[] | undefined,
        metafields: (input['metafields'] as Args[] | undefined)?.map((m) => ({
          namespace: String(m['namespace'] ?? 'custom'),
          key: String(m['key']),
          value: String(m['value']),
          type: m['type'] as string | undefined,
        })),
      });
      return { product, userErrors: [] };
    },
    productDelete: (_s, args, ctx) => {
      const id = gidId((args['input'] as Args)['id'], 'Product');
      const product = id === null ? undefined : ctx.shop.products.get(id);
      if (!product) return { deletedProductId: null, productDeleteOperation: null, shop: {}, userErrors: [userError(['id'], 'Product does not exist')] };
      deleteProduct(ctx.shop, ctx.sink, product);
      return { deletedProductId: toGid('Product', product.id), productDeleteOperation: null, shop: {}, userErrors: [] };
    },
    productVariantsBulkUpdate: (_s, args, ctx) => {
      const id = gidId(args['productId'], 'Product');
      const product = id === null ? undefined : ctx.shop.products.get(id);
      if (!product) {
        return { product: null, productVariants: null, userErrors: [userError(['productId'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST')] };
      }
      const errors: UserError[] = [];
      const patches: VariantPatch[] = [];
      (args['variants'] as Args[]).forEach((input, i) => {
        const vid = gidId(input['id'], 'ProductVariant');
        if (vid === null) {
          errors.push(userError(['variants', String(i), 'id'], 'Product variant is missing ID attribute', 'PRODUCT_VARIANT_ID_MISSING'));
          return;
        }
        const v = ctx.shop.variants.get(vid);
        if (!v) {
          errors.push(userError(['variants', String(i), 'id'], 'Product variant does not exist', 'PRODUCT_VARIANT_DOES_NOT_EXIST'));
          return;
        }
        if (v.productId !== product.id) {
          errors.push(userError(['variants', String(i), 'id'], 'Product variant does not belong to this product', 'MUST_BE_FOR_THIS_PRODUCT'));
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
          errors.push(userError(['variants', String(i), 'price'], 'Price must be greater than or equal to 0', 'GREATER_THAN_OR_EQUAL_TO'));
          return;
        }
        const vi = variantInputFrom(input, ctx);
        patches.push({
          id: vid,
          price: input['price'] === undefined ? undefined : vi.price,
          compareAtPrice: input['compareAtPrice'] === undefined ? undefined : (vi.compareAtPrice ?? null),
          barcode: input['barcode'] === undefined ? undefined : (vi.barcode ?? null),
          sku: (input['inventoryItem'] as Args | undefined)?.['sku'] === undefined ? undefined : (vi.sku ?? null),
          tracked: vi.tracked,
          requiresShipping: vi.requiresShipping,
          unitCost: (input['inventoryItem'] as Args | undefined)?.['cost'] === undefined ? undefined : (vi.unitCost ?? null),
          inventoryPolicy: vi.inventoryPolicy,
          taxable: vi.taxable,
          optionValues: vi.optionValues,
        });
      });
      if (errors.length > 0) return { product, productVariants: null, userErrors: errors };
      const variants = updateVariants(ctx.shop, ctx.sink, product, patches);
      return { product, productVariants: variants, userErrors: [] };
    },
    productVariantsBulkCreate: (_s, args, ctx) => {
      const id = gidId(args['productId'], 'Product');
      const product = id === null ? undefined : ctx.shop.products.get(id);
      if (!product) {
        return { product: null, productVariants: null, userErrors: [userError(['productId'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST')] };
      }
      const inputs = (args['variants'] as Args[]).map((v) => variantInputFrom(v, ctx));
      const strategy = (args['strategy'] as string | undefined) ?? 'DEFAULT';
      const variants = createVariants(ctx.shop, ctx.sink, product, inputs, strategy !== 'PRESERVE_STANDALONE_VARIANT');
      return { product, productVariants: variants, userErrors: [] };
    },
  },
};
