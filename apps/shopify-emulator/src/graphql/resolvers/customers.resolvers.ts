import type { CustomerRec, MarketingConsentRec, OrderRec } from '../../store/store.types';
import type { CustomerInput } from '../../store/customers.domain';
import { createCustomer, deleteCustomer, updateCustomer } from '../../store/customers.domain';
import { connectionFromArray, emptyConnection, rootConnection } from '../connection';
import { image } from './image';
import { mailingAddress } from './mailing-address';
import { metafieldByKey, metafieldConnection, metafieldWritesFrom } from './metafields';
import { compileSearch } from '../search-query';
import { orderSearchFields } from './orders.resolvers';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap } from '../resolver-types';
import { count, gidId, money, userError } from '../resolver-types';
import { toGid } from '../../util/gid';
import type { ShopState } from '../../store/shop-state';
import { fromCents, toCents } from '../../store/money';

export const customerSearchFields: Record<string, FieldGetter<CustomerRec>> = {
  id: (c) => c.id,
  email: (c) => c.email,
  first_name: (c) => c.firstName,
  last_name: (c) => c.lastName,
  phone: (c) => c.phone,
  state: (c) => c.state,
  tag: (c) => c.tags,
  updated_at: (c) => c.updatedAt,
  created_at: (c) => c.createdAt,
};

function customerInput(input: Args): CustomerInput {
  const out: CustomerInput = {};
  for (const k of [
    'firstName',
    'lastName',
    'email',
    'phone',
    'note',
    'taxExempt',
    'taxExemptions',
    'locale',
    'multipassIdentifier',
  ] as const) {
    if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
  }
  if (input['tags'] !== undefined) out.tags = input['tags'] as string[];
  if (input['addresses'] !== undefined) out.addresses = input['addresses'] as CustomerInput['addresses'];
  out.metafields = metafieldWritesFrom(input['metafields']);
  for (const k of ['emailMarketingConsent', 'smsMarketingConsent'] as const) {
    const consent = input[k] as Args | null | undefined;
    if (consent !== undefined) out[k] = consent === null ? null : consentFrom(consent);
  }
  return out;
}

function consentFrom(consent: Args): MarketingConsentRec {
  return {
    marketingState: String(consent['marketingState']),
    marketingOptInLevel: (consent['marketingOptInLevel'] as string | undefined) ?? null,
    consentUpdatedAt: (consent['consentUpdatedAt'] as string | undefined) ?? null,
  };
}

function unsubscribeUrl(shop: ShopState, c: CustomerRec): string {
  return `https://${shop.domain}/account/unsubscribe?customer_id=${c.id}&token=${(c.id * 104729n).toString(16)}`;
}

/** A customer with an email (or phone) and no recorded consent has not subscribed. */
function emailConsent(c: CustomerRec) {
  if (!c.email) return null;
  const k = c.emailMarketingConsent;
  return {
    __typename: 'CustomerEmailMarketingConsentState',
    marketingState: k?.marketingState ?? 'NOT_SUBSCRIBED',
    marketingOptInLevel: k?.marketingOptInLevel ?? null,
    consentUpdatedAt: k?.consentUpdatedAt ?? null,
    sourceLocation: null,
  };
}

function smsConsent(c: CustomerRec) {
  if (!c.phone) return null;
  const k = c.smsMarketingConsent;
  return {
    __typename: 'CustomerSmsMarketingConsentState',
    marketingState: k?.marketingState ?? 'NOT_SUBSCRIBED',
    marketingOptInLevel: k?.marketingOptInLevel ?? 'SINGLE_OPT_IN',
    consentUpdatedAt: k?.consentUpdatedAt ?? null,
    consentCollectedFrom: k ? 'OTHER' : null,
    sourceLocation: null,
  };
}

function spent(shop: ShopState, c: CustomerRec): { orders: number; cents: number } {
  let orders = 0;
  let cents = 0;
  for (const o of shop.orders.values()) {
    if (o.customerId !== c.id) continue;
    orders++;
    if (!o.cancelledAt) cents += toCents(o.total);
  }
  return { orders, cents };
}

function validateEmail(shop: ShopState, email: unknown, selfId: bigint | null) {
  if (email === undefined || email === null || email === '') return null;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(email))) return userError(['email'], 'Email is invalid');
  for (const other of shop.customers.values()) {
    if (other.id !== selfId && other.email?.toLowerCase() === String(email).toLowerCase())
      return userError(['email'], 'Email has already been taken');
  }
  return null;
}

export const customerResolvers: ResolverMap = {
  QueryRoot: {
    customers: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(
        args['query'] as string | null,
        customerSearchFields,
        (c) => `${c.firstName ?? ''} ${c.lastName ?? ''} ${c.email ?? ''}`,
      );
      return rootConnection(
        shop.customerIds,
        (id) => shop.customers.get(id),
        (c) => c.id,
        args,
        filter,
        ctx.bulkPage,
        {
          NAME: (c) => `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim().toLowerCase(),
          CREATED_AT: (c) => c.createdAt,
          UPDATED_AT: (c) => c.updatedAt,
        },
      );
    },
    customer: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Customer');
      return id === null ? null : (ctx.shop.customers.get(id) ?? null);
    },
    customersCount: (_s, args, ctx) => {
      const filter = compileSearch(
        args['query'] as string | null,
        customerSearchFields,
        (c) => `${c.firstName ?? ''} ${c.lastName ?? ''} ${c.email ?? ''}`,
      );
      if (!filter) return count(ctx.shop.customers.size);
      let n = 0;
      for (const c of ctx.shop.customers.values()) if (filter(c)) n++;
      return count(n);
    },
  },
  Customer: {
    displayName: (c: CustomerRec) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '',
    defaultEmailAddress: (c: CustomerRec, _a, ctx) => {
      const k = emailConsent(c);
      return c.email && k
        ? {
            emailAddress: c.email,
            marketingState: k.marketingState,
            marketingOptInLevel: k.marketingOptInLevel,
            marketingUpdatedAt: k.consentUpdatedAt,
            marketingUnsubscribeUrl: unsubscribeUrl(ctx.shop, c),
            openTrackingLevel: 'UNKNOWN',
            openTrackingUrl: `https://${ctx.shop.domain}/account/email_tracking?customer_id=${c.id}`,
            sourceLocation: null,
            validFormat: true,
          }
        : null;
    },
    defaultPhoneNumber: (c: CustomerRec) => {
      const k = smsConsent(c);
      return c.phone && k
        ? {
            phoneNumber: c.phone,
            marketingState: k.marketingState,
            marketingOptInLevel: k.marketingOptInLevel,
            marketingUpdatedAt: k.consentUpdatedAt,
            marketingCollectedFrom: k.consentCollectedFrom,
            sourceLocation: null,
          }
        : null;
    },
    emailMarketingConsent: (c: CustomerRec) => emailConsent(c),
    smsMarketingConsent: (c: CustomerRec) => smsConsent(c),
    addresses: (c: CustomerRec) => c.addresses.map((a) => mailingAddress(a)),
    addressesV2: (c: CustomerRec, args, ctx) => {
      const page = connectionFromArray(c.addresses, (a) => a.id, args, Boolean(ctx.bulkPage));
      return {
        ...page,
        nodes: page.nodes.map(mailingAddress),
        edges: page.edges.map((e) => ({ cursor: e.cursor, node: mailingAddress(e.node) })),
      };
    },
    defaultAddress: (c: CustomerRec) => (c.addresses[0] ? mailingAddress(c.addresses[0]) : null),
    numberOfOrders: (c: CustomerRec, _a, ctx) => String(spent(ctx.shop, c).orders),
    amountSpent: (c: CustomerRec, _a, ctx) => money(fromCents(spent(ctx.shop, c).cents), ctx.shop.currencyCode),
    canDelete: (c: CustomerRec, _a, ctx) => spent(ctx.shop, c).orders === 0,
    locale: (c: CustomerRec) => c.locale ?? 'en',
    orders: (c: CustomerRec, args, ctx) => {
      const filter = compileSearch(
        args['query'] as string | null,
        orderSearchFields,
        (o) => `${o.name} ${o.email ?? ''}`,
      );
      const list = [...ctx.shop.orders.values()]
        .filter((o) => o.customerId === c.id && (!filter || filter(o)))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return connectionFromArray(list, (o) => o.id, args, Boolean(ctx.bulkPage));
    },
    lastOrder: (c: CustomerRec, _a, ctx) => {
      let last: OrderRec | null = null;
      for (const o of ctx.shop.orders.values()) if (o.customerId === c.id && (!last || o.id > last.id)) last = o;
      return last;
    },
    multipassIdentifier: (c: CustomerRec) => c.multipassIdentifier ?? null,
    taxExemptions: (c: CustomerRec) => c.taxExemptions ?? [],
    validEmailAddress: (c: CustomerRec) => c.email !== null,
    lifetimeDuration: () => 'less than a minute',
    metafields: (c: CustomerRec, args, ctx) => metafieldConnection(c.metafields ?? [], args, ctx),
    metafield: (c: CustomerRec, args) => metafieldByKey(c.metafields, args),
    metafieldDefinitions: () => emptyConnection(),
    dataSaleOptOut: () => false,
    hasTimelineComment: () => false,
    mergeable: () => ({
      __typename: 'CustomerMergeable',
      isMergeable: true,
      errorFields: [],
      mergeInProgress: null,
      reason: null,
    }),
    // Shopify computes these segments in the background; a store without that history has none.
    statistics: () => ({ __typename: 'CustomerStatistics', predictedSpendTier: null, rfmGroup: null }),
    productSubscriberStatus: () => 'NEVER_SUBSCRIBED',
    unsubscribeUrl: (c: CustomerRec, _a, ctx) => unsubscribeUrl(ctx.shop, c),
    // Not modelled: B2B contacts, markets, saved payment methods, store credit, subscriptions, timeline events.
    companyContactProfiles: () => [],
    market: () => null,
    paymentMethods: () => emptyConnection(),
    storeCreditAccounts: () => emptyConnection(),
    subscriptionContracts: () => emptyConnection(),
    events: () => emptyConnection(),
    image: () => image('https://cdn.shopify.com/s/images/admin/customers/customer.png', 64),
  },
  Mutation: {
    customerCreate: (_s, args, ctx) => {
      const input = args['input'] as Args;
      if (!input['email'] && !input['phone'] && !input['firstName'] && !input['lastName']) {
        return {
          customer: null,
          userErrors: [userError(['customer'], 'A name, phone number, or email address must be present')],
        };
      }
      const emailError = validateEmail(ctx.shop, input['email'], null);
      if (emailError) return { customer: null, userErrors: [emailError] };
      return { customer: createCustomer(ctx.shop, ctx.sink, customerInput(input)), userErrors: [] };
    },
    customerUpdate: (_s, args, ctx) => {
      const input = args['input'] as Args;
      const id = gidId(input['id'], 'Customer');
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c) return { customer: null, userErrors: [userError(['id'], 'Customer does not exist')] };
      const emailError = validateEmail(ctx.shop, input['email'], c.id);
      if (emailError) return { customer: null, userErrors: [emailError] };
      return { customer: updateCustomer(ctx.shop, ctx.sink, c, customerInput(input)), userErrors: [] };
    },
    customerDelete: (_s, args, ctx) => {
      const id = gidId((args['input'] as Args)['id'], 'Customer');
      const c = id === null ? undefined : ctx.shop.customers.get(id);
      if (!c) return { deletedCustomerId: null, shop: {}, userErrors: [userError(['id'], "Customer can't be found")] };
      deleteCustomer(ctx.shop, ctx.sink, c);
      return { deletedCustomerId: toGid('Customer', c.id), shop: {}, userErrors: [] };
    },
  },
};
