import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  isUniqueViolation,
  keysetPage,
  NotFoundError,
  ValidationFailedError,
  WorkspaceCurrency,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import {
  INVENTORY_FACADE,
  type InventoryFacade,
  type Page,
  type ProductForSync,
  type ProductSyncWrite,
  type ProductView,
  type SyncedProductFields,
} from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type { CreateProductDto, CreateVariantDto, ListProductsQueryDto, UpdateProductDto } from '../dto/product.dto';
import type { Product } from '../entities/product.entity';
import { ProductsRepository } from '../repositories/products.repository';
import { productFields, slugify, toProductView, variantFields } from './product-views';

@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly currency: WorkspaceCurrency,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
  ) {}

  async list(workspaceId: string, query: ListProductsQueryDto): Promise<Page<ProductView>> {
    const filters = { q: query.q, status: query.status, sku: query.sku, updatedSince: query.updatedSince };
    return keysetPage({
      list: 'products',
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters,
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.products.list(workspaceId, filters, after, take),
      keyOf: (p) => [p.createdKey ?? '', p.id],
      map: (rows) => this.views(this.products.scope(workspaceId), workspaceId, rows),
    });
  }

  async get(workspaceId: string, productId: string): Promise<ProductView> {
    const view = await this.load(this.products.scope(workspaceId), workspaceId, productId);
    if (!view) throw new NotFoundError('Product', productId);
    return view;
  }

  async create(workspaceId: string, dto: CreateProductDto): Promise<ProductView> {
    assertDistinctSkus(dto.variants.map((v) => v.sku));
    const defaultCurrency = await this.currency.of(workspaceId);
    const explicitHandle = dto.handle !== undefined;
    let handle = dto.handle ?? slugify(dto.title);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.products.scope(workspaceId).transactional(async (tem) => {
          const { variants, ...fields } = dto;
          const product = this.products.createProduct(tem, workspaceId, { ...fields, handle });
          this.addVariants(tem, workspaceId, product.id, variants, defaultCurrency, 0);
          await tem.flush();
          const view = (await this.load(tem, workspaceId, product.id)) as ProductView;
          await this.outbox.append(tem, workspaceId, 'product.created', { product: view });
          return view;
        });
      } catch (err) {
        // A derived handle that collides gets a short suffix; an explicit one is the caller's to change.
        if (isUniqueViolation(err, 'products_ws_handle_uq') && !explicitHandle && attempt < 3) {
          handle = `${slugify(dto.title).slice(0, 190)}-${newId('').slice(-6)}`;
          continue;
        }
        throw mapUniqueErrors(err, handle);
      }
    }
  }

  async update(workspaceId: string, productId: string, dto: UpdateProductDto): Promise<ProductView> {
    const defaultCurrency = await this.currency.of(workspaceId);
    try {
      return await this.products.scope(workspaceId).transactional(async (tem) => {
        const product = await this.products.findProduct(tem, workspaceId, productId);
        if (!product) throw new NotFoundError('Product', productId);
        const { variants: variantChanges, removeVariantIds, ...fields } = dto;
        this.products.update(product, fields);
        if (removeVariantIds && removeVariantIds.length > 0) {
          const gone = await this.products.removeVariants(tem, workspaceId, productId, removeVariantIds);
          // Like every other id field: an id that is not a variant of this product is a 400, not a silent no-op.
          const unknown = removeVariantIds.flatMap((id, i) => (gone.has(id) ? [] : [i]));
          if (unknown.length > 0) {
            throw new ValidationFailedError(
              unknown.map((i) => ({ field: `removeVariantIds.${i}`, message: 'is not a variant of this product' })),
            );
          }
        }
        const additions: CreateVariantDto[] = [];
        for (const [i, v] of (variantChanges ?? []).entries()) {
          if (!v.id) {
            if (v.sku === undefined || v.price === undefined) {
              throw new ValidationFailedError([
                { field: `variants.${i}`, message: 'a new variant needs sku and price' },
              ]);
            }
            additions.push({ ...v, sku: v.sku, price: v.price });
            continue;
          }
          const variant = await this.products.findVariant(tem, workspaceId, productId, v.id);
          if (!variant) {
            throw new ValidationFailedError([
              { field: `variants.${i}.id`, message: `variant ${v.id} is not a variant of this product` },
            ]);
          }
          const { id: _id, ...changes } = v;
          this.products.update(variant, changes);
        }
        if (additions.length > 0) {
          const existing = await this.products.variantsOf(tem, workspaceId, [productId]);
          const next = existing.reduce((max, x) => Math.max(max, x.position), -1) + 1;
          this.addVariants(tem, workspaceId, productId, additions, defaultCurrency, next);
        }
        await tem.flush();
        const view = (await this.load(tem, workspaceId, productId)) as ProductView;
        if (view.variants.length === 0) {
          throw new ValidationFailedError([
            { field: 'removeVariantIds', message: 'a product keeps at least one variant' },
          ]);
        }
        await this.outbox.append(tem, workspaceId, 'product.updated', { product: view });
        return view;
      });
    } catch (err) {
      throw mapUniqueErrors(err, dto.handle ?? '');
    }
  }

  async remove(workspaceId: string, productId: string): Promise<void> {
    await this.products.scope(workspaceId).transactional(async (tem) => {
      const variants = (await this.products.variantsOf(tem, workspaceId, [productId])).map((v) => ({
        id: v.id,
        sku: v.sku,
      }));
      if (!(await this.products.deleteProduct(tem, workspaceId, productId)))
        throw new NotFoundError('Product', productId);
      await this.outbox.append(tem, workspaceId, 'product.deleted', { productId, variants });
    });
  }

  /** The synced fields of a product and its variants (see CatalogFacade.readProductForSync). */
  async readForSync(tem: EntityManager, workspaceId: string, productId: string): Promise<ProductForSync | null> {
    const p = await this.products.findProduct(tem, workspaceId, productId);
    if (!p) return null;
    const variants = await this.products.variantsOf(tem, workspaceId, [productId]);
    return {
      ...productFields(p),
      updatedAt: p.updatedAt,
      variants: variants.map((v) => ({ ...variantFields(v), updatedAt: v.updatedAt })),
    };
  }

  /** readForSync for several products: two reads however many (see CatalogFacade.readProductsForSync). */
  async readManyForSync(
    tem: EntityManager,
    workspaceId: string,
    productIds: string[],
  ): Promise<Map<string, ProductForSync>> {
    const products = await this.products.findProducts(tem, workspaceId, productIds);
    const variants = await this.products.variantsOf(
      tem,
      workspaceId,
      products.map((p) => p.id),
    );
    const out = new Map<string, ProductForSync>();
    for (const p of products) out.set(p.id, { ...productFields(p), updatedAt: p.updatedAt, variants: [] });
    for (const v of variants) out.get(v.productId)?.variants.push({ ...variantFields(v), updatedAt: v.updatedAt });
    return out;
  }

  /**
   * Writes from the Shopify sync in the caller's transaction, one product per item (see
   * CatalogFacade.writeProductsFromSync): the reads, the flush, the view read-back and the event insert once per batch.
   */
  async writeManyFromSync(
    tem: EntityManager,
    workspaceId: string,
    items: ProductSyncWrite[],
  ): Promise<{ id: string; variantIds: string[] }[]> {
    if (items.length === 0) return [];
    const updateIds = items.flatMap((i) => (i.productId === null ? [] : [i.productId]));
    const found = new Map((await this.products.findProducts(tem, workspaceId, updateIds)).map((p) => [p.id, p]));
    const existing = await this.products.variantsOf(tem, workspaceId, [...found.keys()]);
    const existingById = new Map(existing.map((v) => [v.id, v]));
    const nextPosition = new Map<string, number>();
    for (const v of existing)
      nextPosition.set(v.productId, Math.max(nextPosition.get(v.productId) ?? 0, v.position + 1));
    const handleOf = (fields: Partial<SyncedProductFields>): string =>
      fields.handle || slugify(fields.title ?? 'Untitled');
    // Shopify's handle is unique there, not necessarily here: a local product (or an earlier one of the batch) may hold it.
    const taken = await this.products.takenHandles(
      tem,
      workspaceId,
      items.flatMap((i) => (i.productId === null ? [handleOf(i.product)] : [])),
    );
    const currency = items.some((i) => i.variants.some((v) => v.id === null))
      ? await this.currency.of(workspaceId)
      : '';

    const results: { id: string; variantIds: string[] }[] = [];
    const written = new Map<string, { product: Product; created: boolean }>();
    for (const item of items) {
      let product: Product;
      const fields = item.product;
      if (item.productId === null) {
        const title = fields.title ?? 'Untitled';
        let handle = handleOf(fields);
        if (taken.has(handle)) handle = `${handle.slice(0, 190)}-${newId('').slice(-6)}`;
        taken.add(handle);
        product = this.products.createProduct(tem, workspaceId, { ...fields, title, handle });
      } else {
        const hit = found.get(item.productId);
        if (!hit) throw new Error(`product ${item.productId} vanished during a sync write`);
        product = hit;
        const { handle: _handle, ...rest } = fields;
        if (Object.keys(rest).length > 0) this.products.update(product, rest);
      }
      const variantIds: string[] = [];
      for (const v of item.variants) {
        if (v.id === null) {
          const f = v.fields;
          const position = nextPosition.get(product.id) ?? 0;
          nextPosition.set(product.id, position + 1);
          const added = this.products.addVariant(
            tem,
            workspaceId,
            product.id,
            { ...f, sku: f.sku ?? newId('sku'), price: f.price ?? 0, currency },
            position,
          );
          variantIds.push(added.id);
          continue;
        }
        const variant = existingById.get(v.id);
        if (!variant || variant.productId !== product.id)
          throw new Error(`variant ${v.id} is not a variant of ${product.id}`);
        if (Object.keys(v.fields).length > 0) {
          this.products.update(variant, v.fields);
          product.updatedAt = variant.updatedAt;
        }
        variantIds.push(variant.id);
      }
      if (!written.has(product.id)) written.set(product.id, { product, created: item.productId === null });
      results.push({ id: product.id, variantIds });
    }
    await tem.flush();
    const all = [...written.values()];
    const views = await this.views(
      tem,
      workspaceId,
      all.map((w) => w.product),
    );
    const created = views.filter((_, i) => all[i]?.created).map((product) => ({ product, source: 'shopify' }));
    const updated = views.filter((_, i) => !all[i]?.created).map((product) => ({ product, source: 'shopify' }));
    await this.outbox.appendMany(tem, workspaceId, 'product.created', created);
    await this.outbox.appendMany(tem, workspaceId, 'product.updated', updated);
    return results;
  }

  private addVariants(
    tem: EntityManager,
    workspaceId: string,
    productId: string,
    variants: CreateVariantDto[],
    defaultCurrency: string,
    firstPosition: number,
  ): void {
    variants.forEach((v, i) => {
      this.products.addVariant(
        tem,
        workspaceId,
        productId,
        { ...v, currency: v.currency ?? defaultCurrency },
        firstPosition + i,
      );
    });
  }

  private async load(em: EntityManager, workspaceId: string, productId: string): Promise<ProductView | null> {
    const product = await this.products.findProduct(em, workspaceId, productId);
    if (!product) return null;
    const [view] = await this.views(em, workspaceId, [product]);
    return view ?? null;
  }

  private async views(em: EntityManager, workspaceId: string, products: Product[]): Promise<ProductView[]> {
    if (products.length === 0) return [];
    const variants = await this.products.variantsOf(
      em,
      workspaceId,
      products.map((p) => p.id),
    );
    const levels =
      variants.length > 0
        ? await this.inventory.levelsForVariants(
            workspaceId,
            variants.map((v) => v.id),
          )
        : [];
    return products.map((p) => toProductView(p, variants, levels));
  }
}

function assertDistinctSkus(skus: string[]): void {
  const seen = new Set<string>();
  skus.forEach((sku, i) => {
    if (seen.has(sku))
      throw new ValidationFailedError([{ field: `variants.${i}.sku`, message: `sku ${sku} appears twice` }]);
    seen.add(sku);
  });
}

function mapUniqueErrors(err: unknown, handle: string): unknown {
  if (isUniqueViolation(err, 'variants_ws_sku_uq')) {
    return new ConflictError('sku_taken', 'A variant with this SKU already exists in the workspace.');
  }
  if (isUniqueViolation(err, 'products_ws_handle_uq')) {
    return new ConflictError('handle_taken', `A product with handle "${handle}" already exists in the workspace.`);
  }
  return err;
}
