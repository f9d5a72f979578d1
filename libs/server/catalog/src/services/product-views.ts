import type {
  LevelView,
  ProductView,
  SyncedProductFields,
  SyncedVariantFields,
  VariantView,
} from '@retailos/shared/contracts';
import type { Product } from '../entities/product.entity';
import type { Variant } from '../entities/variant.entity';

export type { ProductView, VariantView };

/** A product's own fields, the ones the Shopify sync keeps in step (shared by the API view and the sync read). */
export function productFields(p: Product): SyncedProductFields & { id: string } {
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    description: p.description,
    vendor: p.vendor,
    productType: p.productType,
    status: p.status,
    tags: p.tags,
  };
}

/** A variant's own fields, the ones the Shopify sync keeps in step. */
export function variantFields(v: Variant): SyncedVariantFields & { id: string } {
  return {
    id: v.id,
    sku: v.sku,
    barcode: v.barcode,
    title: v.title,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    allowBackorder: v.allowBackorder,
  };
}

export function toProductView(p: Product, variants: Variant[], levels: LevelView[]): ProductView {
  return {
    ...productFields(p),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    variants: variants
      .filter((v) => v.productId === p.id)
      .map((v) => {
        const inventory = levels
          .filter((l) => l.variantId === v.id)
          .map((l) => ({ locationId: l.locationId, available: l.available, onHand: l.onHand, committed: l.committed }));
        return {
          ...variantFields(v),
          currency: v.currency,
          options: v.options,
          inventory,
          totalAvailable: inventory.reduce((s, l) => s + l.available, 0),
        };
      }),
  };
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200);
  return slug || 'product';
}
