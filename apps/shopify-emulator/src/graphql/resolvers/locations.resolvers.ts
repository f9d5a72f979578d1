import type { LevelRec, LocationRec } from '../../store/store.types';
import { addLocation, deleteLocation, editLocation } from '../../store/locations.domain';
import { connectionFromArray, emptyConnection, rootConnection } from '../connection';
import { compileSearch } from '../search-query';
import type { GraphQLResolveInfo } from 'graphql';
import type { Args, ResolverMap } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { gidId, userError } from '../resolver-types';
import { withIdempotency } from '../idempotency';
import { toGid } from '../../util/gid';
import { visibleLevels } from './inventory.resolvers';
import { metafieldByKey, metafieldConnection, metafieldWritesFrom } from './metafields';

function hasActiveInventory(loc: LocationRec, items: Iterable<{ levels: Map<bigint, LevelRec> }>): boolean {
  for (const item of items) {
    const level = item.levels.get(loc.id);
    if (level && (level.q.available !== 0 || level.q.committed !== 0)) return true;
  }
  return false;
}

/** locationActivate / locationDeactivate: same lookup and idempotency, each with its own userErrors field. */
function setActive(args: Args, ctx: GraphQLContext, info: GraphQLResolveInfo, isActive: boolean) {
  const errorsField = isActive ? 'locationActivateUserErrors' : 'locationDeactivateUserErrors';
  return withIdempotency(
    ctx,
    info,
    args,
    () => {
      const id = gidId(args['locationId'], 'Location');
      const loc = id === null ? undefined : ctx.shop.locations.get(id);
      if (!loc)
        return {
          location: null,
          [errorsField]: [userError(['locationId'], 'Location not found.', 'LOCATION_NOT_FOUND')],
        };
      editLocation(ctx.shop, ctx.sink, loc, { isActive });
      return { location: loc, [errorsField]: [] };
    },
    (e) => ({ location: null, [errorsField]: [e] }),
  );
}

export const locationResolvers: ResolverMap = {
  QueryRoot: {
    locations: (_s, args, ctx) => {
      const shop = ctx.shop;
      const search = compileSearch<LocationRec>(args['query'] as string | null, {
        id: (l) => l.id,
        name: (l) => l.name,
        active: (l) => l.isActive,
        created_at: (l) => l.createdAt,
        updated_at: (l) => l.updatedAt,
      });
      const includeInactive = Boolean(args['includeInactive']);
      const filter = (l: LocationRec) => (includeInactive || l.isActive) && (!search || search(l));
      return rootConnection(
        shop.locationIds,
        (id) => shop.locations.get(id),
        (l) => l.id,
        args,
        filter,
        ctx.bulkPage,
        { NAME: (l) => l.name.toLowerCase() },
      );
    },
    location: (_s, args, ctx) => {
      if (args['id'] === undefined || args['id'] === null) return ctx.shop.primaryLocation() ?? null;
      const id = gidId(args['id'], 'Location');
      return id === null ? null : (ctx.shop.locations.get(id) ?? null);
    },
  },
  Location: {
    activatable: () => true,
    deactivatable: () => true,
    deletable: (l: LocationRec) => !l.isActive,
    addressVerified: () => false,
    isFulfillmentService: () => false,
    fulfillmentService: () => null,
    shipsInventory: () => false,
    isPrimary: (l: LocationRec, _a, ctx) => ctx.shop.primaryLocation()?.id === l.id,
    hasUnfulfilledOrders: (l: LocationRec, _a, ctx) => {
      for (const o of ctx.shop.orders.values()) {
        if (!o.cancelledAt && o.fulfillmentStatus !== 'FULFILLED' && o.lineItems.some((li) => li.locationId === l.id))
          return true;
      }
      return false;
    },
    hasActiveInventory: (l: LocationRec, _a, ctx) => hasActiveInventory(l, ctx.shop.inventoryItems.values()),
    address: (l: LocationRec) => ({
      ...l.address,
      formatted: [
        l.address.address1,
        [l.address.city, l.address.provinceCode, l.address.zip].filter(Boolean).join(' '),
        l.address.country,
      ].filter((s): s is string => Boolean(s)),
      latitude: null,
      longitude: null,
    }),
    suggestedAddresses: () => [],
    metafield: (l: LocationRec, args) => metafieldByKey(l.metafields, args),
    metafields: (l: LocationRec, args, ctx) => metafieldConnection(l.metafields ?? [], args, ctx),
    metafieldDefinitions: () => emptyConnection(),
    localPickupSettingsV2: () => null,
    inventoryLevels: (l: LocationRec, args, ctx) => {
      const levels: LevelRec[] = [];
      for (const id of ctx.shop.inventoryItemIds.all()) {
        const level = ctx.shop.inventoryItems.get(id)?.levels.get(l.id);
        if (level) levels.push(level);
      }
      return connectionFromArray(visibleLevels(levels, args, ctx), (lv) => lv.itemId, args, Boolean(ctx.bulkPage));
    },
    inventoryLevel: (l: LocationRec, args, ctx) => {
      const itemId = gidId(args['inventoryItemId'], 'InventoryItem');
      return itemId === null ? null : (ctx.shop.inventoryItems.get(itemId)?.levels.get(l.id) ?? null);
    },
  },
  Mutation: {
    locationAdd: (_s, args, ctx) => {
      const input = args['input'] as Args;
      const name = String(input['name'] ?? '').trim();
      if (!name) return { location: null, userErrors: [userError(['input', 'name'], "Name can't be blank", 'BLANK')] };
      const address = (input['address'] ?? {}) as Args;
      const loc = addLocation(ctx.shop, ctx.sink, {
        name,
        fulfillsOnlineOrders: input['fulfillsOnlineOrders'] as boolean | undefined,
        metafields: metafieldWritesFrom(input['metafields']),
        address: {
          address1: (address['address1'] as string | undefined) ?? null,
          address2: (address['address2'] as string | undefined) ?? null,
          city: (address['city'] as string | undefined) ?? null,
          provinceCode: (address['provinceCode'] as string | undefined) ?? null,
          countryCode: (address['countryCode'] as string | undefined) ?? 'US',
          zip: (address['zip'] as string | undefined) ?? null,
          phone: (address['phone'] as string | undefined) ?? null,
        },
      });
      return { location: loc, userErrors: [] };
    },
    locationDeactivate: (_s, args, ctx, info) => setActive(args, ctx, info, false),
    locationActivate: (_s, args, ctx, info) => setActive(args, ctx, info, true),
    locationDelete: (_s, args, ctx) => {
      const id = gidId(args['locationId'], 'Location');
      const loc = id === null ? undefined : ctx.shop.locations.get(id);
      if (!loc)
        return {
          deletedLocationId: null,
          locationDeleteUserErrors: [userError(['locationId'], 'Location not found.', 'LOCATION_NOT_FOUND')],
        };
      if (loc.isActive) {
        return {
          deletedLocationId: null,
          locationDeleteUserErrors: [
            userError(['locationId'], 'The location cannot be deleted while it is active.', 'LOCATION_IS_ACTIVE'),
          ],
        };
      }
      deleteLocation(ctx.shop, ctx.sink, loc);
      return { deletedLocationId: toGid('Location', loc.id), locationDeleteUserErrors: [] };
    },
  },
};
