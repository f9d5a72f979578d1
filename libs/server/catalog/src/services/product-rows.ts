import type { LevelView } from '@retailos/shared/contracts';

export interface ProductRow {
  id: string;
  title: string;
  handle: string;
  description: string | null;
  vendor: string | null;
  product_type: string | null;
  status: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  ck?: string;
}

export interface VariantRow {
  id: string;
  product_id: string;
  sku: string;
  barcode: string | null;
  title: string;
  price: string | number;
  compare_at_price: string | number | null;
  currency: string;
  options: Record<string, string>;
  allow_backorder: boolean;
  position: number;
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
  inventory: { locationId: string; available: number; onHand: number; committed: number }[];
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

export const PRODUCT_COLUMNS =
  'p.id, p.title, p.handle, p.description, p.vendor, p.product_type, p.status, p.tags, p.created_at, p.updated_at';
export const VARIANT_COLUMNS =
  'v.id, v.product_id, v.sku, v.barcode, v.title, v.price, v.compare_at_price, v.currency, v.options, v.allow_backorder, v.position';

export function toProductView(p: ProductRow, variants: VariantRow[], levels: LevelView[]): ProductView {
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    description: p.description,
    vendor: p.vendor,
    productType: p.product_type,
    status: p.status,
    tags: p.tags,
    createdAt: new Date(p.created_at).toISOString(),
    updatedAt: new Date(p.updated_at).toISOString(),
    variants: variants
      .filter((v) => v.product_id === p.id)
      .map((v) => {
        const inventory = levels
          .filter((l) => l.variantId === v.id)
          .map((l) => ({ locationId: l.locationId, available: l.available, onHand: l.onHand, committed: l.committed }));
        return {
          id: v.id,
          sku: v.sku,
          barcode: v.barcode,
          title: v.title,
          price: Number(v.price),
          compareAtPrice: v.compare_at_price === null ? null : Number(v.compare_at_price),
          currency: v.currency,
          options: v.options,
          allowBackorder: v.allow_backorder,
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
