import type { LineItemRec, OrderRec } from '../../store/store.types';
import { cancelOrder, updateOrder } from '../../store/orders.domain';
import { connectionFromArray, rootConnection } from '../connection';
import { compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap } from '../resolver-types';
import { count, gidId, moneyBag, userError } from '../resolver-types';
import { fromCents, toCents } from '../../store/money';
import { toGid } from '../../util/gid';

export const orderSearchFields: Record<string, FieldGetter<OrderRec>> = {
  id: (o) => o.id,
  name: (o) => [o.name, o.name.replace('#', '')],
  email: (o) => o.email,
  customer_id: (o) => o.customerId,
  financial_status: (o) => o.financialStatus,
  fulfillment_status: (o) => o.fulfillmentStatus,
  status: (o) => (o.cancelledAt ? 'cancelled' : o.closedAt ? 'closed' : 'open'),
  tag: (o) => o.tags,
  updated_at: (o) => o.updatedAt,
  created_at: (o) => o.createdAt,
  processed_at: (o) => o.processedAt,
};

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    orders: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(args['query'] as string | null, orderSearchFields, (o) => `${o.name} ${o.email ?? ''}`);
      return rootConnection(shop.orderIds, (id) => shop.orders.get(id), (o) => o.id, args, filter, ctx.bulkPage, {
        PROCESSED_AT: (o) => o.processedAt,
        CREATED_AT: (o) => o.createdAt,
        UPDATED_AT: (o) => o.updatedAt,
        ORDER_NUMBER: (o) => o.number,
        TOTAL_PRICE: (o) => Number(o.total),
        CURRENT_TOTAL_PRICE: (o) => Number(o.total),
        FINANCIAL_STATUS: (o) => o.financialStatus,
        FULFILLMENT_STATUS: (o) => o.fulfillmentStatus,
        TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((n, l) => n + l.quantity, 0),
      });
    },
    order: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Order');
      return id === null ? null : (ctx.shop.orders.get(id) ?? null);
    },
    ordersCount: (_s, args, ctx) => {
      const filter = compileSearch(args['query'] as string | null, orderSearchFields, (o) => `${o.name} ${o.email ?? ''}`);
      if (!filter) return count(ctx.shop.orders.size);
      let n = 0;
      for (const o of ctx.shop.orders.values()) if (filter(o)) n++;
      return count(n);
    },
  },
  Order: {
    customer: (o: OrderRec, _a, ctx) => (o.customerId === null ? null : (ctx.shop.customers.get(o.customerId) ?? null)),
    lineItems: (o: OrderRec, args, ctx) => connectionFromArray(o.lineItems, (li) => li.id, args, Boolean(ctx.bulkPage)),
    closed: (o: OrderRec) => o.closedAt !== null,
    confirmed: () => true,
    cancelReason: (o: OrderRec) => o.cancelReason,
    displayFinancialStatus: (o: OrderRec) => o.financialStatus,
    displayFulfillmentStatus: (o: OrderRec) => o.fulfillmentStatus,
    fullyPaid: (o: OrderRec) => o.financialStatus === 'PAID',
    subtotalPriceSet: (o: OrderRec) => moneyBag(o.subtotal, o.currencyCode),
    currentSubtotalPriceSet: (o: OrderRec) => moneyBag(o.cancelledAt ? '0.00' : o.subtotal, o.currencyCode),
    totalPriceSet: (o: OrderRec) => moneyBag(o.total, o.currencyCode),
    currentTotalPriceSet: (o: OrderRec) => moneyBag(o.cancelledAt ? '0.00' : o.total, o.currencyCode),
    totalTaxSet: (o: OrderRec) => moneyBag(o.totalTax, o.currencyCode),
    currentTotalTaxSet: (o: OrderRec) => moneyBag(o.totalTax, o.currencyCode),
    totalDiscountsSet: (o: OrderRec) => moneyBag('0.00', o.currencyCode),
    totalShippingPriceSet: (o: OrderRec) => moneyBag('0.00', o.currencyCode),
    totalOutstandingSet: (o: OrderRec) => moneyBag(o.financialStatus === 'PAID' ? '0.00' : o.total, o.currencyCode),
    currentSubtotalLineItemsQuantity: (o: OrderRec) => (o.cancelledAt ? 0 : o.lineItems.reduce((n, li) => n + li.quantity, 0)),
    tags: (o: OrderRec) => o.tags,
    discountCodes: () => [],
    taxLines: () => [],
    customerLocale: () => 'en',
    sourceName: () => 'web',
    test: (o: OrderRec) => o.test,
    fulfillments: () => [],
    edited: () => false,
    metafield: () => null,
  },
  LineItem: {
    variant: (li: LineItemRec, _a, ctx) => (li.variantId === null ? null : (ctx.shop.variants.get(li.variantId) ?? null)),
    product: (li: LineItemRec, _a, ctx) => (li.productId === null ? null : (ctx.shop.products.get(li.productId) ?? null)),
    name: (li: LineItemRec) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
    currentQuantity: (li: LineItemRec) => li.quantity,
    unfulfilledQuantity: (li: LineItemRec) => li.quantity,
    fulfillableQuantity: (li: LineItemRec) => li.quantity,
    refundableQuantity: (li: LineItemRec) => li.quantity,
    requiresShipping: () => true,
    taxable: () => true,
    isGiftCard: () => false,
    originalUnitPriceSet: (li: LineItemRec, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
    discountedUnitPriceSet: (li: LineItemRec, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
    originalTotalSet: (li: LineItemRec, _a, ctx) => moneyBag(fromCents(toCents(li.price) * li.quantity), ctx.shop.currencyCode),
    discountedTotalSet: (li: LineItemRec, _a, ctx) => moneyBag(fromCents(toCents(li.price) * li.quantity), ctx.shop.currencyCode),
    totalDiscountSet: (_li: LineItemRec, _a, ctx) => moneyBag('0.00', ctx.shop.currencyCode),
  },
  Mutation: {
    orderUpdate: (_s, args, ctx) => {
      const input = args['input'] as Args;
      const id = gidId(input['id'], 'Order');
      const order = id === null ? undefined : ctx.shop.orders.get(id);
      if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
      updateOrder(ctx.shop, ctx.sink, order, {
        email: input['email'] as string | undefined,
        note: input['note'] as string | undefined,
        tags: input['tags'] as string[] | undefined,
      });
      return { order, userErrors: [] };
    },
    orderCancel: (_s, args, ctx) => {
      const id = gidId(args['orderId'], 'Order');
      const order = id === null ? undefined : ctx.shop.orders.get(id);
      if (!order) {
        const e = userError(['orderId'], 'Order does not exist', 'NOT_FOUND');
        return { job: null, orderCancelUserErrors: [e], userErrors: [e] };
      }
      if (order.cancelledAt) {
        const e = userError(['orderId'], 'Order has already been cancelled', 'INVALID');
        return { job: null, orderCancelUserErrors: [e], userErrors: [e] };
      }
      cancelOrder(ctx.shop, ctx.sink, order, { reason: String(args['reason']), restock: Boolean(args['restock']) });
      return { job: { __typename: 'Job', id: toGid('Job', ctx.shop.newId()), done: true, query: null }, orderCancelUserErrors: [], userErrors: [] };
    },
  },
};
