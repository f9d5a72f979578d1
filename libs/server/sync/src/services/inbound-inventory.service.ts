import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { FieldChange } from '../domain/field-merge';
import { idText } from '../domain/lossless-json';
import { explainLevelChange, includedIn } from '../domain/stock-expectations';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { SyncStockExpectation } from '../entities/sync-stock-expectation.entity';
import { lockResource } from '../repositories/sync-locks';
import { SyncHistoryService } from './sync-history.service';
import { isOlder } from './inbound-customers.service';

export const INVENTORY_ITEM_GID = 'gid://shopify/InventoryItem/';
export const LOCATION_GID = 'gid://shopify/Location/';

/** The one spelling of a level's GID we key on (Shopify's own, built from the exact numeric ids). */
export function levelGid(locationId: string, inventoryItemId: string): string {
  return `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${inventoryItemId}`;
}

/** The numeric tail of a GID (`gid://shopify/Location/123` -> `123`). */
export function gidTail(gid: string): string | null {
  return /\/(\d{1,20})(?:\?.*)?$/.exec(gid)?.[1] ?? null;
}

/** What we hold about one Shopify level (SyncRecord.lastSeen of an `inventory_level`). */
interface LevelSeen {
  available: number | null;
  /** Shopify-side changes not (yet) explained by anything we know, summed. */
  unexplained: number;
  [key: string]: unknown;
}

/** A change of a Shopify level we know of in advance (a sale, a restock on cancel). */
export interface ExpectedChange {
  locationId: string;
  inventoryItemId: string;
  causeKey: string;
  orderGid: string | null;
  delta: number;
  occurredAt: Date;
  variantId: string;
  sku: string | null;
  orderCode: string | null;
}

const seenOf = (r: SyncRecord | null): LevelSeen => ({
  ...(r?.lastSeen ?? {}),
  available: typeof r?.lastSeen['available'] === 'number' ? (r.lastSeen['available'] as number) : null,
  unexplained: typeof r?.lastSeen['unexplained'] === 'number' ? (r.lastSeen['unexplained'] as number) : 0,
});

/**
 * inventory_levels/update, and the bookkeeping that lets a Shopify sale take our stock exactly once whatever the
 * arrival order: our stock is never moved by a level webhook (only by the order, once, keyed on its GID); the level
 * webhook is judged against the changes we expected (stock-expectations.ts) and anything unexplained is recorded as a
 * Shopify stock change we did not cause (part 2 pushes ours back).
 */
@Injectable()
export class InboundInventoryService {
  constructor(private readonly history: SyncHistoryService) {}

  async applyLevel(
    tx: EntityManager,
    workspaceId: string,
    payload: Record<string, unknown>,
    cause: SyncCause,
    triggeredAt: Date | null,
  ): Promise<string> {
    const itemId = idText(payload['inventory_item_id']);
    const locationId = idText(payload['location_id']);
    const updatedAt = typeof payload['updated_at'] === 'string' ? new Date(payload['updated_at']) : null;
    if (!itemId || !locationId || !updatedAt || Number.isNaN(updatedAt.getTime())) return 'invalid';
    const available = typeof payload['available'] === 'number' ? payload['available'] : null;
    const gid = levelGid(locationId, itemId);
    await lockResource(tx, workspaceId, gid);

    const record = await tx.findOne(SyncRecord, { workspaceId, entityType: 'inventory_level', gid });
    const seen = seenOf(record);
    if (record && updatedAt.getTime() <= record.shopifyUpdatedAt.getTime() && seen.available === available)
      return 'duplicate';
    if (record && isOlder(updatedAt, triggeredAt, record)) return 'stale';

    const item = await tx.findOne(SyncRecord, {
      workspaceId,
      entityType: 'inventory_item',
      gid: `${INVENTORY_ITEM_GID}${itemId}`,
    });
    const variantId = item?.localId ?? null;
    const sku = typeof item?.lastSeen['sku'] === 'string' ? (item.lastSeen['sku'] as string) : null;
    const pending = await tx.find(
      SyncStockExpectation,
      { workspaceId, levelGid: gid, status: 'pending' },
      { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
    );

    let outcome: string;
    const changes: FieldChange[] = [];
    const next: LevelSeen = {
      ...seen,
      available,
      locationGid: `${LOCATION_GID}${locationId}`,
      inventoryItemGid: `${INVENTORY_ITEM_GID}${itemId}`,
    };
    if (seen.available === null || available === null) {
      // No level to compare with (first sight, or untracked): it becomes the base; the sales Shopify had already
      // counted in it need no webhook of their own any more.
      const counted = pending.filter((p) => includedIn(p.occurredAt, updatedAt));
      this.absorb(counted);
      changes.push({ field: 'shopifyAvailable', before: seen.available, after: available });
      if (counted.length > 0)
        changes.push({ field: 'explainedBy', before: null, after: [...new Set(counted.map((p) => p.orderGid))] });
      outcome = 'baseline';
    } else {
      const delta = available - seen.available;
      const { absorbed, unexplained } = explainLevelChange(delta, pending, updatedAt);
      const used = pending.filter((p) => absorbed.includes(p.id));
      this.absorb(used);
      if (delta !== 0) changes.push({ field: 'shopifyAvailable', before: seen.available, after: available });
      if (used.length > 0)
        changes.push({ field: 'explainedBy', before: null, after: [...new Set(used.map((p) => p.orderGid))] });
      if (unexplained !== 0) {
        // A Shopify stock change we did not cause: recorded, our stock untouched (ours is authoritative).
        changes.push({ field: 'unexplainedShopifyChange', before: null, after: unexplained });
        next.unexplained = seen.unexplained + unexplained;
      }
      outcome = unexplained !== 0 ? 'unexplained' : delta === 0 ? 'unchanged' : 'explained';
    }

    const row = record ?? new SyncRecord(workspaceId, 'inventory_level', gid, variantId ?? '', updatedAt, {});
    if (variantId) row.localId = variantId;
    row.shopifyUpdatedAt = updatedAt;
    row.shopifyTriggeredAt = triggeredAt;
    row.lastSeen = next;
    tx.persist(row);
    if (changes.length > 0) await this.record(tx, workspaceId, variantId, gid, sku, null, changes, cause);
    return outcome;
  }

  /**
   * Registers changes we caused on Shopify's side (idempotent per cause key). One the level state we already saw
   * includes (its webhook came first) was recorded as unexplained then: it is taken back out now, with an entry saying
   * what explained it. Locks each level, in GID order.
   */
  async expect(tx: EntityManager, workspaceId: string, expected: ExpectedChange[], cause: SyncCause): Promise<void> {
    const sorted = [...expected].sort((a, b) =>
      levelGid(a.locationId, a.inventoryItemId) < levelGid(b.locationId, b.inventoryItemId) ? -1 : 1,
    );
    for (const e of sorted) {
      const gid = levelGid(e.locationId, e.inventoryItemId);
      await lockResource(tx, workspaceId, gid);
      const known = await tx.findOne(SyncStockExpectation, { workspaceId, levelGid: gid, causeKey: e.causeKey });
      if (known) continue;
      const expectation = new SyncStockExpectation(workspaceId, gid, e.causeKey, e.orderGid, e.delta, e.occurredAt);
      tx.persist(expectation);
      const record = await tx.findOne(SyncRecord, { workspaceId, entityType: 'inventory_level', gid });
      if (!record || !includedIn(e.occurredAt, record.shopifyUpdatedAt)) continue;
      const seen = seenOf(record);
      this.absorb([expectation]);
      if (seen.available === null) continue;
      const left = seen.unexplained - e.delta;
      record.lastSeen = { ...seen, unexplained: left };
      await this.record(
        tx,
        workspaceId,
        e.variantId,
        gid,
        e.sku,
        e.orderCode,
        [
          { field: 'unexplainedShopifyChange', before: seen.unexplained, after: left },
          { field: 'explainedBy', before: null, after: [e.orderGid] },
        ],
        cause,
      );
    }
  }

  private absorb(rows: SyncStockExpectation[]): void {
    const now = new Date();
    for (const r of rows) Object.assign(r, { status: 'absorbed', absorbedAt: now });
  }

  private async record(
    tx: EntityManager,
    workspaceId: string,
    variantId: string | null,
    gid: string,
    sku: string | null,
    orderCode: string | null,
    changes: FieldChange[],
    cause: SyncCause,
  ): Promise<void> {
    const entry = new SyncHistoryEntry({
      workspaceId,
      entityType: 'inventory_level',
      entityId: variantId,
      gid,
      sku,
      orderCode,
      direction: 'inbound',
      source: 'webhook',
      changes,
      conflicts: [],
      cause,
      actor: 'shopify',
    });
    await this.history.record(tx, entry);
  }
}
