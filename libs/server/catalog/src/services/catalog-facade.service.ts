import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { positional, queryPrepared, textArray } from '@retailos/server/core';
import type {
  CatalogFacade,
  ExportBatch,
  ResolvedVariant,
  TransactionHandle,
  VariantRef,
  VariantResolution,
} from '@retailos/shared/contracts';

interface ResolveRow {
  id: string;
  product_id: string;
  sku: string;
  title: string;
  product_title: string;
  price: string;
  currency: string;
  allow_backorder: boolean;
}

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

  constructor(private readonly em: EntityManager) {}

  async resolveVariants(tx: TransactionHandle | null, workspaceId: string, refs: VariantRef[]): Promise<VariantResolution> {
    const em = (tx as EntityManager | null) ?? this.em.fork();
    const ids = [...new Set(refs.map((r) => r.variantId).filter((x): x is string => !!x))];
    const skus = [...new Set(refs.map((r) => r.sku).filter((x): x is string => !!x))];
    if (ids.length === 0 && skus.length === 0) return { variants: refs.map(() => null) };
    // Hot path of every order: one text whatever the refs, so outside a transaction it is a prepared statement
    // (planned once per session). Its generic plan must not lean on statistics (one merchant's catalog may dwarf the
    // average workspace): each ref is a probe of a (workspace_id, id|sku) index, kept so by the OFFSET 0 fences.
    const pick = 'v.id, v.product_id, v.sku, v.title, p.title as product_title, v.price, v.currency, v.allow_backorder';
    const sql = `select ${pick}
         from unnest(?::text[]) as r(id)
         cross join lateral (select * from variants x where x.workspace_id = ? and x.id = r.id offset 0) v
         join products p on p.id = v.product_id
       union all
       select ${pick}
         from unnest(?::text[]) as r(sku)
         cross join lateral (select * from variants x where x.workspace_id = ? and x.sku = r.sku offset 0) v
         join products p on p.id = v.product_id`;
    const params = [textArray(ids), workspaceId, textArray(skus), workspaceId];
    const rows = tx ? ((await em.execute(sql, params)) as ResolveRow[]) : await queryPrepared<ResolveRow>(this.em, positional(sql, params));
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
    const rows = (await this.em.fork().execute(
      `select p.id as "productId", p.handle, p.title, p.status, p.vendor, p.product_type as "productType",
              array_to_string(p.tags, ',') as tags, v.id as "variantId", v.sku, v.barcode, v.title as "variantTitle",
              v.price::text as price, v.compare_at_price::text as "compareAtPrice", v.currency, v.allow_backorder as "allowBackorder",
              p.created_at as "createdAt", p.updated_at as "updatedAt"
         from variants v join products p on p.id = v.product_id
        where v.workspace_id = ? and v.id > ? order by v.id limit ?`,
      [workspaceId, after ?? '', limit],
    )) as Record<string, unknown>[];
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === limit && last ? String(last['variantId']) : null };
  }
}
