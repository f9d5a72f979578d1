import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  isUniqueViolation,
  keysetTimestamp,
  likePattern,
  NotFoundError,
  readCursor,
  toPage,
  ValidationFailedError,
  WorkspaceCurrency,
  DEFAULT_PAGE_LIMIT,
  textArray,
  updateAssignments,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import { INVENTORY_FACADE, type InventoryFacade, type Page } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import type { CreateProductDto, CreateVariantDto, ListProductsQueryDto, UpdateProductDto } from '../dto/product.dto';
import {
  PRODUCT_COLUMNS,
  slugify,
  toProductView,
  VARIANT_COLUMNS,
  type ProductRow,
  type ProductView,
  type VariantRow,
} from './product-rows';

@Injectable()
export class ProductsService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly currency: WorkspaceCurrency,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
  ) {}

  async list(workspaceId: string, query: ListProductsQueryDto): Promise<Page<ProductView>> {
    const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
    const filters = { list: 'products', workspaceId, q: query.q, status: query.status, sku: query.sku, updatedSince: query.updatedSince };
    const after = readCursor(query.cursor, filters, this.config.CURSOR_SECRET);
    const where: string[] = ['p.workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (query.status) {
      where.push('p.status = ?');
      params.push(query.status);
    }
    if (query.updatedSince) {
      where.push('p.updated_at >= ?::timestamptz');
      params.push(query.updatedSince);
    }
    if (query.sku) {
      where.push('exists (select 1 from variants v where v.workspace_id = p.workspace_id and v.product_id = p.id and v.sku = ?)');
      params.push(query.sku);
    }
    if (query.q) {
      const pattern = likePattern(query.q);
      where.push(
        `(p.title ilike ? or p.handle ilike ? or p.vendor ilike ?
          or exists (select 1 from variants v where v.workspace_id = p.workspace_id and v.product_id = p.id and v.sku ilike ?))`,
      );
      params.push(pattern, pattern, pattern, pattern);
    }
    if (after) {
      where.push('(p.created_at, p.id) < (?::timestamptz, ?)');
      params.push(String(after[0]), String(after[1]));
    }
    params.push(limit + 1);
    const rows = (await this.em.fork().execute(
      `select ${PRODUCT_COLUMNS}, ${keysetTimestamp('p.created_at')} as ck from products p
        where ${where.join(' and ')} order by p.created_at desc, p.id desc limit ?`,
      params,
    )) as ProductRow[];
    const page = rows.slice(0, limit);
    const views = await this.views(this.em.fork(), workspaceId, page);
    const byId = new Map(views.map((v) => [v.id, v]));
    return toPage(rows, limit, (r) => [r.ck ?? '', r.id], (r) => byId.get(r.id) as ProductView, filters, this.config.CURSOR_SECRET);
  }

  async get(workspaceId: string, productId: string): Promise<ProductView> {
    const view = await this.load(this.em.fork(), workspaceId, productId);
    if (!view) throw new NotFoundError('Product', productId);
    return view;
  }

  async create(workspaceId: string, dto: CreateProductDto): Promise<ProductView> {
    assertDistinctSkus(dto.variants.map((v) => v.sku));
    const defaultCurrency = await this.currency.of(workspaceId);
    const productId = newId('prod');
    const explicitHandle = dto.handle !== undefined;
    let handle = dto.handle ?? slugify(dto.title);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.em.fork().transactional(async (tem) => {
          await tem.execute(
            `insert into products (id, workspace_id, title, handle, description, vendor, product_type, status, tags)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?::text[])`,
            [
              productId,
              workspaceId,
              dto.title,
              handle,
              dto.description ?? null,
              dto.vendor ?? null,
              dto.productType ?? null,
              dto.status ?? 'active',
              textArray(dto.tags ?? []),
            ],
          );
          await this.insertVariants(tem, workspaceId, productId, dto.variants, defaultCurrency, 0);
          const view = (await this.load(tem, workspaceId, productId)) as ProductView;
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
      return await this.em.fork().transactional(async (tem) => {
        const { sets, params } = updateAssignments(dto, [
          ['title', 'title'],
          ['handle', 'handle'],
          ['description', 'description'],
          ['vendor', 'vendor'],
          ['productType', 'product_type'],
          ['status', 'status'],
          ['tags', 'tags', 'text[]', textArray],
        ]);
        const updated = (await tem.execute(`update products set ${sets.join(', ')} where id = ? and workspace_id = ? returning id`, [
          ...params,
          productId,
          workspaceId,
        ])) as { id: string }[];
        if (updated.length === 0) throw new NotFoundError('Product', productId);

        if (dto.removeVariantIds && dto.removeVariantIds.length > 0) {
          const removed = (await tem.execute('delete from variants where workspace_id = ? and product_id = ? and id in (?) returning id', [
            workspaceId,
            productId,
            dto.removeVariantIds,
          ])) as { id: string }[];
          // Like every other id field: an id that is not a variant of this product is a 400, not a silent no-op.
          const gone = new Set(removed.map((r) => r.id));
          const unknown = dto.removeVariantIds.flatMap((id, i) => (gone.has(id) ? [] : [i]));
          if (unknown.length > 0) {
            throw new ValidationFailedError(
              unknown.map((i) => ({ field: `removeVariantIds.${i}`, message: 'is not a variant of this product' })),
            );
          }
        }
        const additions: CreateVariantDto[] = [];
        for (const [i, v] of (dto.variants ?? []).entries()) {
          if (!v.id) {
            if (v.sku === undefined || v.price === undefined) {
              throw new ValidationFailedError([{ field: `variants.${i}`, message: 'a new variant needs sku and price' }]);
            }
            additions.push({ ...v, sku: v.sku, price: v.price });
            continue;
          }
          const vsets: string[] = ['updated_at = now()'];
          const vparams: unknown[] = [];
          const vfields: [keyof typeof v, string][] = [
            ['sku', 'sku'],
            ['barcode', 'barcode'],
            ['title', 'title'],
            ['price', 'price'],
            ['compareAtPrice', 'compare_at_price'],
            ['currency', 'currency'],
            ['allowBackorder', 'allow_backorder'],
          ];
          for (const [key, column] of vfields) {
            if (v[key] !== undefined) {
              vsets.push(`${column} = ?`);
              vparams.push(v[key]);
            }
          }
          if (v.options !== undefined) {
            vsets.push('options = ?::jsonb');
            vparams.push(JSON.stringify(v.options));
          }
          const hit = (await tem.execute(
            `update variants set ${vsets.join(', ')} where id = ? and product_id = ? and workspace_id = ? returning id`,
            [...vparams, v.id, productId, workspaceId],
          )) as { id: string }[];
          if (hit.length === 0) {
            throw new ValidationFailedError([{ field: `variants.${i}.id`, message: `variant ${v.id} is not a variant of this product` }]);
          }
        }
        if (additions.length > 0) {
          const [pos] = (await tem.execute('select coalesce(max(position), -1) + 1 as next from variants where product_id = ?', [
            productId,
          ])) as { next: number }[];
          await this.insertVariants(tem, workspaceId, productId, additions, defaultCurrency, pos?.next ?? 0);
        }
        const view = (await this.load(tem, workspaceId, productId)) as ProductView;
        if (view.variants.length === 0) {
          throw new ValidationFailedError([{ field: 'removeVariantIds', message: 'a product keeps at least one variant' }]);
        }
        await this.outbox.append(tem, workspaceId, 'product.updated', { product: view });
        return view;
      });
    } catch (err) {
      throw mapUniqueErrors(err, dto.handle ?? '');
    }
  }

  async remove(workspaceId: string, productId: string): Promise<void> {
    await this.em.fork().transactional(async (tem) => {
      const variants = (await tem.execute('select id, sku from variants where workspace_id = ? and product_id = ?', [
        workspaceId,
        productId,
      ])) as { id: string; sku: string }[];
      const gone = (await tem.execute('delete from products where id = ? and workspace_id = ? returning id', [productId, workspaceId])) as {
        id: string;
      }[];
      if (gone.length === 0) throw new NotFoundError('Product', productId);
      await this.outbox.append(tem, workspaceId, 'product.deleted', { productId, variants });
    });
  }

  private async insertVariants(
    tem: EntityManager,
    workspaceId: string,
    productId: string,
    variants: CreateVariantDto[],
    defaultCurrency: string,
    firstPosition: number,
  ): Promise<void> {
    const values: string[] = [];
    const params: unknown[] = [];
    variants.forEach((v, i) => {
      values.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)');
      params.push(
        newId('var'),
        workspaceId,
        productId,
        v.sku,
        v.barcode ?? null,
        v.title ?? 'Default',
        v.price,
        v.compareAtPrice ?? null,
        v.currency ?? defaultCurrency,
        JSON.stringify(v.options ?? {}),
        v.allowBackorder ?? false,
        firstPosition + i,
      );
    });
    await tem.execute(
      `insert into variants (id, workspace_id, product_id, sku, barcode, title, price, compare_at_price, currency, options, allow_backorder, position)
       values ${values.join(', ')}`,
      params,
    );
  }

  private async load(em: EntityManager, workspaceId: string, productId: string): Promise<ProductView | null> {
    const rows = (await em.execute(`select ${PRODUCT_COLUMNS} from products p where p.id = ? and p.workspace_id = ?`, [
      productId,
      workspaceId,
    ])) as ProductRow[];
    if (rows.length === 0) return null;
    const [view] = await this.views(em, workspaceId, rows);
    return view ?? null;
  }

  private async views(em: EntityManager, workspaceId: string, products: ProductRow[]): Promise<ProductView[]> {
    if (products.length === 0) return [];
    const variants = (await em.execute(
      `select ${VARIANT_COLUMNS} from variants v where v.workspace_id = ? and v.product_id in (?) order by v.product_id, v.position, v.id`,
      [workspaceId, products.map((p) => p.id)],
    )) as VariantRow[];
    const levels = variants.length > 0 ? await this.inventory.levelsForVariants(workspaceId, variants.map((v) => v.id)) : [];
    return products.map((p) => toProductView(p, variants, levels));
  }
}

function assertDistinctSkus(skus: string[]): void {
  const seen = new Set<string>();
  skus.forEach((sku, i) => {
    if (seen.has(sku)) throw new ValidationFailedError([{ field: `variants.${i}.sku`, message: `sku ${sku} appears twice` }]);
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

