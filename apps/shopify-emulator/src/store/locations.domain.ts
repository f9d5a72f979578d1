import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { AddressRec, LocationRec } from './store.types';
import { locationPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { countryName, provinceName } from './regions';
import { upsertMetafields } from './catalog.domain';
import type { MetafieldWrite } from './catalog.domain';

export interface LocationInput {
  name: string;
  fulfillsOnlineOrders?: boolean;
  metafields?: MetafieldWrite[];
  address?: Partial<AddressRec>;
}

export function insertLocation(shop: ShopState, input: LocationInput, now: string = isoSeconds()): LocationRec {
  const a = input.address ?? {};
  const countryCode = a.countryCode ?? 'US';
  const loc: LocationRec = {
    __typename: 'Location',
    id: shop.newId(),
    name: input.name,
    isActive: true,
    fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
    address: {
      address1: a.address1 ?? null,
      address2: a.address2 ?? null,
      city: a.city ?? null,
      province: a.province ?? (a.provinceCode ? (provinceName(a.provinceCode) ?? a.provinceCode) : null),
      provinceCode: a.provinceCode ?? null,
      country: a.country ?? countryName(countryCode) ?? countryCode,
      countryCode,
      zip: a.zip ?? null,
      phone: a.phone ?? null,
    },
    createdAt: now,
    updatedAt: now,
    deactivatedAt: null,
  };
  if (input.metafields) loc.metafields = upsertMetafields(shop, [], input.metafields, now);
  shop.addLocation(loc);
  return loc;
}

export function addLocation(shop: ShopState, sink: EventSink, input: LocationInput): LocationRec {
  const loc = insertLocation(shop, input);
  sink.emit(shop, 'locations/create', locationPayload(loc));
  return loc;
}

export function editLocation(
  shop: ShopState,
  sink: EventSink,
  loc: LocationRec,
  patch: { name?: string; isActive?: boolean; fulfillsOnlineOrders?: boolean },
): LocationRec {
  const now = isoSeconds();
  if (patch.name !== undefined) loc.name = patch.name;
  if (patch.fulfillsOnlineOrders !== undefined) loc.fulfillsOnlineOrders = patch.fulfillsOnlineOrders;
  if (patch.isActive !== undefined && patch.isActive !== loc.isActive) {
    loc.isActive = patch.isActive;
    loc.deactivatedAt = patch.isActive ? null : now;
  }
  loc.updatedAt = now;
  sink.emit(shop, 'locations/update', locationPayload(loc));
  return loc;
}

export function deleteLocation(shop: ShopState, sink: EventSink, loc: LocationRec): void {
  shop.removeLocation(loc.id);
  sink.emit(shop, 'locations/delete', { id: loc.id });
}
