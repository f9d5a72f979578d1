import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { AddressRec, LocationRec } from './store.types';
import { locationPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';

export interface LocationInput {
  name: string;
  fulfillsOnlineOrders?: boolean;
  address?: Partial<AddressRec>;
}

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', CA: 'Canada', GB: 'United Kingdom', DE: 'Germany', FR: 'France' };
const PROVINCE_NAMES: Record<string, string> = {
  MA: 'Massachusetts',
  NY: 'New York',
  CA: 'California',
  CO: 'Colorado',
  TX: 'Texas',
  WA: 'Washington',
  KY: 'Kentucky',
  TN: 'Tennessee',
  ON: 'Ontario',
  QC: 'Quebec',
  BC: 'British Columbia',
  AB: 'Alberta',
};

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
      province: a.province ?? (a.provinceCode ? (PROVINCE_NAMES[a.provinceCode] ?? a.provinceCode) : null),
      provinceCode: a.provinceCode ?? null,
      country: a.country ?? COUNTRY_NAMES[countryCode] ?? countryCode,
      countryCode,
      zip: a.zip ?? null,
      phone: a.phone ?? null,
    },
    createdAt: now,
    updatedAt: now,
    deactivatedAt: null,
  };
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
