// Inventory quantities: on_hand is derived from its parts, every change stamps the level and
// announces itself with inventory_levels/update. Also the rules of the Admin inventory mutations
// (the resolvers parse arguments and shape payloads only).
import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { InventoryItemRec, LevelRec, LocationRec, StoredQuantityName } from './store.types';
import { ON_HAND_PARTS, QUANTITY_NAMES } from './store.types';
import { inventoryLevelPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { gidId, parseGid } from '../util/gid';
import type { UserError } from './user-error';
import { userError } from './user-error';
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
export function applyDelta(
  level: LevelRec,
  name: string,
  delta: number,
  now: string,
  ledger: string | null = null,
): QuantityChange[] {
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

// ---- Admin API mutation rules (2026-04): validation order, messages and codes as captured from Shopify.

export const INVENTORY_REASONS = [
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_canceled',
  'movement_created',
  'movement_received',
  'movement_updated',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
];
const REASON_ERROR = `The specified reason is invalid. Valid values are: ${INVENTORY_REASONS.join(', ')}.`;
const MAX_QUANTITY = 1_000_000_000;
const STALE_MESSAGE = 'The changeFromQuantity argument no longer matches the persisted quantity.';
const ADJUSTABLE_NAMES = ['available', 'damaged', 'incoming', 'quality_control', 'reserved', 'safety_stock'];
const NAME_ERROR = `The specified quantity name is invalid. Valid values are: ${ADJUSTABLE_NAMES.join(', ')}.`;
const NOT_STOCKED = 'The specified inventory item is not stocked at the location.';

/** Items are only stocked where their level is active (inactive ones refuse quantity changes). */
export function activeLevel(item: InventoryItemRec, locationId: bigint): LevelRec | undefined {
  const level = item.levels.get(locationId);
  return level && level.isActive !== false ? level : undefined;
}

export function activeCount(shop: ShopState, level: LevelRec): number {
  const item = shop.inventoryItems.get(level.itemId);
  return item ? [...item.levels.values()].filter((l) => l.isActive !== false).length : 0;
}

export function deactivateOnlyMessage(shop: ShopState, level: LevelRec): string {
  const name = shop.locations.get(level.locationId)?.name ?? 'this location';
  return `The product couldn't be unstocked from ${name} because products need to be stocked at a minimum of 1 location.`;
}

/** The level named by an InventoryLevel GID (`.../InventoryLevel/<location>?inventory_item_id=<item>`). */
export function levelFromGid(shop: ShopState, value: unknown): LevelRec | null {
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== 'InventoryLevel') return null;
  const itemId = parsed.params.get('inventory_item_id');
  if (!itemId || !/^\d+$/.test(itemId)) return null;
  return shop.inventoryItems.get(BigInt(itemId))?.levels.get(parsed.id) ?? null;
}

export interface GroupChange {
  name: string;
  delta: number;
  quantityAfterChange: null;
  item: InventoryItemRec | null;
  location: LocationRec | null;
  ledgerDocumentUri: string | null;
}

export interface AdjustmentGroup {
  __typename: 'InventoryAdjustmentGroup';
  id: bigint;
  createdAt: string;
  reason: string;
  referenceDocumentUri: string | null;
  changes: GroupChange[];
  app: null;
  staffMember: null;
}

/** The outcome of a quantity mutation: a group (null when nothing moved) or the userErrors. */
export interface AdjustmentOutcome {
  group: AdjustmentGroup | null;
  userErrors: UserError[];
}

const rejected = (userErrors: UserError[]): AdjustmentOutcome => ({ group: null, userErrors });

/** Merges per-level changes by (level, name), drops zero deltas, lists them grouped by name. */
function groupChanges(shop: ShopState, changes: QuantityChange[]): GroupChange[] {
  const merged = new Map<string, { c: QuantityChange; delta: number }>();
  for (const c of changes) {
    const key = `${c.name}|${c.level.itemId}|${c.level.locationId}`;
    const prev = merged.get(key);
    if (prev) prev.delta += c.delta;
    else merged.set(key, { c, delta: c.delta });
  }
  const names: string[] = [];
  for (const { c } of merged.values()) if (!names.includes(c.name)) names.push(c.name);
  const out: GroupChange[] = [];
  for (const name of names) {
    for (const { c, delta } of merged.values()) {
      if (c.name !== name || delta === 0) continue;
      out.push({
        name,
        delta,
        quantityAfterChange: null,
        item: shop.inventoryItems.get(c.level.itemId) ?? null,
        location: shop.locations.get(c.level.locationId) ?? null,
        ledgerDocumentUri: c.ledgerDocumentUri,
      });
    }
  }
  return out;
}

/** Announces the applied changes and records them as one adjustment group. */
function adjustmentGroup(
  shop: ShopState,
  sink: EventSink,
  reason: string,
  referenceDocumentUri: string | null,
  changes: QuantityChange[],
): AdjustmentOutcome {
  const grouped = groupChanges(shop, changes);
  if (grouped.length === 0) return { group: null, userErrors: [] };
  emitLevelUpdates(shop, sink, changes);
  return {
    group: {
      __typename: 'InventoryAdjustmentGroup',
      id: shop.newId(),
      createdAt: isoSeconds(),
      reason,
      referenceDocumentUri,
      changes: grouped,
      app: null,
      staffMember: null,
    },
    userErrors: [],
  };
}

/** Ids as the client sent them (GIDs); unknown or malformed ones become userErrors, not exceptions. */
export interface QuantityTarget {
  inventoryItemId: unknown;
  locationId: unknown;
}

interface Target {
  item: InventoryItemRec | undefined;
  location: LocationRec | undefined;
}

function lookupTarget(shop: ShopState, itemGid: unknown, locationGid: unknown): Target {
  const itemId = gidId(itemGid, 'InventoryItem');
  const locationId = gidId(locationGid, 'Location');
  return {
    item: itemId === null ? undefined : shop.inventoryItems.get(itemId),
    location: locationId === null ? undefined : shop.locations.get(locationId),
  };
}

function duplicatePairErrors(entries: QuantityTarget[], listName: string): UserError[] {
  const seen = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const key = `${String(e.inventoryItemId)}|${String(e.locationId)}`;
    seen.set(key, [...(seen.get(key) ?? []), i]);
  });
  const errors: UserError[] = [];
  for (const idx of seen.values()) {
    if (idx.length < 2) continue;
    for (const i of idx) {
      errors.push(
        userError(
          ['input', listName, String(i), 'locationId'],
          'The combination of inventoryItemId and locationId must be unique.',
          'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
        ),
      );
    }
  }
  return errors;
}

function targetErrors(t: Target, path: string[]): UserError[] {
  const errors: UserError[] = [];
  if (!t.item)
    errors.push(
      userError(
        [...path, 'inventoryItemId'],
        'The specified inventory item could not be found.',
        'INVALID_INVENTORY_ITEM',
      ),
    );
  if (!t.location)
    errors.push(userError([...path, 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
  return errors;
}

function reasonErrors(reason: string): UserError[] {
  return INVENTORY_REASONS.includes(reason) ? [] : [userError(['input', 'reason'], REASON_ERROR, 'INVALID_REASON')];
}

/** changeFromQuantity: null or absent skips the compare-and-swap, a number must equal the current quantity. */
function isStale(level: LevelRec, name: string, expected: unknown): boolean {
  return expected !== null && expected !== undefined && quantityOf(level, name) !== expected;
}

interface MutationInput {
  reason: string;
  referenceDocumentUri: string | null;
}

export interface SetQuantityEntry extends QuantityTarget {
  quantity: number;
  changeFromQuantity: unknown;
}

/**
 * inventorySetQuantities (`listName` quantities, name available|on_hand) and
 * inventorySetOnHandQuantities (`setQuantities`, always on_hand).
 */
export function setQuantities(
  shop: ShopState,
  sink: EventSink,
  input: MutationInput & { name: string; listName: 'quantities' | 'setQuantities'; entries: SetQuantityEntry[] },
): AdjustmentOutcome {
  const { entries, listName, name } = input;
  const errors = reasonErrors(input.reason);
  if (listName === 'quantities' && name !== 'available' && name !== 'on_hand') {
    errors.push(
      userError(['input', 'name'], "The quantity name must be either 'available' or 'on_hand'.", 'INVALID_NAME'),
    );
  }
  if (errors.length > 0) return rejected(errors);
  const targets = entries.map((e) => lookupTarget(shop, e.inventoryItemId, e.locationId));
  entries.forEach((e, i) => {
    const path = ['input', listName, String(i)];
    errors.push(...targetErrors(targets[i] as Target, path));
    const q = e.quantity;
    if (q > MAX_QUANTITY)
      errors.push(
        userError(
          [...path, 'quantity'],
          "The quantity can't be higher than 1,000,000,000.",
          'INVALID_QUANTITY_TOO_HIGH',
        ),
      );
    if (q < -MAX_QUANTITY)
      errors.push(
        userError(
          [...path, 'quantity'],
          "The quantity can't be lower than -1,000,000,000.",
          'INVALID_QUANTITY_TOO_LOW',
        ),
      );
    if (name === 'on_hand' && q < 0)
      errors.push(userError([...path, 'quantity'], "The quantity can't be negative.", 'INVALID_QUANTITY_NEGATIVE'));
  });
  errors.push(...duplicatePairErrors(entries, listName));
  if (errors.length > 0) return rejected(errors);
  const levels: LevelRec[] = [];
  entries.forEach((e, i) => {
    const t = targets[i] as { item: InventoryItemRec; location: LocationRec };
    const level = activeLevel(t.item, t.location.id);
    if (!level) {
      errors.push(userError(['input', listName, String(i), 'locationId'], NOT_STOCKED, 'ITEM_NOT_STOCKED_AT_LOCATION'));
      return;
    }
    levels.push(level);
    if (isStale(level, name, e.changeFromQuantity))
      errors.push(
        userError(['input', listName, String(i), 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'),
      );
  });
  if (errors.length > 0) return rejected(errors);
  const now = isoSeconds();
  const changes: QuantityChange[] = [];
  entries.forEach((e, i) => {
    const level = levels[i] as LevelRec;
    changes.push(...applyDelta(level, name, e.quantity - (quantityOf(level, name) ?? 0), now));
  });
  return adjustmentGroup(shop, sink, input.reason, input.referenceDocumentUri, changes);
}

export interface AdjustEntry extends QuantityTarget {
  delta: number;
  changeFromQuantity: unknown;
  ledgerDocumentUri: string | null;
}

/** inventoryAdjustQuantities: a delta per level on one adjustable quantity name. */
export function adjustQuantities(
  shop: ShopState,
  sink: EventSink,
  input: MutationInput & { name: string; entries: AdjustEntry[] },
): AdjustmentOutcome {
  const { entries, name } = input;
  const errors = reasonErrors(input.reason);
  if (!ADJUSTABLE_NAMES.includes(name)) errors.push(userError(['input', 'name'], NAME_ERROR, 'INVALID_QUANTITY_NAME'));
  if (errors.length > 0) return rejected(errors);
  const targets = entries.map((e) => lookupTarget(shop, e.inventoryItemId, e.locationId));
  targets.forEach((t, i) => errors.push(...targetErrors(t, ['input', 'changes', String(i)])));
  if (errors.length > 0) return rejected(errors);
  const levels: LevelRec[] = [];
  entries.forEach((e, i) => {
    const path = ['input', 'changes', String(i)];
    const t = targets[i] as { item: InventoryItemRec; location: LocationRec };
    const level = activeLevel(t.item, t.location.id);
    if (!level) {
      errors.push(userError([...path, 'locationId'], NOT_STOCKED, 'ITEM_NOT_STOCKED_AT_LOCATION'));
      return;
    }
    levels.push(level);
    if (isStale(level, name, e.changeFromQuantity))
      errors.push(userError([...path, 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'));
    if ((quantityOf(level, name) ?? 0) + e.delta > MAX_QUANTITY) {
      errors.push(
        userError([...path, 'delta'], "The quantity can't be higher than 1,000,000,000.", 'INVALID_QUANTITY_TOO_HIGH'),
      );
    }
  });
  if (errors.length > 0) return rejected(errors);
  const now = isoSeconds();
  const changes: QuantityChange[] = [];
  entries.forEach((e, i) =>
    changes.push(...applyDelta(levels[i] as LevelRec, name, e.delta, now, e.ledgerDocumentUri)),
  );
  return adjustmentGroup(shop, sink, input.reason, input.referenceDocumentUri, changes);
}

export interface MoveTerminal {
  locationId: unknown;
  name: string;
  changeFromQuantity: unknown;
  ledgerDocumentUri: string | null;
}

export interface MoveEntry {
  inventoryItemId: unknown;
  quantity: number;
  from: MoveTerminal;
  to: MoveTerminal;
}

/** inventoryMoveQuantities: each entry takes quantity from one (location, name) and adds it to another. */
export function moveQuantities(
  shop: ShopState,
  sink: EventSink,
  input: MutationInput & { entries: MoveEntry[] },
): AdjustmentOutcome {
  const { entries } = input;
  const errors = reasonErrors(input.reason);
  // Both ends name a quantity that can be moved, exactly as inventoryAdjustQuantities' name.
  entries.forEach((e, i) => {
    for (const side of ['from', 'to'] as const) {
      if (!ADJUSTABLE_NAMES.includes(e[side].name))
        errors.push(userError(['input', 'changes', String(i), side, 'name'], NAME_ERROR, 'INVALID_QUANTITY_NAME'));
    }
  });
  if (errors.length > 0) return rejected(errors);
  const resolved = entries.map((e) => {
    const itemId = gidId(e.inventoryItemId, 'InventoryItem');
    const fromLoc = gidId(e.from.locationId, 'Location');
    const toLoc = gidId(e.to.locationId, 'Location');
    return {
      item: itemId === null ? undefined : shop.inventoryItems.get(itemId),
      fromLocation: fromLoc === null ? undefined : shop.locations.get(fromLoc),
      toLocation: toLoc === null ? undefined : shop.locations.get(toLoc),
    };
  });
  resolved.forEach((r, i) => {
    const base = ['input', 'changes', String(i)];
    if (!r.item)
      errors.push(
        userError(
          [...base, 'inventoryItemId'],
          'The specified inventory item could not be found.',
          'INVALID_INVENTORY_ITEM',
        ),
      );
    if (!r.fromLocation)
      errors.push(
        userError([...base, 'from', 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'),
      );
    if (!r.toLocation)
      errors.push(
        userError([...base, 'to', 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'),
      );
  });
  if (errors.length > 0) return rejected(errors);
  const now = isoSeconds();
  const plan: Array<{ level: LevelRec; name: string; delta: number; ledger: string | null }> = [];
  resolved.forEach((r, i) => {
    const base = ['input', 'changes', String(i)];
    const entry = entries[i] as MoveEntry;
    for (const [side, loc, sign] of [
      ['from', r.fromLocation, -1],
      ['to', r.toLocation, 1],
    ] as const) {
      const terminal = entry[side];
      const level = activeLevel(r.item as InventoryItemRec, (loc as LocationRec).id);
      if (!level) {
        errors.push(userError([...base, side, 'locationId'], NOT_STOCKED, 'ITEM_NOT_STOCKED_AT_LOCATION'));
        continue;
      }
      if (isStale(level, terminal.name, terminal.changeFromQuantity))
        errors.push(userError([...base, side, 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'));
      plan.push({ level, name: terminal.name, delta: sign * entry.quantity, ledger: terminal.ledgerDocumentUri });
    }
  });
  if (errors.length > 0) return rejected(errors);
  const changes: QuantityChange[] = [];
  for (const p of plan) changes.push(...applyDelta(p.level, p.name, p.delta, now, p.ledger));
  return adjustmentGroup(shop, sink, input.reason, input.referenceDocumentUri, changes);
}

/**
 * inventoryDeactivate: unstocks an item at a location. Refused for the item's last active level;
 * 2026-04 deactivates even with committed, incoming or reserved stock (the level keeps it).
 */
export function deactivateLevel(shop: ShopState, sink: EventSink, inventoryLevelId: unknown): UserError[] {
  const parsed = parseGid(inventoryLevelId);
  const itemId = parsed?.type === 'InventoryLevel' ? parsed.params.get('inventory_item_id') : null;
  const item = itemId && /^\d+$/.test(itemId) ? shop.inventoryItems.get(BigInt(itemId)) : undefined;
  if (!item) return [userError(null, "The product couldn't be unstocked because the product was deleted.")];
  const level = parsed ? item.levels.get(parsed.id) : undefined;
  if (!level || !shop.locations.has(level.locationId))
    return [userError(null, "The product couldn't be unstocked because the location was deleted.")];
  if (level.isActive === false) return [];
  if (activeCount(shop, level) <= 1) return [userError(null, deactivateOnlyMessage(shop, level))];
  level.isActive = false;
  level.updatedAt = isoSeconds();
  sink.emit(shop, 'inventory_levels/disconnect', { inventory_item_id: item.id, location_id: level.locationId });
  return [];
}

/** inventoryActivate: stocks an item at a location (connect), optionally setting available / on_hand. */
export function activateLevel(
  shop: ShopState,
  sink: EventSink,
  input: QuantityTarget & { available: number | undefined; onHand: number | undefined },
): { level: LevelRec | null; userErrors: UserError[] } {
  const t = lookupTarget(shop, input.inventoryItemId, input.locationId);
  if (!t.item)
    return {
      level: null,
      userErrors: [
        userError(['inventoryItemId'], "The product couldn't be stocked because the inventory item wasn't found."),
      ],
    };
  if (!t.location)
    return {
      level: null,
      userErrors: [userError(['locationId'], "The product couldn't be stocked because the location wasn't found.")],
    };
  const before = t.item.levels.get(t.location.id);
  const wasActive = before !== undefined && before.isActive !== false;
  if (wasActive && input.available !== undefined) {
    return {
      level: before,
      userErrors: [
        userError(
          ['available'],
          'Not allowed to set available quantity when the item is already active at the location.',
        ),
      ],
    };
  }
  const now = isoSeconds();
  const level = ensureLevel(t.item, t.location, now);
  if (!wasActive) {
    level.isActive = true;
    level.updatedAt = now;
    sink.emit(shop, 'inventory_levels/connect', { inventory_item_id: t.item.id, location_id: t.location.id });
  }
  const changes: QuantityChange[] = [];
  if (input.available !== undefined)
    changes.push(...applyDelta(level, 'available', input.available - level.q.available, now));
  if (input.onHand !== undefined) changes.push(...applyDelta(level, 'on_hand', input.onHand - onHand(level), now));
  emitLevelUpdates(shop, sink, changes);
  return { level, userErrors: [] };
}
