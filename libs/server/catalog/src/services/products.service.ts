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
  type ProductView,
  type SyncedProductFields,
  type SyncedVariantFields,
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

  /** A write from the Shopify sync in the caller's transaction (see CatalogFacade.writeProductFromSync). */
  async writeFromSync(
    tem: EntityManager,
    workspaceId: string,
    productId: string | null,
    fields: Partial<SyncedProductFields>,
    variants: { id: string | null; fields: Partial<SyncedVariantFields> }[],
  ): Promise<{ id: string; variantIds: string[] }> {
    let product: Product | null;
    if (productId === null) {
      const title = fields.title ?? 'Untitled';
      let handle = fields.handle || slugify(title);
      // Shopify's handle is unique there, not necessarily here: a local product may hold it already.
      if (await this.products.handleTaken(tem, workspaceId, handle))
        handle = `${handle.slice(0, 190)}-${newId('').slice(-6)}`;
      product = this.products.createProduct(tem, workspaceId, { ...fields, title, handle });
    } else {
      product = await this.products.findProduct(tem, workspaceId, productId);
      if (!product) throw new Error(`product ${productId} vanished during a sync write`);
      const { handle: _handle, ...rest } = fields;
      if (Object.keys(rest).length > 0) this.products.update(product, rest);
    }
    const existing = productId === null ? [] : await this.products.variantsOf(tem, workspaceId, [product.id]);
    let next = existing.reduce((max, x) => Math.max(max, x.position), -1) + 1;
    const currency = variants.some((v) => v.id === null) ? await this.currency.of(workspaceId) : '';
    const variantIds: string[] = [];
    for (const v of variants) {
      if (v.id === null) {
        const f = v.fields;
        const added = this.products.addVariant(
          tem,
          workspaceId,
          product.id,
          { ...f, sku: f.sku ?? newId('sku'), price: f.price ?? 0, currency },
          next++,
        );
        variantIds.push(added.id);
        continue;
      }
      const variant = existing.find((x) => x.id === v.id);
      if (!variant) throw new Error(`variant ${v.id} is not a variant of ${product.id}`);
      if (Object.keys(v.fields).length > 0) {
        this.products.update(variant, v.fields);
        product.updatedAt = variant.updatedAt;
      }
      variantIds.push(variant.id);
    }
    await tem.flush();
    const view = (await this.load(tem, workspaceId, product.id)) as ProductView;
    await this.outbox.append(tem, workspaceId, productId === null ? 'product.created' : 'product.updated', {
      product: view,
      source: 'shopify',
    });
    return { id: product.id, variantIds };
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
