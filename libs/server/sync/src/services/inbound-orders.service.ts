import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@retailos/server/core';
import {
  CATALOG_FACADE,
  ORDERS_FACADE,
  type CatalogFacade,
  type OrdersFacade,
  type SyncedOrderInput,
  type SyncedOrderPatch,
} from '@retailos/shared/contracts';
import { mergeFields, type FieldChange, type FieldConflict, type FieldValues } from '../domain/field-merge';
import { idText } from '../domain/lossless-json';
import { ShopifyConnection } from '../entities/shopify-connection.entity';
import { ShopifyLocationMap } from '../entities/shopify-location-map.entity';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { lockResource } from '../repositories/sync-locks';
import { InboundInventoryService, LOCATION_GID, gidTail, type ExpectedChange } from './inbound-inventory.service';
import { isOlder, sameState } from './inbound-customers.service';
import { minorUnits } from './inbound-products.service';
import { SyncHistoryService } from './sync-history.service';

const ORDER_GID = 'gid://shopify/Order/';
const VARIANT_GID = 'gid://shopify/ProductVariant/';

/** One line of a Shopify order, ids exact (GIDs). */
export interface ShopifyOrderLineFacts {
  gid: string;
  variantGid: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  /** Minor units. */
  unitPrice: number;
}

/**
 * A Shopify order in the terms the sync needs, whatever shape it came in (REST webhook here; the bulk import builds the
 * same from its GraphQL rows) and then maps with toOrderInput().
 */
export interface ShopifyOrderFacts {
  gid: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
  /**
   * Whether the cancellation put the units back on Shopify's side: its refund has a line restocked as `cancel` (or
   * `legacy_restock`). A cancelled order whose payload carries no such refund line is taken as not restocked: the
   * units stay sold here too, and if Shopify did restock them its level webhook is recorded as an unexplained change.
   */
  cancelRestocked: boolean;
  currency: string;
  note: string | null;
  email: string | null;
  customerGid: string | null;
  locationGid: string | null;
  lines: ShopifyOrderLineFacts[];
}

/** What toOrderInput needs resolved to our ids: each line's variant (by line GID), the customer, the location. */
export interface ResolvedOrderRefs {
  variants: ReadonlyMap<string, { variantId: string; sku: string }>;
  customerId: string | null;
  locationId: string;
}

const dateOf = (v: unknown): Date | null => {
  if (typeof v !== 'string' || v === '') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const textOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Shopify's REST-shaped order (orders/create, orders/updated, orders/cancelled), parsed losslessly (numeric ids as
 * exact text) -> facts. Null when it lacks its GID or updated_at.
 */
export function orderFactsFromWebhook(p: Record<string, unknown>): ShopifyOrderFacts | null {
  const gid = p['admin_graphql_api_id'];
  const updatedAt = dateOf(p['updated_at']);
  if (typeof gid !== 'string' || !gid.startsWith(ORDER_GID) || !updatedAt) return null;
  const customer = p['customer'] as Record<string, unknown> | null | undefined;
  const customerGid =
    customer && typeof customer['admin_graphql_api_id'] === 'string' ? customer['admin_graphql_api_id'] : null;
  const locationId = idText(p['location_id']);
  const lines: ShopifyOrderLineFacts[] = [];
  for (const raw of Array.isArray(p['line_items']) ? (p['line_items'] as Record<string, unknown>[]) : []) {
    const lineGid = raw?.['admin_graphql_api_id'];
    const quantity = Number(raw?.['quantity']);
    if (typeof lineGid !== 'string' || !Number.isInteger(quantity) || quantity <= 0) continue;
    const variantId = idText(raw['variant_id']);
    lines.push({
      gid: lineGid,
      variantGid: variantId ? `${VARIANT_GID}${variantId}` : null,
      sku: textOf(raw['sku']),
      title: textOf(raw['name']) ?? textOf(raw['title']) ?? 'Item',
      quantity,
      unitPrice: minorUnits(raw['price']) ?? 0,
    });
  }
  return {
    gid,
    name: textOf(p['name']) ?? gid.slice(ORDER_GID.length),
    createdAt: dateOf(p['created_at']) ?? updatedAt,
    updatedAt,
    cancelledAt: dateOf(p['cancelled_at']),
    cancelReason: textOf(p['cancel_reason']),
    cancelRestocked: restockedByCancel(p['refunds']),
    currency: (textOf(p['currency']) ?? 'USD').toUpperCase(),
    note: textOf(p['note']),
    email: textOf(p['email']),
    customerGid,
    locationGid: locationId ? `${LOCATION_GID}${locationId}` : null,
    lines,
  };
}

const RESTOCKED_BY_CANCEL = new Set(['cancel', 'legacy_restock']);

function restockedByCancel(refunds: unknown): boolean {
  if (!Array.isArray(refunds)) return false;
  return refunds.some(
    (r) =>
      Array.isArray((r as Record<string, unknown> | null)?.['refund_line_items']) &&
      ((r as Record<string, unknown>)['refund_line_items'] as Record<string, unknown>[]).some((rli) =>
        RESTOCKED_BY_CANCEL.has(String(rli?.['restock_type'])),
      ),
  );
}

/** Facts + resolved ids -> the order input of our orders context. Lines without a resolved variant are left out. */
export function toOrderInput(f: ShopifyOrderFacts, refs: ResolvedOrderRefs): SyncedOrderInput {
  return {
    source: 'shopify',
    externalId: f.gid,
    channel: 'online',
    customerId: refs.customerId,
    locationId: refs.locationId,
    currency: f.currency,
    note: f.note,
    createdAt: f.createdAt,
    cancelledAt: f.cancelledAt,
    cancelReason: f.cancelReason,
    lines: f.lines.flatMap((l) => {
      const v = refs.variants.get(l.gid);
      return v
        ? [{ variantId: v.variantId, sku: v.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice }]
        : [];
    }),
  };
}

/** A Shopify order names something we do not hold yet (its product or location): the apply job retries later. */
export class SyncDependencyMissingError extends DomainError {
  constructor(what: string) {
    super('sync_dependency_missing', `Not applied yet: ${what} is not synced yet.`, 409);
  }
}

interface LineRef {
  variantId: string;
  sku: string;
  inventoryItemId: string | null;
}

/**
 * orders/create, orders/updated and orders/cancelled, in any order and any number of times: keyed on the order GID
 * (advisory lock + the orders context's unique (source, external_id)); whichever delivery comes first creates the order
 * and takes its lines from our stock once; later states change only note, customer and cancellation; an older state
 * changes nothing. The sale is registered as an expected change of each Shopify level, so the level webhook it causes
 * is recognised in either arrival order (InboundInventoryService).
 */
@Injectable()
export class InboundOrdersService {
  constructor(
    @Inject(ORDERS_FACADE) private readonly orders: OrdersFacade,
    @Inject(CATALOG_FACADE) private readonly catalog: CatalogFacade,
    private readonly inventory: InboundInventoryService,
    private readonly history: SyncHistoryService,
  ) {}

  async apply(
    tx: EntityManager,
    workspaceId: string,
    payload: Record<string, unknown>,
    cause: SyncCause,
    triggeredAt: Date | null,
  ): Promise<string> {
    const facts = orderFactsFromWebhook(payload);
    if (!facts) return 'invalid';
    await lockResource(tx, workspaceId, facts.gid);

    const theirs: FieldValues = {
      note: facts.note,
      customerGid: facts.customerGid,
      cancelledAt: facts.cancelledAt?.toISOString() ?? null,
    };
    const record = await tx.findOne(SyncRecord, { workspaceId, entityType: 'order', gid: facts.gid });
    if (record && facts.updatedAt.getTime() <= record.shopifyUpdatedAt.getTime() && sameState(record.lastSeen, theirs))
      return 'duplicate';
    if (record && isOlder(facts.updatedAt, triggeredAt, record)) return 'stale';

    const existing = await this.orders.findExternalForSync(tx, workspaceId, 'shopify', facts.gid);
    const customerId = facts.customerGid ? await this.localIdOf(tx, workspaceId, 'customer', facts.customerGid) : null;
    let orderId: string;
    let orderCode: string;
    let changes: FieldChange[];
    let conflicts: FieldConflict[] = [];
    let stockTaken = record?.lastSeen['stockTaken'] === true;
    let outcome: string;
    const shopLocation = await this.shopLocation(tx, workspaceId, facts.locationGid);
    if (!existing) {
      const lines = await this.resolveLines(tx, workspaceId, facts);
      const connection = await tx.findOne(ShopifyConnection, { workspaceId });
      // Orders placed before the shop was connected are history (the import brings them): they never touch stock.
      const connectedSecond = connection
        ? Math.floor(connection.connectedAt.getTime() / 1000) * 1000
        : Number.POSITIVE_INFINITY;
      const live = facts.createdAt.getTime() >= connectedSecond;
      const input = toOrderInput(facts, { variants: lines, customerId, locationId: shopLocation.locationId });
      // Sold and given back before we heard of it nets out; sold and cancelled without restock left the shelf.
      const netSale = live && !(facts.cancelledAt && facts.cancelRestocked);
      const created = await this.orders.createFromSync(tx, workspaceId, input, {
        takeStock: netSale,
        actor: 'shopify',
      });
      orderId = created.id;
      orderCode = created.name;
      stockTaken = netSale && !facts.cancelledAt;
      // The sale changed Shopify's levels (and a cancellation before we heard of it gave the units back there).
      if (live) {
        const expected = this.levelChanges(
          facts,
          lines,
          shopLocation.shopifyLocationId,
          -1,
          'sale',
          facts.createdAt,
          orderCode,
        );
        if (facts.cancelledAt && facts.cancelRestocked)
          expected.push(
            ...this.levelChanges(
              facts,
              lines,
              shopLocation.shopifyLocationId,
              1,
              'cancel',
              facts.cancelledAt,
              orderCode,
            ),
          );
        await this.inventory.expect(tx, workspaceId, expected, cause);
      }
      changes = [
        { field: 'shopifyName', before: null, after: facts.name },
        { field: 'status', before: null, after: created.status },
        {
          field: 'lines',
          before: null,
          after: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
        },
        { field: 'note', before: null, after: facts.note },
        { field: 'customerId', before: null, after: customerId },
        { field: 'stockTaken', before: null, after: stockTaken },
      ];
      outcome = 'created';
    } else {
      orderId = existing.id;
      orderCode = existing.name;
      // Only what changed on Shopify's side since the last state seen; a note we changed since then, later, stays.
      const merged = mergeFields({
        fields: ['note'],
        base: record?.lastSeen ?? null,
        ours: { note: existing.note },
        theirs: { note: facts.note },
        theirsAt: facts.updatedAt,
        oursAt: () => existing.updatedAt,
      });
      const patch: SyncedOrderPatch = {};
      if ('note' in merged.apply) patch.note = merged.apply['note'] as string | null;
      const customerChanged = !record || record.lastSeen['customerGid'] !== facts.customerGid;
      if (customerId && (customerChanged || existing.customerId === null)) patch.customerId = customerId;
      if (facts.cancelledAt && existing.status !== 'cancelled')
        patch.cancel = {
          at: facts.cancelledAt,
          reason: facts.cancelReason,
          restock: stockTaken && facts.cancelRestocked,
        };
      changes = await this.orders.updateFromSync(tx, workspaceId, existing.id, patch, 'shopify');
      const cancelledNow = patch.cancel !== undefined && changes.some((c) => c.field === 'status');
      if (cancelledNow && !facts.cancelRestocked) stockTaken = false;
      if (cancelledNow && patch.cancel?.restock) {
        const lines = await this.resolveLines(tx, workspaceId, facts);
        await this.inventory.expect(
          tx,
          workspaceId,
          this.levelChanges(
            facts,
            lines,
            shopLocation.shopifyLocationId,
            1,
            'cancel',
            facts.cancelledAt as Date,
            orderCode,
          ),
          cause,
        );
        stockTaken = false;
      }
      conflicts = merged.conflicts;
      outcome = changes.length > 0 ? 'updated' : 'unchanged';
    }

    const row = record ?? new SyncRecord(workspaceId, 'order', facts.gid, orderId, facts.updatedAt, {});
    Object.assign(row, {
      localId: orderId,
      shopifyUpdatedAt: facts.updatedAt,
      shopifyTriggeredAt: triggeredAt,
      lastSeen: { ...theirs, name: facts.name, stockTaken },
    });
    tx.persist(row);
    if (changes.length > 0 || conflicts.length > 0)
      await this.recordHistory(tx, workspaceId, orderId, facts.gid, orderCode, changes, conflicts, cause);
    return outcome;
  }

  private async localIdOf(
    tx: EntityManager,
    workspaceId: string,
    entityType: 'customer' | 'variant' | 'inventory_item',
    gid: string,
  ): Promise<string | null> {
    return (await tx.findOne(SyncRecord, { workspaceId, entityType, gid }))?.localId ?? null;
  }

  /** Each line's variant of ours (by its Shopify variant GID, else its SKU) and its inventory item; all or a retry. */
  private async resolveLines(
    tx: EntityManager,
    workspaceId: string,
    facts: ShopifyOrderFacts,
  ): Promise<Map<string, LineRef>> {
    const out = new Map<string, LineRef>();
    for (const line of facts.lines) {
      const linked = line.variantGid ? await this.localIdOf(tx, workspaceId, 'variant', line.variantGid) : null;
      const ref = linked ? { variantId: linked } : line.sku ? { sku: line.sku } : null;
      const [variant] = ref ? (await this.catalog.resolveVariants(tx, workspaceId, [ref])).variants : [null];
      if (!variant)
        throw new SyncDependencyMissingError(
          `variant ${line.variantGid ?? line.sku ?? line.gid} of order ${facts.name}`,
        );
      const item = await tx.findOne(SyncRecord, { workspaceId, entityType: 'inventory_item', localId: variant.id });
      out.set(line.gid, { variantId: variant.id, sku: variant.sku, inventoryItemId: item ? gidTail(item.gid) : null });
    }
    return out;
  }

  /** Our location for the order and its Shopify location: the order's own, else the shop's first mapped location. */
  private async shopLocation(
    tx: EntityManager,
    workspaceId: string,
    locationGid: string | null,
  ): Promise<{ locationId: string; shopifyLocationId: string }> {
    const map = locationGid
      ? await tx.findOne(ShopifyLocationMap, {
          workspaceId,
          shopifyLocationGid: locationGid,
          locationId: { $ne: null },
        })
      : await tx.findOne(
          ShopifyLocationMap,
          { workspaceId, locationId: { $ne: null } },
          { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
        );
    const shopifyLocationId = map ? gidTail(map.shopifyLocationGid) : null;
    if (!map?.locationId || !shopifyLocationId)
      throw new SyncDependencyMissingError(`location ${locationGid ?? '(primary)'}`);
    return { locationId: map.locationId, shopifyLocationId };
  }

  private levelChanges(
    facts: ShopifyOrderFacts,
    lines: Map<string, LineRef>,
    shopifyLocationId: string,
    sign: 1 | -1,
    kind: 'sale' | 'cancel',
    at: Date,
    orderCode: string,
  ): ExpectedChange[] {
    return facts.lines.flatMap((l) => {
      const ref = lines.get(l.gid);
      if (!ref?.inventoryItemId) return [];
      return [
        {
          locationId: shopifyLocationId,
          inventoryItemId: ref.inventoryItemId,
          causeKey: `${kind}:${l.gid}`,
          orderGid: facts.gid,
          delta: sign * l.quantity,
          occurredAt: at,
          variantId: ref.variantId,
          sku: ref.sku,
          orderCode,
        },
      ];
    });
  }

  private async recordHistory(
    tx: EntityManager,
    workspaceId: string,
    orderId: string,
    gid: string,
    orderCode: string,
    changes: FieldChange[],
    conflicts: FieldConflict[],
    cause: SyncCause,
  ): Promise<void> {
    const entry = new SyncHistoryEntry({
      workspaceId,
      entityType: 'order',
      entityId: orderId,
      gid,
      orderCode,
      direction: 'inbound',
      source: 'webhook',
      changes,
      conflicts,
      cause,
      actor: 'shopify',
    });
    await this.history.record(tx, entry);
  }
}
