import type { CustomerAddressRec, CustomerRec, OrderRec } from '../../store/store.types';
import type { CustomerInput } from '../../store/customers.domain';
import { createCustomer, deleteCustomer, updateCustomer } from '../../store/customers.domain';
import { connectionFromArray, rootConnection } from '../connection';
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
  for (const k of ['firstName', 'lastName', 'email', 'phone', 'note', 'taxExempt'] as const) {
    if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
  }
  if (input['tags'] !== undefined) out.tags = input['tags'] as string[];
  if (input['addresses'] !== undefined) out.addresses = input['addresses'] as CustomerInput['addresses'];
  return out;
}

function mailingAddress(c: CustomerRec, a: CustomerAddressRec) {
  return {
    __typename: 'MailingAddress',
    ...a,
    id: toGid('MailingAddress', a.id),
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    formatted: [a.address1, a.city, a.country].filter(Boolean),
    customerId: c.id,
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
    if (other.id !== selfId && other.email?.toLowerCase() === String(email).toLowerCase()) return userError(['email'], 'Email has already been taken');
  }
  return null;
}

export const customerResolvers: ResolverMap = {
  QueryRoot: {
    customers: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(args['query'] as string | null, customerSearchFields, (c) => `${c.firstName ?? ''} ${c.lastName ?? ''} ${c.email ?? ''}`);
      return rootConnection(shop.customerIds, (id) => shop.customers.get(id), (c) => c.id, args, filter, ctx.bulkPage, {
        NAME: (c) => `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim().toLowerCase(),
        CREATED_AT: (c) => c.createdAt,
        UPDATED_AT: (c) => c.updatedAt,
      });
    },
    customer: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Customer');
      return id === null ? null : (ctx.shop.customers.get(id) ?? null);
    },
    customersCount: (_s, args, ctx) => {
      const filter = compileSearch(args['query'] as string | null, customerSearchFields, (c) => `${c.firstName ?? ''} ${c.lastName ?? ''} ${c.email ?? ''}`);
      if (!filter) return count(ctx.shop.customers.size);
      let n = 0;
      for (const c of ctx.shop.customers.values()) if (filter(c)) n++;
      return count(n);
    },
  },
  Customer: {
    displayName: (c: CustomerRec) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '',
    defaultEmailAddress: (c: CustomerRec) =>
      c.email ? { emailAddress: c.email, marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: null, marketingUpdatedAt: null, validFormat: true } : null,
    defaultPhoneNumber: (c: CustomerRec) => (c.phone ? { phoneNumber: c.phone, marketingState: 'NOT_SUBSCRIBED' } : null),
    addresses: (c: CustomerRec) => c.addresses.map((a) => mailingAddress(c, a)),
    defaultAddress: (c: CustomerRec) => (c.addresses[0] ? mailingAddress(c, c.addresses[0]) : null),
    numberOfOrders: (c: CustomerRec, _a, ctx) => String(spent(ctx.shop, c).orders),
    amountSpent: (c: CustomerRec, _a, ctx) => money(fromCents(spent(ctx.shop, c).cents), ctx.shop.currencyCode),
    canDelete: (c: CustomerRec, _a, ctx) => spent(ctx.shop, c).orders === 0,
    locale: () => 'en',
    orders: (c: CustomerRec, args, ctx) => {
      const filter = compileSearch(args['query'] as string | null, orderSearchFields, (o) => `${o.name} ${o.email ?? ''}`);
      const list = [...ctx.shop.orders.values()].filter((o) => o.customerId === c.id && (!filter || filter(o))).sort((a, b) => (a.id < b.id ? -1 : 1));
      return connectionFromArray(list, (o) => o.id, args, Boolean(ctx.bulkPage));
    },
    lastOrder: (c: CustomerRec, _a, ctx) => {
      let last: OrderRec | null = null;
      for (const o of ctx.shop.orders.values()) if (o.customerId === c.id && (!last || o.id > last.id)) last = o;
      return last;
    },
    multipassIdentifier: () => null,
    taxExemptions: () => [],
    validEmailAddress: (c: CustomerRec) => c.email !== null,
    lifetimeDuration: () => 'less than a minute',
    metafield: () => null,
    image: () => ({ url: 'https://cdn.shopify.com/s/images/admin/customers/customer.png', altText: null, width: 64, height: 64 }),
  },
  Mutation: {
    customerCreate: (_s, args, ctx) => {
      const input = args['input'] as Args;
      if (!input['email'] && !input['phone'] && !input['firstName'] && !input['lastName']) {
        return { customer: null, userErrors: [userError(['customer'], 'A name, phone number, or email address must be present')] };
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
