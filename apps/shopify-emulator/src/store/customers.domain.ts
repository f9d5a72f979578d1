import type { EventSink } from './events';
import type { ShopState } from './shop-state';
import type { CustomerAddressRec, CustomerRec, MarketingConsentRec } from './store.types';
import { customerPayload } from '../webhooks/webhook-payloads';
import { isoSeconds } from '../util/time';
import { normaliseTags, upsertMetafields } from './catalog.domain';
import { countryName, provinceName } from './regions';

export interface CustomerInput {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[] | string;
  taxExempt?: boolean;
  addresses?: AddressInput[];
  metafields?: Array<{ namespace: string; key: string; value: string; type?: string }>;
  emailMarketingConsent?: MarketingConsentRec | null;
  smsMarketingConsent?: MarketingConsentRec | null;
  taxExemptions?: string[];
  locale?: string;
  multipassIdentifier?: string | null;
}

export type AddressInput = Partial<Omit<CustomerAddressRec, 'id'>>;

export function insertCustomer(shop: ShopState, input: CustomerInput, now: string = isoSeconds()): CustomerRec {
  const c: CustomerRec = {
    __typename: 'Customer',
    id: shop.newId(),
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    note: input.note ?? null,
    tags: normaliseTags(input.tags),
    state: 'DISABLED',
    verifiedEmail: true,
    taxExempt: input.taxExempt ?? false,
    currency: shop.currencyCode,
    addresses: [],
    createdAt: now,
    updatedAt: now,
  };
  for (const a of input.addresses ?? []) c.addresses.push(toAddress(shop, a, c));
  applyExtras(shop, c, input, now);
  shop.addCustomer(c);
  return c;
}

/** An address record from input; names default to the given person's. */
export function toAddress(
  shop: ShopState,
  a: AddressInput,
  c: { firstName: string | null; lastName: string | null },
): CustomerAddressRec {
  return {
    id: shop.newId(),
    firstName: a.firstName ?? c.firstName,
    lastName: a.lastName ?? c.lastName,
    company: a.company ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? (a.provinceCode ? provinceName(a.provinceCode) : null),
    provinceCode: a.provinceCode ?? null,
    country: a.country ?? (a.countryCode ? countryName(a.countryCode) : null),
    countryCode: a.countryCode ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
  };
}

/** The fields beyond the basics: metafields (upserted), marketing consents, tax exemptions, locale, multipass. */
function applyExtras(shop: ShopState, c: CustomerRec, input: CustomerInput, now: string): void {
  if (input.metafields !== undefined) c.metafields = upsertMetafields(shop, c.metafields ?? [], input.metafields, now);
  if (input.emailMarketingConsent !== undefined) c.emailMarketingConsent = input.emailMarketingConsent;
  if (input.smsMarketingConsent !== undefined) c.smsMarketingConsent = input.smsMarketingConsent;
  if (input.taxExemptions !== undefined) c.taxExemptions = input.taxExemptions;
  if (input.locale !== undefined) c.locale = input.locale;
  if (input.multipassIdentifier !== undefined) c.multipassIdentifier = input.multipassIdentifier;
}

export function createCustomer(shop: ShopState, sink: EventSink, input: CustomerInput): CustomerRec {
  const c = insertCustomer(shop, input);
  sink.emit(shop, 'customers/create', customerPayload(c));
  return c;
}

export function updateCustomer(shop: ShopState, sink: EventSink, c: CustomerRec, input: CustomerInput): CustomerRec {
  if (input.firstName !== undefined) c.firstName = input.firstName;
  if (input.lastName !== undefined) c.lastName = input.lastName;
  if (input.email !== undefined) c.email = input.email;
  if (input.phone !== undefined) c.phone = input.phone;
  if (input.note !== undefined) c.note = input.note;
  if (input.tags !== undefined) c.tags = normaliseTags(input.tags);
  if (input.taxExempt !== undefined) c.taxExempt = input.taxExempt;
  if (input.addresses !== undefined) c.addresses = input.addresses.map((a) => toAddress(shop, a, c));
  c.updatedAt = isoSeconds();
  applyExtras(shop, c, input, c.updatedAt);
  sink.emit(shop, 'customers/update', customerPayload(c));
  return c;
}

export function deleteCustomer(shop: ShopState, sink: EventSink, c: CustomerRec): void {
  shop.removeCustomer(c.id);
  sink.emit(shop, 'customers/delete', { id: c.id });
}
