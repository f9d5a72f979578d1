// 2026-04 inventory: compare-and-swap via changeFromQuantity (which must be present, null skips
// the check), mandatory @idempotent. The mutation rules (validation order and messages as captured
// from Shopify) live in store/inventory.domain.ts; these resolvers parse arguments and shape payloads.
import { GraphQLError } from 'graphql';
import type { GraphQLResolveInfo, VariableDefinitionNode } from 'graphql';
import type { InventoryItemRec, LevelRec } from '../../store/store.types';
import type { AdjustmentGroup, AdjustmentOutcome, MoveTerminal } from '../../store/inventory.domain';
import {
  activateLevel,
  activeCount,
  adjustQuantities,
  deactivateLevel,
  deactivateOnlyMessage,
  levelFromGid,
  moveQuantities,
  quantityOf,
  setQuantities,
} from '../../store/inventory.domain';
import { connectionFromArray, connectionFromIndex } from '../connection';
import { acceptSearch, compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap, UserError } from '../resolver-types';
import { count, gidId, money } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { withIdempotency } from '../idempotency';
import { inventoryLevelGid, toGid } from '../../util/gid';

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

const failed = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });

/** Runs a quantity mutation under @idempotent and shapes its InventoryAdjustmentGroup payload. */
function adjustment(ctx: GraphQLContext, info: GraphQLResolveInfo, args: Args, run: () => AdjustmentOutcome) {
  return withIdempotency(
    ctx,
    info,
    args,
    () => {
      const out = run();
      return { inventoryAdjustmentGroup: out.group, userErrors: out.userErrors };
    },
    failed,
  );
}

function mutationInput(input: Args): { reason: string; referenceDocumentUri: string | null } {
  return {
    reason: String(input['reason']),
    referenceDocumentUri: (input['referenceDocumentUri'] as string | undefined) ?? null,
  };
}

function moveTerminal(t: Args): MoveTerminal {
  return {
    locationId: t['locationId'],
    name: String(t['name']),
    changeFromQuantity: t['changeFromQuantity'],
    ledgerDocumentUri: (t['ledgerDocumentUri'] as string | undefined) ?? null,
  };
}

/** inventorySetQuantities / inventorySetOnHandQuantities. */
function setFromInput(
  ctx: GraphQLContext,
  input: Args,
  listName: 'quantities' | 'setQuantities',
  name: string,
): AdjustmentOutcome {
  const entries = (input[listName] as Args[]).map((e) => ({
    inventoryItemId: e['inventoryItemId'] as unknown,
    locationId: e['locationId'] as unknown,
    quantity: Number(e['quantity']),
    changeFromQuantity: e['changeFromQuantity'] as unknown,
  }));
  return setQuantities(ctx.shop, ctx.sink, { ...mutationInput(input), name, listName, entries });
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
      return connectionFromIndex(
        shop.inventoryItemIds,
        (id) => shop.inventoryItems.get(id),
        (i) => i.id,
        args,
        filter,
        ctx.bulkPage,
      );
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
    inventoryLevels: (i: InventoryItemRec, args, ctx) =>
      connectionFromArray(visibleLevels(sortedLevels(i), args, ctx), (l) => l.locationId, args, Boolean(ctx.bulkPage)),
    inventoryLevel: (i: InventoryItemRec, args) => {
      const loc = gidId(args['locationId'], 'Location');
      return loc === null ? null : (i.levels.get(loc) ?? null);
    },
    locationsCount: (i: InventoryItemRec) => count([...i.levels.values()].filter((l) => l.isActive !== false).length),
    measurement: (i: InventoryItemRec) => ({
      id: toGid('InventoryItemMeasurement', i.id),
      weight: i.weight ? { ...i.weight } : { unit: 'KILOGRAMS', value: i.weightGrams / 1000 },
    }),
    unitCost: (i: InventoryItemRec, _a, ctx) => (i.unitCost === null ? null : money(i.unitCost, ctx.shop.currencyCode)),
    provinceCodeOfOrigin: (i: InventoryItemRec) => i.provinceCodeOfOrigin ?? null,
    // One variant per inventory item on a store without shared items.
    variants: (i: InventoryItemRec, args, ctx) => {
      const v = ctx.shop.variants.get(i.variantId);
      return connectionFromArray(v ? [v] : [], (x) => x.id, args, Boolean(ctx.bulkPage));
    },
    countryHarmonizedSystemCodes: (i: InventoryItemRec, args, ctx) => {
      const list = (i.countryHarmonizedSystemCodes ?? []).map((c, n) => ({
        key: BigInt(n + 1),
        countryCode: c.countryCode,
        harmonizedSystemCode: c.harmonizedSystemCode,
      }));
      return connectionFromArray(list, (c) => c.key, args, Boolean(ctx.bulkPage));
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
    deactivationAlert: (l: LevelRec, _a, ctx) =>
      l.isActive !== false && activeCount(ctx.shop, l) <= 1 ? deactivateOnlyMessage(ctx.shop, l) : null,
  },
  InventoryAdjustmentGroup: {
    changes: (g: AdjustmentGroup, args) =>
      g.changes.filter(
        (c) =>
          (!args['quantityNames'] || (args['quantityNames'] as string[]).includes(c.name)) &&
          (!args['inventoryItemIds'] ||
            (args['inventoryItemIds'] as string[]).includes(toGid('InventoryItem', c.item?.id ?? 0n))) &&
          (!args['locationIds'] || (args['locationIds'] as string[]).includes(toGid('Location', c.location?.id ?? 0n))),
      ),
  },
  Mutation: {
    inventorySetQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      requireChangeFrom(info, input['quantities'] as Args[], 'InventoryQuantityInput');
      return adjustment(ctx, info, args, () => setFromInput(ctx, input, 'quantities', String(input['name'])));
    },
    inventorySetOnHandQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      requireChangeFrom(info, input['setQuantities'] as Args[], 'InventorySetQuantityInput');
      return adjustment(ctx, info, args, () => setFromInput(ctx, input, 'setQuantities', 'on_hand'));
    },
    inventoryAdjustQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      const entries = input['changes'] as Args[];
      requireChangeFrom(info, entries, 'InventoryChangeInput');
      return adjustment(ctx, info, args, () =>
        adjustQuantities(ctx.shop, ctx.sink, {
          ...mutationInput(input),
          name: String(input['name']),
          entries: entries.map((e) => ({
            inventoryItemId: e['inventoryItemId'] as unknown,
            locationId: e['locationId'] as unknown,
            delta: Number(e['delta']),
            changeFromQuantity: e['changeFromQuantity'] as unknown,
            ledgerDocumentUri: (e['ledgerDocumentUri'] as string | undefined) ?? null,
          })),
        }),
      );
    },
    inventoryMoveQuantities: async (_s, args, ctx, info) => {
      const input = args['input'] as Args;
      const entries = input['changes'] as Args[];
      requireChangeFrom(info, entries, 'InventoryMoveQuantityTerminalInput', 'from');
      requireChangeFrom(info, entries, 'InventoryMoveQuantityTerminalInput', 'to');
      return adjustment(ctx, info, args, () =>
        moveQuantities(ctx.shop, ctx.sink, {
          ...mutationInput(input),
          entries: entries.map((e) => ({
            inventoryItemId: e['inventoryItemId'] as unknown,
            quantity: Number(e['quantity'] ?? 0),
            from: moveTerminal(e['from'] as Args),
            to: moveTerminal(e['to'] as Args),
          })),
        }),
      );
    },
    inventoryDeactivate: async (_s, args, ctx, info) =>
      withIdempotency(
        ctx,
        info,
        args,
        () => ({ userErrors: deactivateLevel(ctx.shop, ctx.sink, args['inventoryLevelId']) }),
        (e) => ({ userErrors: [e] }),
      ),
    inventoryActivate: async (_s, args, ctx, info) =>
      withIdempotency(
        ctx,
        info,
        args,
        () => {
          const out = activateLevel(ctx.shop, ctx.sink, {
            inventoryItemId: args['inventoryItemId'],
            locationId: args['locationId'],
            available: typeof args['available'] === 'number' ? args['available'] : undefined,
            onHand: typeof args['onHand'] === 'number' ? args['onHand'] : undefined,
          });
          return { inventoryLevel: out.level, userErrors: out.userErrors };
        },
        (e) => ({ inventoryLevel: null, userErrors: [e] }),
      ),
  },
};
