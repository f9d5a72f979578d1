import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  CATALOG_FACADE,
  PRODUCT_STATUSES,
  type CatalogFacade,
  type ProductForSync,
  type SyncedProductFields,
  type SyncedVariantFields,
} from '@retailos/shared/contracts';
import {
  mergeFields,
  type FieldConflict,
  type FieldChange,
  type FieldSource,
  type FieldValues,
  type MergeResult,
  stampMerged,
} from '../domain/field-merge';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { idText } from '../domain/lossless-json';
import { lockResource } from '../repositories/sync-locks';
import { INVENTORY_ITEM_GID } from './inbound-inventory.service';
import { SyncHistoryService } from './sync-history.service';
import { isOlder, sameState } from './inbound-customers.service';

const PRODUCT_GID = 'gid://shopify/Product/';
const VARIANT_GID = 'gid://shopify/ProductVariant/';

export interface ProductPayload {
  admin_graphql_api_id?: unknown;
  updated_at?: unknown;
  variants?: unknown;
  [key: string]: unknown;
}

interface IncomingVariant {
  gid: string;
  updatedAt: Date;
  theirs: FieldValues;
  /** Exact numeric id of its inventory item (inventory_levels/update and sales name the item, not the variant). */
  inventoryItemId: string | null;
}

/** Shopify's REST-shaped product -> our synced product fields (only the keys the payload carries). */
export function productFields(p: Record<string, unknown>): FieldValues {
  const out: FieldValues = {};
  if ('title' in p) out['title'] = typeof p['title'] === 'string' ? p['title'] : '';
  if ('body_html' in p)
    out['description'] = typeof p['body_html'] === 'string' && p['body_html'] !== '' ? p['body_html'] : null;
  if ('vendor' in p) out['vendor'] = typeof p['vendor'] === 'string' && p['vendor'] !== '' ? p['vendor'] : null;
  if ('product_type' in p)
    out['productType'] = typeof p['product_type'] === 'string' && p['product_type'] !== '' ? p['product_type'] : null;
  if ('status' in p && (PRODUCT_STATUSES as readonly unknown[]).includes(p['status'])) out['status'] = p['status'];
  if ('tags' in p) {
    const tags = p['tags'];
    out['tags'] =
      typeof tags === 'string'
        ? tags
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== '')
        : Array.isArray(tags)
          ? tags.map(String)
          : [];
  }
  return out;
}

/** Shopify's decimal money string ("19.99") -> minor units, without floating-point drift. */
export function minorUnits(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const m = /^(\d+)(?:\.(\d{1,2})\d*)?$/.exec(String(value));
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Shopify's REST-shaped variant -> our synced variant fields. A variant without a SKU gets one derived from its GID. */
export function variantFields(v: Record<string, unknown>, gid: string): FieldValues {
  const out: FieldValues = {};
  if ('sku' in v)
    out['sku'] =
      typeof v['sku'] === 'string' && v['sku'].trim() !== '' ? v['sku'] : `shopify-${gid.slice(VARIANT_GID.length)}`;
  if ('barcode' in v) out['barcode'] = typeof v['barcode'] === 'string' && v['barcode'] !== '' ? v['barcode'] : null;
  if ('title' in v) out['title'] = typeof v['title'] === 'string' && v['title'] !== '' ? v['title'] : 'Default';
  if ('price' in v) out['price'] = minorUnits(v['price']) ?? 0;
  if ('compare_at_price' in v) out['compareAtPrice'] = minorUnits(v['compare_at_price']);
  if ('inventory_policy' in v) out['allowBackorder'] = v['inventory_policy'] === 'continue';
  return out;
}

/**
 * What the initial import reads once per batch instead of once per row (see ShopifyImportService.applyBatch): the
 * sync records of its GIDs (`type|gid`; a GID not listed has none), the owners of its SKUs among our variants and the
 * products those two point at; records and owners are kept current as the batch writes. With hints no per-resource
 * advisory lock is taken: webhooks for the shop are held in the inbox until the import ends and only the checkpoint's
 * owner commits a batch (a superseded runner's transaction is rolled back, a racing insert hits the GID's unique index).
 */
export interface ImportHints {
  records: Map<string, SyncRecord>;
  skuOwners: Map<string, { id: string; productId: string }>;
  /** Read before the batch's writes: a product the batch wrote is dropped and read again when asked for. */
  products: Map<string, ProductForSync>;
}

function validDate(v: unknown): Date | null {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A payload's product and variants as the merge reads them; null when it names no product. */
interface ParsedProduct {
  payload: ProductPayload;
  gid: string;
  updatedAt: Date;
  theirs: FieldValues;
  incoming: IncomingVariant[];
}

function parseProduct(payload: ProductPayload): ParsedProduct | null {
  const gid = payload.admin_graphql_api_id;
  const updatedAt = validDate(payload.updated_at);
  if (typeof gid !== 'string' || !gid.startsWith(PRODUCT_GID) || !updatedAt) return null;
  const incoming: IncomingVariant[] = [];
  for (const raw of Array.isArray(payload.variants) ? (payload.variants as Record<string, unknown>[]) : []) {
    const vgid = raw?.['admin_graphql_api_id'];
    const vAt = validDate(raw?.['updated_at']) ?? updatedAt;
    if (typeof vgid === 'string' && vgid.startsWith(VARIANT_GID)) {
      incoming.push({
        gid: vgid,
        updatedAt: vAt,
        theirs: variantFields(raw, vgid),
        inventoryItemId: idText(raw['inventory_item_id']),
      });
    }
  }
  return { payload, gid, updatedAt, theirs: productFields(payload), incoming };
}

const skusOf = (p: ParsedProduct): string[] =>
  p.incoming.flatMap((v) => (typeof v.theirs['sku'] === 'string' ? [v.theirs['sku']] : []));

/** Where a merge's reads go: one query per row (webhooks) or the batch's hints (the import). */
interface PlanReads {
  record(type: 'product' | 'inventory_item', gid: string): Promise<SyncRecord | null>;
  variantRecords(gids: string[]): Promise<SyncRecord[]>;
  product(id: string): Promise<ProductForSync | null>;
  skuOwner(sku: string): Promise<{ id: string; productId: string } | null>;
  /** A record created by a commit (the import keeps it for the batch's later rows). */
  created(row: SyncRecord): void;
  hints?: ImportHints;
}

interface VariantPlan {
  v: IncomingVariant;
  localId: string | null;
  merge: MergeResult;
  record: SyncRecord | undefined;
}

/** One payload's merge, decided before anything is written (commit writes it). */
interface ProductPlan {
  parsed: ParsedProduct;
  triggeredAt: Date | null;
  source: FieldSource;
  record: SyncRecord | null;
  local: ProductForSync | null;
  productMerge: MergeResult;
  productApply: Partial<SyncedProductFields>;
  plans: VariantPlan[];
  writes: VariantPlan[];
  mustWrite: boolean;
  outcome: string;
}

/**
 * products/create and products/update, in any order and any number of times: the product keyed on its GID, each
 * variant on its GID and else on its SKU; an older state than the one we hold changes nothing; every product and
 * variant field merged three-way against the last state seen (field-merge.ts), one Sync History entry per product or
 * variant that changed, in the same transaction as the write.
 */
@Injectable()
export class InboundProductsService {
  constructor(
    @Inject(CATALOG_FACADE) private readonly catalog: CatalogFacade,
    private readonly history: SyncHistoryService,
  ) {}

  /** A delivery (`source` webhook): the resource locked for the transaction, its rows read one by one. */
  async apply(
    tx: EntityManager,
    workspaceId: string,
    payload: ProductPayload,
    cause: SyncCause,
    triggeredAt: Date | null,
    source: FieldSource = 'webhook',
  ): Promise<string> {
    const parsed = parseProduct(payload);
    if (!parsed) return 'invalid';
    await lockResource(tx, workspaceId, parsed.gid);
    const reads: PlanReads = {
      record: (entityType, gid) => tx.findOne(SyncRecord, { workspaceId, entityType, gid }),
      variantRecords: async (gids) =>
        gids.length ? tx.find(SyncRecord, { workspaceId, entityType: 'variant', gid: { $in: gids } }) : [],
      product: (id) => this.catalog.readProductForSync(tx, workspaceId, id),
      skuOwner: (sku) => this.catalog.findVariantBySku(tx, workspaceId, sku),
      created: () => undefined,
    };
    const plan = await this.plan(parsed, triggeredAt, source, reads);
    if (typeof plan === 'string') return plan;
    await this.commit(tx, workspaceId, [plan], cause, reads);
    return plan.outcome;
  }

  /**
   * A batch of the initial import's rows (source `import`): the same merge as `apply`, row by row and in order, with
   * its reads done once for the batch (ImportHints) and its writes once per run of rows that do not depend on each
   * other: one catalog write, one flush, the records and history entries persisted together. A row that names a GID,
   * SKU or product an earlier row of the run writes starts the next run, so every row sees what the ones before it
   * wrote, exactly as one by one (two products with one handle: the later gets a suffix, see writeProductsFromSync).
   */
  async applyImportBatch(
    tx: EntityManager,
    workspaceId: string,
    payloads: ProductPayload[],
    cause: SyncCause,
  ): Promise<string[]> {
    const rows = payloads.map(parseProduct);
    const hints = await this.hintsFor(
      tx,
      workspaceId,
      rows.filter((r): r is ParsedProduct => r !== null),
    );
    const reads: PlanReads = {
      record: async (type, gid) => hints.records.get(`${type}|${gid}`) ?? null,
      variantRecords: async (gids) => gids.flatMap((g) => hints.records.get(`variant|${g}`) ?? []),
      product: async (id) => hints.products.get(id) ?? this.catalog.readProductForSync(tx, workspaceId, id),
      skuOwner: async (sku) => hints.skuOwners.get(sku) ?? null,
      created: (row) => hints.records.set(`${row.entityType}|${row.gid}`, row),
      hints,
    };
    const outcomes: string[] = [];
    let run: ProductPlan[] = [];
    const gids = new Set<string>();
    const skus = new Set<string>();
    const products = new Set<string>();
    const commitRun = async (): Promise<void> => {
      if (run.length > 0) await this.commit(tx, workspaceId, run, cause, reads);
      for (const id of products) hints.products.delete(id);
      run = [];
      gids.clear();
      skus.clear();
      products.clear();
    };
    for (const parsed of rows) {
      if (!parsed) {
        outcomes.push('invalid');
        continue;
      }
      const rowGids = [
        parsed.gid,
        ...parsed.incoming.flatMap((v) => [
          v.gid,
          ...(v.inventoryItemId ? [`${INVENTORY_ITEM_GID}${v.inventoryItemId}`] : []),
        ]),
      ];
      const rowSkus = skusOf(parsed);
      const rowProducts = [
        hints.records.get(`product|${parsed.gid}`)?.localId,
        ...rowSkus.map((s) => hints.skuOwners.get(s)?.productId),
      ].filter((id): id is string => id !== undefined);
      if (
        rowGids.some((g) => gids.has(g)) ||
        rowSkus.some((s) => skus.has(s)) ||
        rowProducts.some((id) => products.has(id))
      )
        await commitRun();
      const plan = await this.plan(parsed, null, 'import', reads);
      outcomes.push(typeof plan === 'string' ? plan : plan.outcome);
      if (typeof plan === 'string') continue;
      run.push(plan);
      for (const g of rowGids) gids.add(g);
      // A written variant may give up its SKU (renamed): its old one is touched as much as the new.
      for (const s of [...rowSkus, ...(plan.local?.variants.map((v) => v.sku) ?? [])]) skus.add(s);
      if (plan.local) products.add(plan.local.id);
    }
    await commitRun();
    return outcomes;
  }

  /** The reads and the three-way merge of one payload, no writes: a plan, or why nothing is to be written. */
  private async plan(
    parsed: ParsedProduct,
    triggeredAt: Date | null,
    source: FieldSource,
    reads: PlanReads,
  ): Promise<ProductPlan | string> {
    const { payload, updatedAt, theirs, incoming } = parsed;
    const record = await reads.record('product', parsed.gid);
    const variantRecords = new Map((await reads.variantRecords(incoming.map((v) => v.gid))).map((r) => [r.gid, r]));
    if (
      record &&
      updatedAt.getTime() <= record.shopifyUpdatedAt.getTime() &&
      sameState(record.lastSeen, theirs) &&
      incoming.every((v) => {
        const r = variantRecords.get(v.gid);
        return r && sameState(r.lastSeen, v.theirs);
      })
    ) {
      return 'duplicate';
    }
    if (record && isOlder(updatedAt, triggeredAt, record)) return 'stale';

    // Ours: the product linked to the GID, else the product of a variant we hold under one of the incoming SKUs.
    let local: ProductForSync | null = record ? await reads.product(record.localId) : null;
    if (!local) {
      for (const v of incoming) {
        const sku = v.theirs['sku'];
        const hit = typeof sku === 'string' ? await reads.skuOwner(sku) : null;
        if (hit) {
          local = await reads.product(hit.productId);
          break;
        }
      }
    }

    const stampOf = (r: SyncRecord | undefined | null, field: string, fallback: Date): Date => {
      const stamp = r?.fieldStamps[field];
      return stamp?.source === 'local' ? new Date(stamp.at) : fallback;
    };
    const productMerge = mergeFields({
      fields: Object.keys(theirs),
      base: local ? (record?.lastSeen ?? null) : null,
      ours: local ? (local as unknown as FieldValues) : null,
      theirs,
      theirsAt: updatedAt,
      oursAt: (field) => stampOf(record, field, local?.updatedAt ?? new Date(0)),
    });

    const plans: VariantPlan[] = [];
    const skipped: string[] = [];
    for (const v of incoming) {
      const vrec = variantRecords.get(v.gid);
      let ours = local?.variants.find((x) => x.id === vrec?.localId) ?? null;
      if (!ours && typeof v.theirs['sku'] === 'string') {
        ours = local?.variants.find((x) => x.sku === v.theirs['sku']) ?? null;
        // The SKU belongs to a variant of another product of ours: never move or duplicate it.
        if (!ours && (await reads.skuOwner(v.theirs['sku']))) {
          skipped.push(v.gid);
          continue;
        }
      }
      if (vrec && ours && isOlder(v.updatedAt, null, vrec)) continue;
      const merge = mergeFields({
        fields: Object.keys(v.theirs),
        base: ours ? (vrec?.lastSeen ?? null) : null,
        ours: ours as unknown as FieldValues | null,
        theirs: v.theirs,
        theirsAt: v.updatedAt,
        oursAt: (field) => stampOf(vrec, field, ours?.updatedAt ?? new Date(0)),
      });
      plans.push({ v, localId: ours?.id ?? null, merge, record: vrec });
    }

    const productApply: Partial<SyncedProductFields> = { ...(productMerge.apply as Partial<SyncedProductFields>) };
    if (!local && typeof payload['handle'] === 'string') productApply.handle = payload['handle'];
    const writes = plans.filter((p) => p.localId === null || Object.keys(p.merge.apply).length > 0);
    const mustWrite = !local || Object.keys(productMerge.apply).length > 0 || writes.length > 0;
    const conflicts = productMerge.conflicts.length + plans.reduce((n, p) => n + p.merge.conflicts.length, 0);
    const outcome =
      conflicts > 0
        ? 'merged_with_conflicts'
        : !local
          ? 'created'
          : skipped.length > 0
            ? 'updated_sku_skipped'
            : 'updated';
    return {
      parsed,
      triggeredAt,
      source,
      record,
      local,
      productMerge,
      productApply,
      plans,
      writes,
      mustWrite,
      outcome,
    };
  }

  /** The plans' writes: one catalog write for all of them, then their sync records and Sync History entries. */
  private async commit(
    tx: EntityManager,
    workspaceId: string,
    plans: ProductPlan[],
    cause: SyncCause,
    reads: PlanReads,
  ): Promise<void> {
    const toWrite = plans.filter((p) => p.mustWrite);
    const written = await this.catalog.writeProductsFromSync(
      tx,
      workspaceId,
      toWrite.map((p) => ({
        productId: p.local?.id ?? null,
        product: p.productApply,
        variants: p.writes.map((w) => ({ id: w.localId, fields: w.merge.apply as Partial<SyncedVariantFields> })),
      })),
    );
    const byPlan = new Map(toWrite.map((p, i) => [p, written[i]]));
    const hints = reads.hints;
    for (const plan of plans) {
      const { parsed, local, productMerge, source, triggeredAt } = plan;
      const w = byPlan.get(plan);
      const productId = w?.id ?? (local?.id as string);
      plan.writes.forEach((p, i) => (p.localId = w?.variantIds[i] ?? p.localId));
      if (hints) {
        for (const p of plan.writes) {
          const before = local?.variants.find((x) => x.id === p.localId)?.sku;
          const after = p.merge.apply['sku'];
          if (typeof after !== 'string') continue;
          if (before && before !== after && hints.skuOwners.get(before)?.id === p.localId)
            hints.skuOwners.delete(before);
          hints.skuOwners.set(after, { id: p.localId as string, productId });
        }
      }

      this.remember(
        tx,
        plan.record,
        workspaceId,
        'product',
        parsed.gid,
        productId,
        parsed.updatedAt,
        triggeredAt,
        parsed.theirs,
        productMerge,
        source,
        reads,
      );
      await this.recordHistory(
        tx,
        workspaceId,
        'product',
        productId,
        parsed.gid,
        null,
        productMerge.changes,
        productMerge.conflicts,
        cause,
        source,
      );
      for (const p of plan.plans) {
        const id = p.localId as string;
        this.remember(
          tx,
          p.record ?? null,
          workspaceId,
          'variant',
          p.v.gid,
          id,
          p.v.updatedAt,
          triggeredAt,
          p.v.theirs,
          p.merge,
          source,
          reads,
        );
        const sku = (p.merge.apply['sku'] ??
          local?.variants.find((x) => x.id === id)?.sku ??
          p.v.theirs['sku']) as string;
        if (p.v.inventoryItemId)
          await this.rememberItem(tx, workspaceId, p.v.inventoryItemId, id, p.v.gid, sku, p.v.updatedAt, reads);
        await this.recordHistory(
          tx,
          workspaceId,
          'variant',
          id,
          p.v.gid,
          sku,
          p.merge.changes,
          p.merge.conflicts,
          cause,
          source,
        );
      }
    }
  }

  /** The import's hints for a batch of rows: their GIDs' sync records, their SKUs' owners and those products. */
  private async hintsFor(tx: EntityManager, workspaceId: string, rows: ParsedProduct[]): Promise<ImportHints> {
    const gids: string[] = [];
    const skus: string[] = [];
    for (const row of rows) {
      gids.push(row.gid);
      for (const v of row.incoming) {
        gids.push(v.gid);
        if (v.inventoryItemId) gids.push(`${INVENTORY_ITEM_GID}${v.inventoryItemId}`);
      }
      skus.push(...skusOf(row));
    }
    const records = gids.length
      ? await tx.find(SyncRecord, {
          workspaceId,
          entityType: { $in: ['product', 'variant', 'inventory_item'] },
          gid: { $in: [...new Set(gids)] },
        })
      : [];
    const skuOwners = await this.catalog.findVariantsBySkus(tx, workspaceId, skus);
    const productIds = new Set<string>();
    for (const r of records) if (r.entityType === 'product') productIds.add(r.localId);
    for (const o of skuOwners.values()) productIds.add(o.productId);
    return {
      records: new Map(records.map((r) => [`${r.entityType}|${r.gid}`, r])),
      skuOwners,
      products: productIds.size
        ? await this.catalog.readProductsForSync(tx, workspaceId, [...productIds])
        : new Map<string, ProductForSync>(),
    };
  }

  /**
   * products/delete: Shopify's payload is `{"id": <number>}` only, read from the raw bytes (ids above 2^53 stay exact).
   * Our product is archived, not deleted (orders and stock history keep naming its variants); replays are no-ops.
   */
  async applyDelete(tx: EntityManager, workspaceId: string, rawBody: string, cause: SyncCause): Promise<string> {
    const id = /^\s*\{\s*"id"\s*:\s*(\d{1,20})\s*[,}]/.exec(rawBody)?.[1];
    if (!id) return 'invalid';
    const gid = `${PRODUCT_GID}${id}`;
    await lockResource(tx, workspaceId, gid);
    const record = await tx.findOne(SyncRecord, { workspaceId, entityType: 'product', gid });
    const local = record ? await this.catalog.readProductForSync(tx, workspaceId, record.localId) : null;
    if (!record || !local) return 'unknown';
    if (local.status === 'archived') return 'duplicate';
    await this.catalog.writeProductFromSync(tx, workspaceId, local.id, { status: 'archived' }, []);
    record.fieldStamps = { ...record.fieldStamps, status: { at: new Date().toISOString(), source: 'webhook' } };
    await this.recordHistory(
      tx,
      workspaceId,
      'product',
      local.id,
      gid,
      null,
      [{ field: 'status', before: local.status, after: 'archived' }],
      [],
      cause,
    );
    return 'archived';
  }

  /** The variant's inventory item, linked to our variant (levels and sales are keyed on the item). */
  private async rememberItem(
    tx: EntityManager,
    workspaceId: string,
    itemId: string,
    variantId: string,
    variantGid: string,
    sku: string,
    at: Date,
    reads: PlanReads,
  ): Promise<void> {
    const gid = `${INVENTORY_ITEM_GID}${itemId}`;
    let row = await reads.record('inventory_item', gid);
    if (!row) {
      row = new SyncRecord(workspaceId, 'inventory_item', gid, variantId, at, {});
      reads.created(row);
    }
    Object.assign(row, { localId: variantId, lastSeen: { variantGid, sku } });
    if (at.getTime() > row.shopifyUpdatedAt.getTime()) row.shopifyUpdatedAt = at;
    tx.persist(row);
  }

  private remember(
    tx: EntityManager,
    existing: SyncRecord | null,
    workspaceId: string,
    type: 'product' | 'variant',
    gid: string,
    localId: string,
    updatedAt: Date,
    triggeredAt: Date | null,
    theirs: FieldValues,
    merged: MergeResult,
    source: FieldSource,
    reads: PlanReads,
  ): void {
    let row = existing;
    if (!row) {
      row = new SyncRecord(workspaceId, type, gid, localId, updatedAt, {});
      reads.created(row);
    }
    row.localId = localId;
    if (updatedAt.getTime() >= row.shopifyUpdatedAt.getTime()) {
      row.shopifyUpdatedAt = updatedAt;
      row.shopifyTriggeredAt = triggeredAt;
    }
    row.lastSeen = { ...row.lastSeen, ...theirs };
    row.fieldStamps = stampMerged(row.fieldStamps, merged, updatedAt, source);
    tx.persist(row);
  }

  private async recordHistory(
    tx: EntityManager,
    workspaceId: string,
    entityType: 'product' | 'variant',
    entityId: string,
    gid: string,
    sku: string | null,
    changes: FieldChange[],
    conflicts: FieldConflict[],
    cause: SyncCause,
    source: FieldSource = 'webhook',
  ): Promise<void> {
    if (changes.length === 0 && conflicts.length === 0) return;
    const entry = new SyncHistoryEntry({
      workspaceId,
      entityType,
      entityId,
      gid,
      sku,
      direction: 'inbound',
      source,
      changes,
      conflicts,
      cause,
      actor: 'shopify',
    });
    await this.history.record(tx, entry);
  }
}
