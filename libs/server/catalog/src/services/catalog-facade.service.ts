import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type {
  CatalogFacade,
  ExportBatch,
  ProductForSync,
  ProductSyncWrite,
  ResolvedVariant,
  SyncedProductFields,
  SyncedVariantFields,
  TransactionHandle,
  VariantRef,
  VariantResolution,
} from '@retailos/shared/contracts';
import { ProductsRepository } from '../repositories/products.repository';
import { ProductsService } from './products.service';
import { lookupVariants } from './variant-lookup.sql';

const EXPORT_COLUMNS = [
  'productId',
  'handle',
  'title',
  'status',
  'vendor',
  'productType',
  'tags',
  'variantId',
  'sku',
  'barcode',
  'variantTitle',
  'price',
  'compareAtPrice',
  'currency',
  'allowBackorder',
  'createdAt',
  'updatedAt',
] as const;

/** What other contexts may ask the catalog: variant lookups by SKU or id, and the export stream. */
@Injectable()
export class CatalogFacadeService implements CatalogFacade {
  readonly columns = EXPORT_COLUMNS;

  constructor(
    private readonly em: EntityManager,
    private readonly products: ProductsRepository,
    private readonly productsService: ProductsService,
  ) {}

  readProductForSync(tx: TransactionHandle, workspaceId: string, productId: string): Promise<ProductForSync | null> {
    return this.productsService.readForSync(tx as EntityManager, workspaceId, productId);
  }

  readProductsForSync(
    tx: TransactionHandle,
    workspaceId: string,
    productIds: string[],
  ): Promise<Map<string, ProductForSync>> {
    return this.productsService.readManyForSync(tx as EntityManager, workspaceId, productIds);
  }

  async findVariantBySku(
    tx: TransactionHandle,
    workspaceId: string,
    sku: string,
  ): Promise<{ id: string; productId: string } | null> {
    const v = await this.products.findVariantBySku(tx as EntityManager, workspaceId, sku);
    return v ? { id: v.id, productId: v.productId } : null;
  }

  async findVariantsBySkus(
    tx: TransactionHandle,
    workspaceId: string,
    skus: string[],
  ): Promise<Map<string, { id: string; productId: string }>> {
    const rows = await this.products.findVariantsBySkus(tx as EntityManager, workspaceId, skus);
    return new Map(rows.map((v) => [v.sku, { id: v.id, productId: v.productId }]));
  }

  async writeProductFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    productId: string | null,
    product: Partial<SyncedProductFields>,
    variants: { id: string | null; fields: Partial<SyncedVariantFields> }[],
  ): Promise<{ id: string; variantIds: string[] }> {
    const [written] = await this.productsService.writeManyFromSync(tx as EntityManager, workspaceId, [
      { productId, product, variants },
    ]);
    return written as { id: string; variantIds: string[] };
  }

  writeProductsFromSync(
    tx: TransactionHandle,
    workspaceId: string,
    items: ProductSyncWrite[],
  ): Promise<{ id: string; variantIds: string[] }[]> {
    return this.productsService.writeManyFromSync(tx as EntityManager, workspaceId, items);
  }

  async resolveVariants(
    tx: TransactionHandle | null,
    workspaceId: string,
    refs: VariantRef[],
  ): Promise<VariantResolution> {
    const ids = [...new Set(refs.map((r) => r.variantId).filter((x): x is string => !!x))];
    const skus = [...new Set(refs.map((r) => r.sku).filter((x): x is string => !!x))];
    if (ids.length === 0 && skus.length === 0) return { variants: refs.map(() => null) };
    const rows = await lookupVariants(this.em, tx as EntityManager | null, workspaceId, ids, skus);
    const byId = new Map<string, ResolvedVariant>();
    const bySku = new Map<string, ResolvedVariant>();
    for (const r of rows) {
      const v: ResolvedVariant = {
        id: r.id,
        productId: r.product_id,
        sku: r.sku,
        title: r.title === 'Default' ? r.product_title : `${r.product_title} - ${r.title}`,
        price: Number(r.price),
        currency: r.currency,
        allowBackorder: r.allow_backorder,
      };
      byId.set(v.id, v);
      bySku.set(v.sku, v);
    }
    return {
      variants: refs.map((ref) => {
        const v = ref.variantId ? byId.get(ref.variantId) : ref.sku ? bySku.get(ref.sku) : undefined;
        // A ref naming both must name the same variant.
        if (v && ref.variantId && ref.sku && v.sku !== ref.sku) return null;
        return v ?? null;
      }),
    };
  }

  async exportBatch(workspaceId: string, after: string | null, limit: number): Promise<ExportBatch> {
    const pairs = await this.products.exportBatch(workspaceId, after, limit);
    const rows = pairs.map(({ variant: v, product: p }) => ({
      productId: p.id,
      handle: p.handle,
      title: p.title,
      status: p.status,
      vendor: p.vendor,
      productType: p.productType,
      tags: p.tags.join(','),
      variantId: v.id,
      sku: v.sku,
      barcode: v.barcode,
      variantTitle: v.title,
      price: String(v.price),
      compareAtPrice: v.compareAtPrice === null ? null : String(v.compareAtPrice),
      currency: v.currency,
      allowBackorder: v.allowBackorder,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    }));
    const last = pairs[pairs.length - 1];
    return { rows, next: pairs.length === limit && last ? last.variant.id : null };
  }
}
