import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { likePattern, type KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm } from '@retailos/server/database';
import { Product, type ProductStatus } from '../entities/product.entity';
import { Variant } from '../entities/variant.entity';

export interface ProductListFilter {
  q?: string;
  status?: ProductStatus;
  sku?: string;
  updatedSince?: string;
}

export interface ProductFields {
  title?: string;
  handle?: string;
  description?: string | null;
  vendor?: string | null;
  productType?: string | null;
  status?: ProductStatus;
  tags?: string[];
}

export interface VariantFields {
  sku?: string;
  barcode?: string | null;
  title?: string;
  price?: number;
  compareAtPrice?: number | null;
  currency?: string;
  options?: Record<string, string>;
  allowBackorder?: boolean;
}

const KEYS = createdKeyset<Product>();

/** Every read and write of `products` and `variants`, through a workspace-bound EntityManager. */
@Injectable()
export class ProductsRepository {
  constructor(private readonly em: EntityManager) {}

  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  async list(
    workspaceId: string,
    filter: ProductListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<Product[]> {
    const em = this.scope(workspaceId);
    const qb = em.createQueryBuilder(Product, 'p').select('*').where({ workspaceId });
    if (filter.status) qb.andWhere({ status: filter.status });
    if (filter.updatedSince) qb.andWhere({ updatedAt: { $gte: new Date(filter.updatedSince) } });
    const withVariant = (sku: string | object) =>
      em.createQueryBuilder(Variant, 'v').select('v.product_id').where({ workspaceId, sku }).getKnexQuery();
    if (filter.sku) qb.andWhere({ id: { $in: withVariant(filter.sku) } });
    if (filter.q) {
      const like = { $ilike: likePattern(filter.q) };
      qb.andWhere({ $or: [{ title: like }, { handle: like }, { vendor: like }, { id: { $in: withVariant(like) } }] });
    }
    await applyKeyset(qb, KEYS, after, take);
    return qb.getResultList();
  }

  findProduct(em: EntityManager, workspaceId: string, id: string): Promise<Product | null> {
    return em.findOne(Product, { id, workspaceId });
  }

  findProducts(em: EntityManager, workspaceId: string, ids: string[]): Promise<Product[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return em.find(Product, { workspaceId, id: { $in: [...new Set(ids)] } });
  }

  /** The products' variants, by product then position. */
  variantsOf(em: EntityManager, workspaceId: string, productIds: string[]): Promise<Variant[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return em.find(
      Variant,
      { workspaceId, productId: { $in: productIds } },
      { orderBy: [{ productId: 'asc' }, { position: 'asc' }, { id: 'asc' }] },
    );
  }

  /** Which of these handles products of the workspace hold already (one read; kept out of the identity map). */
  async takenHandles(em: EntityManager, workspaceId: string, handles: string[]): Promise<Set<string>> {
    if (handles.length === 0) return new Set();
    const rows = await em.find(
      Product,
      { workspaceId, handle: { $in: [...new Set(handles)] } },
      { fields: ['id', 'handle'], disableIdentityMap: true },
    );
    return new Set(rows.map((p) => p.handle));
  }

  findVariantBySku(em: EntityManager, workspaceId: string, sku: string): Promise<Variant | null> {
    return em.findOne(Variant, { workspaceId, sku });
  }

  /** Id, product and SKU only, kept out of the identity map (a partial variant there would stand in for a full one). */
  async findVariantsBySkus(
    em: EntityManager,
    workspaceId: string,
    skus: string[],
  ): Promise<{ id: string; productId: string; sku: string }[]> {
    if (skus.length === 0) return [];
    const rows = await em.find(
      Variant,
      { workspaceId, sku: { $in: [...new Set(skus)] } },
      { fields: ['id', 'productId', 'sku'], disableIdentityMap: true },
    );
    return rows.map((v) => ({ id: v.id, productId: v.productId, sku: v.sku }));
  }

  findVariant(em: EntityManager, workspaceId: string, productId: string, id: string): Promise<Variant | null> {
    return em.findOne(Variant, { id, productId, workspaceId });
  }

  createProduct(
    em: EntityManager,
    workspaceId: string,
    fields: ProductFields & { title: string; handle: string },
  ): Product {
    const product = new Product(workspaceId);
    assignDefined(product, fields);
    em.persist(product);
    return product;
  }

  addVariant(
    em: EntityManager,
    workspaceId: string,
    productId: string,
    fields: VariantFields & { sku: string; price: number; currency: string },
    position: number,
  ): Variant {
    const variant = new Variant(workspaceId);
    variant.productId = productId;
    variant.position = position;
    assignDefined(variant, fields);
    em.persist(variant);
    return variant;
  }

  /** Applies the fields a PATCH carries (undefined = leave alone) and touches updated_at. */
  update<E extends Product | Variant>(entity: E, fields: ProductFields | VariantFields): void {
    assignDefined(entity, fields);
    entity.updatedAt = new Date();
  }

  /** Deletes the listed variants of the product; returns the ids that were variants of it (and are now gone). */
  async removeVariants(em: EntityManager, workspaceId: string, productId: string, ids: string[]): Promise<Set<string>> {
    const found = await em.find(Variant, { workspaceId, productId, id: { $in: ids } }, { fields: ['id'] });
    const gone = new Set(found.map((v) => v.id));
    if (gone.size > 0) await em.nativeDelete(Variant, { workspaceId, productId, id: { $in: [...gone] } });
    return gone;
  }

  /** Deletes the product (its variants go by the foreign key's cascade); false when there was none. */
  async deleteProduct(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    return (await em.nativeDelete(Product, { id, workspaceId })) > 0;
  }

  /** Export stream: variants in id order with their products. */
  async exportBatch(
    workspaceId: string,
    after: string | null,
    limit: number,
  ): Promise<{ variant: Variant; product: Product }[]> {
    const em = this.scope(workspaceId);
    const variants = await em.find(
      Variant,
      { workspaceId, id: { $gt: after ?? '' } },
      { orderBy: { id: 'asc' }, limit },
    );
    const products = await em.find(Product, {
      workspaceId,
      id: { $in: [...new Set(variants.map((v) => v.productId))] },
    });
    const byId = new Map(products.map((p) => [p.id, p]));
    return variants.flatMap((variant) => {
      const product = byId.get(variant.productId);
      return product ? [{ variant, product }] : [];
    });
  }
}

function assignDefined(target: object, fields: object): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
