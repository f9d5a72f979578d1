// Inventory quantities: on_hand is derived from its parts, every change stamps the level and
// announces itself with inventory_levels/update.
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { InventoryItemRec, LevelRec, LocationRec, StoredQuantityName } from './store.types';
import { ON_HAND_PARTS, QUANTITY_NAMES } from './store.types';
import { inventoryLevelPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { newLevel } from './catalog.domain';

export function onHand(level: LevelRec): number {
  let total = 0;
  for (const part of ON_HAND_PARTS) total += level.q[part];
  return total;
}

export function quantityOf(level: LevelRec, name: string): number | null {
  if (name === 'on_hand') return onHand(level);
  if ((QUANTITY_NAMES as readonly string[]).includes(name)) return level.q[name as StoredQuantityName];
  return null;
}

export interface QuantityChange {
  name: string;
  delta: number;
  level: LevelRec;
  ledgerDocumentUri: string | null;
}

/**
 * Adds delta to a named quantity and reports the resulting changes the way Shopify lists them:
 * the named quantity first, then on_hand when it moved too.
 */
export function applyDelta(level: LevelRec, name: string, delta: number, now: string, ledger: string | null = null): QuantityChange[] {
  if (delta === 0) return [];
  const changes: QuantityChange[] = [];
  if (name === 'on_hand') {
    // on_hand moves with available (the other parts are unaffected)
    level.q.available += delta;
    level.changedAt['available'] = now;
    changes.push({ name: 'available', delta, level, ledgerDocumentUri: ledger });
    changes.push({ name: 'on_hand', delta, level, ledgerDocumentUri: ledger });
  } else {
    const key = name as StoredQuantityName;
    level.q[key] += delta;
    level.changedAt[key] = now;
    changes.push({ name, delta, level, ledgerDocumentUri: ledger });
    if (ON_HAND_PARTS.includes(key)) changes.push({ name: 'on_hand', delta, level, ledgerDocumentUri: ledger });
  }
  level.updatedAt = now;
  return changes;
}

export function ensureLevel(item: InventoryItemRec, location: LocationRec, now: string = isoSeconds()): LevelRec {
  let level = item.levels.get(location.id);
  if (!level) {
    level = newLevel(item.id, location.id, now);
    item.levels.set(location.id, level);
  }
  return level;
}

/** One inventory_levels/update per distinct level touched. */
export function emitLevelUpdates(shop: ShopState, sink: EventSink, changes: readonly QuantityChange[]): void {
  const seen = new Set<LevelRec>();
  for (const c of changes) {
    if (seen.has(c.level)) continue;
    seen.add(c.level);
    const item = shop.inventoryItems.get(c.level.itemId);
    if (item) item.updatedAt = c.level.updatedAt;
    sink.emit(shop, 'inventory_levels/update', inventoryLevelPayload(c.level));
  }
}

/** Merchant sets "available" in the admin. */
export function setAvailable(
  shop: ShopState,
  sink: EventSink,
  item: InventoryItemRec,
  location: LocationRec,
  available: number,
): LevelRec {
  const now = isoSeconds();
  const level = ensureLevel(item, location, now);
  const changes = applyDelta(level, 'available', available - level.q.available, now);
  if (changes.length === 0) {
    // Shopify still reports a save with no net change.
    level.updatedAt = now;
    sink.emit(shop, 'inventory_levels/update', inventoryLevelPayload(level));
    return level;
  }
  emitLevelUpdates(shop, sink, changes);
  return level;
}
