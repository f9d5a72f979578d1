// 2026-04 inventory: compare-and-swap via changeFromQuantity (which must be present, null skips
// the check), mandatory @idempotent, validation order and messages as captured from Shopify.
import { GraphQLError } from 'graphql';
import type { GraphQLResolveInfo, VariableDefinitionNode } from 'graphql';
import type { ShopState } from '../../store/shop-state';
import type { InventoryItemRec, LevelRec, LocationRec } from '../../store/store.types';
import type { QuantityChange } from '../../store/inventory.domain';
import { applyDelta, emitLevelUpdates, ensureLevel, onHand, quantityOf } from '../../store/inventory.domain';
import { connectionFromArray, connectionFromIndex } from '../connection';
import { acceptSearch, compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap, UserError } from '../resolver-types';
import { count, gidId, money, userError } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { withIdempotency } from '../idempotency';
import { inventoryLevelGid, parseGid, toGid } from '../../util/gid';
import { isoSeconds } from '../../util/time';

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

/** Shopify rejects quantity inputs that omit changeFromQuantity (explicit null is allowed). */
function requireChangeFrom(info: GraphQLResolveInfo, entries: Args[], typeName: string, nested?: 'from' | 'to'): void {
  for (const entry of entries) {
    const target = nested ? (entry[nested] as Args) : entry;
    if (!Object.prototype.hasOwnProperty.call(target, 'changeFromQuantity')) {
      const field = info.fieldNodes[0];
      const inputArg = field?.arguments?.find((a) => a.name.value === 'input');
      let second: VariableDefinitionNode | typeof inputArg | undefined = inputArg;
      if (inputArg?.value.kind === 'Variable') {
        const varName = inputArg.value.name.value;
        second = info.operation.variableDefinitions?.find((d) => d.variable.name.value === varName);
      }
      throw new GraphQLError(`${typeName} must include the following argument: changeFromQuantity.`, {
        nodes: [field, second].filter((n): n is NonNullable<typeof n> => n !== undefined),
        extensions: { code: 'INVALID_FIELD_ARGUMENTS' },
      });
    }
  }
}

interface GroupChange {
  name: string;
  delta: number;
  quantityAfterChange: null;
  item: InventoryItemRec | null;
  location: LocationRec | null;
  ledgerDocumentUri: string | null;
}

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

function adjustmentGroup(ctx: GraphQLContext, reason: string, referenceDocumentUri: string | null, changes: QuantityChange[]) {
  const grouped = groupChanges(ctx.shop, changes);
  if (grouped.length === 0) return null;
  emitLevelUpdates(ctx.shop, ctx.sink, changes);
  return {
    __typename: 'InventoryAdjustmentGroup',
    id: ctx.shop.newId(),
    createdAt: isoSeconds(),
    reason,
    referenceDocumentUri,
    changes: grouped,
    app: null,
    staffMember: null,
  };
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

function duplicatePairErrors(entries: Args[], listName: string): UserError[] {
  const seen = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const key = `${String(e['inventoryItemId'])}|${String(e['locationId'])}`;
    seen.set(key, [...(seen.get(key) ?? []), i]);
  });
  const errors: UserError[] = [];
  for (const idx of seen.values()) {
    if (idx.length < 2) continue;
    for (const i of idx) {
      errors.push(
        userError(['input', listName, String(i), 'locationId'], 'The combination of inventoryItemId and locationId must be unique.', 'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR'),
      );
    }
  }
  return errors;
}

function targetErrors(t: Target, path: string[]): UserError[] {
  const errors: UserError[] = [];
  if (!t.item) errors.push(userError([...path, 'inventoryItemId'], 'The specified inventory item could not be found.', 'INVALID_INVENTORY_ITEM'));
  if (!t.location) errors.push(userError([...path, 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
  return errors;
}

const failed = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });

/** Shared body of inventorySetQuantities / inventorySetOnHandQuantities. */
function setQuantities(ctx: GraphQLContext, input: Args, listName: 'quantities' | 'setQuantities', name: string) {
  const entries = input[listName] as Args[];
  const errors: UserError[] = [];
  if (!INVENTORY_REASONS.includes(String(input['reason']))) errors.push(userError(['input', 'reason'], REASON_ERROR, 'INVALID_REASON'));
  if (listName === 'quantities' && name !== 'available' && name !== 'on_hand') {
    errors.push(userError(['input', 'name'], "The quantity name must be either 'available' or 'on_hand'.", 'INVALID_NAME'));
  }
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const targets = entries.map((e) => lookupTarget(ctx.shop, e['inventoryItemId'], e['locationId']));
  entries.forEach((e, i) => {
    const t = targets[i] as Target;
    errors.push(...targetErrors(t, ['input', listName, String(i)]));
    const q = Number(e['quantity']);
    if (q > MAX_QUANTITY) errors.push(userError(['input', listName, String(i), 'quantity'], "The quantity can't be higher than 1,000,000,000.", 'INVALID_QUANTITY_TOO_HIGH'));
    if (q < -MAX_QUANTITY) errors.push(userError(['input', listName, String(i), 'quantity'], "The quantity can't be lower than -1,000,000,000.", 'INVALID_QUANTITY_TOO_LOW'));
    if (name === 'on_hand' && q < 0) errors.push(userError(['input', listName, String(i), 'quantity'], "The quantity can't be negative.", 'INVALID_QUANTITY_NEGATIVE'));
  });
  errors.push(...duplicatePairErrors(entries, listName));
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const levels: LevelRec[] = [];
  entries.forEach((e, i) => {
    const t = targets[i] as { item: InventoryItemRec; location: LocationRec };
    const level = activeLevel(t.item, t.location.id);
    if (!level) {
      errors.push(userError(['input', listName, String(i), 'locationId'], 'The specified inventory item is not stocked at the location.', 'ITEM_NOT_STOCKED_AT_LOCATION'));
      return;
    }
    levels.push(level);
    const expected: unknown = e['changeFromQuantity'];
    if (expected !== null && expected !== undefined && quantityOf(level, name) !== expected) {
      errors.push(userError(['input', listName, String(i), 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'));
    }
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const now = isoSeconds();
  const changes: QuantityChange[] = [];
  entries.forEach((e, i) => {
    const level = levels[i] as LevelRec;
    const current = quantityOf(level, name) ?? 0;
    changes.push(...applyDelta(level, name, Number(e['quantity']) - current, now));
  });
  return {
    inventoryAdjustmentGroup: adjustmentGroup(ctx, String(input['reason']), (input['referenceDocumentUri'] as string | undefined) ?? null, changes),
    userErrors: [],
  };
}

function levelQuantities(level: LevelRec, names: string[] | undefined) {
  const list = names && names.length > 0 ? names : ['available', 'on_hand'];
  return list.map((name) => ({
    __typename: 'InventoryQuantity',
    id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${level.itemId}&name=${name}`,
    name,
    quantity: quantityOf(level, name) ?? 0,
    updatedAt: name === 'on_hand' ? (level.changedAt['on_hand'] ?? null) : (level.changedAt[name] ?? null),
  }));
}

function levelFromGid(shop: ShopState, value: unknown): LevelRec | null {
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== 'InventoryLevel') return null;
  const itemId = parsed.params.get('inventory_item_id');
  if (!itemId || !/^\d+$/.test(itemId)) return null;
  return shop.inventoryItems.get(BigInt(itemId))?.levels.get(parsed.id) ?? null;
}

export { levelFromGid };

function activeCount(shop: ShopState, level: LevelRec): number {
  const item = shop.inventoryItems.get(level.itemId);
  return item ? [...item.levels.values()].filter((l) => l.isActive !== false).length : 0;
}

function deactivateOnlyMessage(shop: ShopState, level: LevelRec): string {
  const name = shop.locations.get(level.locationId)?.name ?? 'this location';
  return `The product couldn't be unstocked from ${name} because products need to be stocked at a minimum of 1 location.`;
}

function sortedLevels(item: InventoryItemRec): LevelRec[] {
  return [...item.levels.values()].sort((a, b) => (a.locationId < b.locationId ? -1 : 1));
}

/** Search fields of InventoryItem.inventoryLevels / Location.inventoryLevels (query:). */
export const LEVEL_SEARCH_FIELDS: Record<string, FieldGetter<LevelRec>> = {
  id: (l) => l.locationId,
  location_id: (l) => l.locationId,
  inventory_item_id: (l) => l.itemId,
  inventory_group_id: (l) => l.locationId,
  created_at: (l) => l.createdAt,
  updated_at: (l) => l.updatedAt,
};

/** A level list as Shopify filters it: inactive levels only with includeInactive, then `query:`. */
export function visibleLevels(levels: LevelRec[], args: Args, ctx: GraphQLContext): LevelRec[] {
  void ctx;
  const filter = compileSearch<LevelRec>(args['query'] as string | null, LEVEL_SEARCH_FIELDS);
  return levels.filter((l) => (args['includeInactive'] === true || l.isActive !== false) && (!filter || filter(l)));
}

/** Items are only stocked where their level is active (inactive ones refuse quantity changes). */
function activeLevel(item: InventoryItemRec, locationId: bigint): LevelRec | undefined {
  const level = item.levels.get(locationId);
  return level && level.isActive !== false ? level : undefined;
}

export const inventoryResolvers: ResolverMap = {
  QueryRoot: {
    inventoryItems: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch<InventoryItemRec>(args['query'] as string | null, {
        id: (i) => i.id,
        sku: (i) => shop.variants.get(i.variantId)?.sku,
        updated_at: (i) => i.updatedAt,
        created_at: (i) => i.createdAt,
      });
      return connectionFromIndex(shop.inventoryItemIds, (id) => shop.inventoryItems.get(id), (i) => i.id, args, filter, ctx.bulkPage);
    },
    inventoryItem: (_s, args, ctx) => {
      const id = gidId(args['id'], 'InventoryItem');
      return id === null ? null : (ctx.shop.inventoryItems.get(id) ?? null);
    },
    inventoryLevel: (_s, args, ctx) => levelFromGid(ctx.shop, args['id']),
  },
  InventoryItem: {
    sku: (i: InventoryItemRec, _a, ctx) => ctx.shop.variants.get(i.variantId)?.sku ?? null,
    variant: (i: InventoryItemRec, _a, ctx) => ctx.shop.variants.get(i.variantId) ?? null,
    inventoryLevels: (i: InventoryItemRec, args, ctx) => connectionFromArray(visibleLevels(sortedLevels(i), args, ctx), (l) => l.locationId, args, Boolean(ctx.bulkPage)),
    inventoryLevel: (i: InventoryItemRec, args) => {
      const loc = gidId(args['locationId'], 'Location');
      return loc === null ? null : (i.levels.get(loc) ?? null);
    },
    locationsCount: (i: InventoryItemRec) => count([...i.levels.values()].filter((l) => l.isActive !== false).length),
    measurement: (i: InventoryItemRec) => ({ id: toGid('InventoryItemMeasurement', i.id), weight: i.weight ? { ...i.weight } : { unit: 'KILOGRAMS', value: i.weightGrams / 1000 } }),
    unitCost: (i: InventoryItemRec, _a, ctx) => (i.unitCost === null ? null : money(i.unitCost, ctx.shop.currencyCode)),
    provinceCodeOfOrigin: (i: InventoryItemRec) => i.provinceCodeOfOrigin ?? null,
    // One variant per inventory item on a store without shared items.
    variants: (i: InventoryItemRec, args, ctx) => {
      const v = ctx.shop.variants.get(i.variantId);
      return connectionFromArray(v ? [v] : [], (x) => x.id, args, Boolean(ctx.bulkPage));
    },
    duplicateSkuCount: () => 0,
    inventoryHistoryUrl: () => null,
    trackedEditable: () => ({ locked: false, reason: null }),
  },
  InventoryLevel: {
    id: (l: LevelRec) => inventoryLevelGid(l.locationId, l.itemId),
    item: (l: LevelRec, _a, ctx) => ctx.shop.inventoryItems.get(l.itemId) ?? null,
    location: (l: LevelRec, _a, ctx) => ctx.shop.locations.get(l.locationId) ?? null,
    quantities: (l: LevelRec, args) => levelQuantities(l, args['names'] as string[] | undefined),
    isActive: (l: LevelRec) => l.isActive !== false,
    // Scheduled changes (incoming transfers) cannot be created on the emulator.
    scheduledChanges: (_l: LevelRec, args, ctx) => {
      acceptSearch();
      return connectionFromArray([] as LevelRec[], (x) => x.locationId, args, Boolean(ctx.bulkPage));
    },
    canDeactivate: (l: LevelRec, _a, ctx) => l.isActive !== false && activeCount(ctx.shop, l) > 1,
    deactivationAlert: (l: LevelRec, _a, ctx) => (l.isActive !== false && activeCount(ctx.shop, l) <= 1 ? deactivateOnlyMessage(ctx.shop, l) : null),
  },
  InventoryAdjustmentGroup: {
    changes: (g: { changes: GroupChange[] }, args) =>
      g.changes.filter(
        (c) =>
          (!args['quantityNames'] || (args['quantityNames'] as string[]).includes(c.name)) &&
          (!args['inventoryItemIds'] || (args['inventoryItemIds'] as string[]).includes(toGid('InventoryItem', c.item?.id ?? 0n))) &&
          (!args['locationIds'] || (args['locationIds'] as string[]).includes(toGid('Location', c.location?.id ?? 0n))),
      ),
  },
  Mutation: {
    inventorySetQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      requireChangeFrom(info, input['quantities'] as Args[], 'InventoryQuantityInput');
      return withIdempotency(ctx, info, args, () => setQuantities(ctx, input, 'quantities', String(input['name'])), failed);
    },
    inventorySetOnHandQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      requireChangeFrom(info, input['setQuantities'] as Args[], 'InventorySetQuantityInput');
      return withIdempotency(ctx, info, args, () => setQuantities(ctx, input, 'setQuantities', 'on_hand'), failed);
    },
    inventoryAdjustQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      const entries = input['changes'] as Args[];
      requireChangeFrom(info, entries, 'InventoryChangeInput');
      return withIdempotency(
        ctx,
        info,
        args,
        () => {
          const errors: UserError[] = [];
          const name = String(input['name']);
          if (!INVENTORY_REASONS.includes(String(input['reason']))) errors.push(userError(['input', 'reason'], REASON_ERROR, 'INVALID_REASON'));
          if (!ADJUSTABLE_NAMES.includes(name)) {
            errors.push(userError(['input', 'name'], NAME_ERROR, 'INVALID_QUANTITY_NAME'));
          }
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const targets = entries.map((e) => lookupTarget(ctx.shop, e['inventoryItemId'], e['locationId']));
          targets.forEach((t, i) => errors.push(...targetErrors(t, ['input', 'changes', String(i)])));
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const levels: LevelRec[] = [];
          entries.forEach((e, i) => {
            const t = targets[i] as { item: InventoryItemRec; location: LocationRec };
            const level = activeLevel(t.item, t.location.id);
            if (!level) {
              errors.push(userError(['input', 'changes', String(i), 'locationId'], 'The specified inventory item is not stocked at the location.', 'ITEM_NOT_STOCKED_AT_LOCATION'));
              return;
            }
            levels.push(level);
            const expected: unknown = e['changeFromQuantity'];
            if (expected !== null && expected !== undefined && quantityOf(level, name) !== expected) {
              errors.push(userError(['input', 'changes', String(i), 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'));
            }
            const after = (quantityOf(level, name) ?? 0) + Number(e['delta']);
            if (after > MAX_QUANTITY) {
              errors.push(userError(['input', 'changes', String(i), 'delta'], "The quantity can't be higher than 1,000,000,000.", 'INVALID_QUANTITY_TOO_HIGH'));
            }
          });
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const now = isoSeconds();
          const changes: QuantityChange[] = [];
          entries.forEach((e, i) => {
            changes.push(...applyDelta(levels[i] as LevelRec, name, Number(e['delta']), now, (e['ledgerDocumentUri'] as string | undefined) ?? null));
          });
          return {
            inventoryAdjustmentGroup: adjustmentGroup(ctx, String(input['reason']), (input['referenceDocumentUri'] as string | undefined) ?? null, changes),
            userErrors: [],
          };
        },
        failed,
      );
    },
    inventoryMoveQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      const entries = input['changes'] as Args[];
      requireChangeFrom(info, entries, 'InventoryMoveQuantityTerminalInput', 'from');
      requireChangeFrom(info, entries, 'InventoryMoveQuantityTerminalInput', 'to');
      return withIdempotency(
        ctx,
        info,
        args,
        () => {
          const errors: UserError[] = [];
          if (!INVENTORY_REASONS.includes(String(input['reason']))) errors.push(userError(['input', 'reason'], REASON_ERROR, 'INVALID_REASON'));
          // Both ends name a quantity that can be moved, exactly as inventoryAdjustQuantities' name.
          entries.forEach((e, i) => {
            for (const side of ['from', 'to'] as const) {
              const name = String((e[side] as Args)['name']);
              if (!ADJUSTABLE_NAMES.includes(name)) errors.push(userError(['input', 'changes', String(i), side, 'name'], NAME_ERROR, 'INVALID_QUANTITY_NAME'));
            }
          });
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const resolved = entries.map((e) => {
            const itemId = gidId(e['inventoryItemId'], 'InventoryItem');
            const item = itemId === null ? undefined : ctx.shop.inventoryItems.get(itemId);
            const from = e['from'] as Args;
            const to = e['to'] as Args;
            const fromLoc = gidId(from['locationId'], 'Location');
            const toLoc = gidId(to['locationId'], 'Location');
            return {
              item,
              from,
              to,
              fromLocation: fromLoc === null ? undefined : ctx.shop.locations.get(fromLoc),
              toLocation: toLoc === null ? undefined : ctx.shop.locations.get(toLoc),
            };
          });
          resolved.forEach((r, i) => {
            const base = ['input', 'changes', String(i)];
            if (!r.item) errors.push(userError([...base, 'inventoryItemId'], 'The specified inventory item could not be found.', 'INVALID_INVENTORY_ITEM'));
            if (!r.fromLocation) errors.push(userError([...base, 'from', 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
            if (!r.toLocation) errors.push(userError([...base, 'to', 'locationId'], 'The specified location could not be found.', 'INVALID_LOCATION'));
          });
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const now = isoSeconds();
          const plan: Array<{ level: LevelRec; name: string; delta: number; ledger: string | null }> = [];
          resolved.forEach((r, i) => {
            const base = ['input', 'changes', String(i)];
            const qty = Number(entries[i]?.['quantity'] ?? 0);
            for (const [side, loc, sign] of [
              ['from', r.fromLocation, -1],
              ['to', r.toLocation, 1],
            ] as const) {
              const terminal = side === 'from' ? r.from : r.to;
              const level = activeLevel(r.item as InventoryItemRec, (loc as LocationRec).id);
              if (!level) {
                errors.push(userError([...base, side, 'locationId'], 'The specified inventory item is not stocked at the location.', 'ITEM_NOT_STOCKED_AT_LOCATION'));
                continue;
              }
              const expected: unknown = terminal['changeFromQuantity'];
              const name = String(terminal['name']);
              if (expected !== null && expected !== undefined && quantityOf(level, name) !== expected) {
                errors.push(userError([...base, side, 'changeFromQuantity'], STALE_MESSAGE, 'CHANGE_FROM_QUANTITY_STALE'));
              }
              plan.push({ level, name, delta: sign * qty, ledger: (terminal['ledgerDocumentUri'] as string | undefined) ?? null });
            }
          });
          if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
          const changes: QuantityChange[] = [];
          for (const p of plan) changes.push(...applyDelta(p.level, p.name, p.delta, now, p.ledger));
          return {
            inventoryAdjustmentGroup: adjustmentGroup(ctx, String(input['reason']), (input['referenceDocumentUri'] as string | undefined) ?? null, changes),
            userErrors: [],
          };
        },
        failed,
      );
    },
    inventoryDeactivate: async (_s, args, ctx, info) =>
      withIdempotency(
        ctx,
        info,
        args,
        () => {
          const parsed = parseGid(args['inventoryLevelId']);
          const itemId = parsed?.type === 'InventoryLevel' ? parsed.params.get('inventory_item_id') : null;
          const item = itemId && /^\d+$/.test(itemId) ? ctx.shop.inventoryItems.get(BigInt(itemId)) : undefined;
          if (!item) return { userErrors: [userError(null, "The product couldn't be unstocked because the product was deleted.")] };
          const level = parsed ? item.levels.get(parsed.id) : undefined;
          if (!level || !ctx.shop.locations.has(level.locationId)) return { userErrors: [userError(null, "The product couldn't be unstocked because the location was deleted.")] };
          if (level.isActive === false) return { userErrors: [] };
          if (activeCount(ctx.shop, level) <= 1) return { userErrors: [userError(null, deactivateOnlyMessage(ctx.shop, level))] };
          // 2026-04 deactivates even with committed, incoming or reserved stock (the level keeps it).
          level.isActive = false;
          level.updatedAt = isoSeconds();
          ctx.sink.emit(ctx.shop, 'inventory_levels/disconnect', { inventory_item_id: item.id, location_id: level.locationId });
          return { userErrors: [] };
        },
        (e) => ({ userErrors: [e] }),
      ),
    inventoryActivate: async (_s, args, ctx, info) =>
      withIdempotency(
        ctx,
        info,
        args,
        () => {
          const t = lookupTarget(ctx.shop, args['inventoryItemId'], args['locationId']);
          if (!t.item) return { inventoryLevel: null, userErrors: [userError(['inventoryItemId'], 'The product couldn\'t be stocked because the inventory item wasn\'t found.')] };
          if (!t.location) return { inventoryLevel: null, userErrors: [userError(['locationId'], 'The product couldn\'t be stocked because the location wasn\'t found.')] };
          const before = t.item.levels.get(t.location.id);
          const wasActive = before !== undefined && before.isActive !== false;
          if (wasActive && typeof args['available'] === 'number') {
            return { inventoryLevel: before, userErrors: [userError(['available'], 'Not allowed to set available quantity when the item is already active at the location.')] };
          }
          const now = isoSeconds();
          const level = ensureLevel(t.item, t.location, now);
          if (!wasActive) {
            level.isActive = true;
            level.updatedAt = now;
            ctx.sink.emit(ctx.shop, 'inventory_levels/connect', { inventory_item_id: t.item.id, location_id: t.location.id });
          }
          const changes: QuantityChange[] = [];
          if (typeof args['available'] === 'number') changes.push(...applyDelta(level, 'available', (args['available'] as number) - level.q.available, now));
          if (typeof args['onHand'] === 'number') changes.push(...applyDelta(level, 'on_hand', (args['onHand'] as number) - onHand(level), now));
          emitLevelUpdates(ctx.shop, ctx.sink, changes);
          return { inventoryLevel: level, userErrors: [] };
        },
        (e) => ({ inventoryLevel: null, userErrors: [e] }),
      ),
  },
};

