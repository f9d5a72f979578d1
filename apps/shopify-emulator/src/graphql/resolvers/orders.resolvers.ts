import type { CustomerRec, LineItemRec, OrderRec } from '../../store/store.types';
import type { ShopState } from '../../store/shop-state';
import { cancelOrder, updateOrder } from '../../store/orders.domain';
import type { AddressInput } from '../../store/customers.domain';
import {
  confirmationNumber,
  currentQuantity,
  MANUAL_GATEWAY,
  netPayment,
  orderWeight,
  outstanding,
  received,
  refunded,
  statusPageUrl,
} from '../../store/order-totals';
import { connectionFromArray, emptyConnection, rootConnection } from '../connection';
import { compileSearch } from '../search-query';
import type { FieldGetter } from '../search-query';
import type { Args, ResolverMap } from '../resolver-types';
import { count, gidId, money, moneyBag, userError } from '../resolver-types';
import { fromCents, toCents } from '../../store/money';
import { toGid } from '../../util/gid';
import { image } from './image';
import { mailingAddress, sameAddress } from './mailing-address';
import { metafieldByKey, metafieldConnection, metafieldWritesFrom } from './metafields';

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

// The Online Store's app id on every shop; the emulator's orders are all web orders.
const ONLINE_STORE_APP = {
  __typename: 'OrderApp',
  id: 'gid://shopify/App/580111',
  name: 'Online Store',
  icon: image('https://cdn.shopify.com/app-store/listing_images/online-store-icon.png', 60),
};

function customerOf(shop: ShopState, o: OrderRec): CustomerRec | null {
  return o.customerId === null ? null : (shop.customers.get(o.customerId) ?? null);
}

function zeroBag(o: OrderRec) {
  return moneyBag('0.00', o.currencyCode);
}

function businessEntity(shop: ShopState) {
  const address = shop.primaryLocation()?.address;
  return {
    __typename: 'BusinessEntity',
    id: toGid('BusinessEntity', shop.shopId),
    displayName: shop.name,
    companyName: null,
    primary: true,
    archived: false,
    shopifyPaymentsAccount: null,
    address: {
      address1: address?.address1 ?? null,
      address2: address?.address2 ?? null,
      city: address?.city ?? null,
      province: address?.province ?? null,
      zip: address?.zip ?? null,
      countryCode: address?.countryCode ?? 'US',
    },
  };
}

interface TxRec {
  key: bigint;
  __typename: 'OrderTransaction';
  [field: string]: unknown;
}

/** A manual sale for a paid order, and its refund when a cancellation refunded it. */
function transactionsOf(o: OrderRec): TxRec[] {
  if (o.financialStatus !== 'PAID' && o.financialStatus !== 'REFUNDED') return [];
  const tx = (key: bigint, kind: string, at: string, parent: TxRec | null): TxRec => ({
    key,
    __typename: 'OrderTransaction',
    id: toGid('OrderTransaction', key),
    kind,
    status: 'SUCCESS',
    gateway: MANUAL_GATEWAY,
    formattedGateway: 'Manual',
    manualPaymentGateway: true,
    manuallyCapturable: false,
    multiCapturable: false,
    amount: o.total,
    amountSet: moneyBag(o.total, o.currencyCode),
    amountV2: money(o.total, o.currencyCode),
    amountRoundingSet: null,
    maximumRefundable: kind === 'SALE' ? refundableLeft(o) : null,
    maximumRefundableV2: kind === 'SALE' ? money(refundableLeft(o), o.currencyCode) : null,
    totalUnsettled: '0.00',
    totalUnsettledSet: moneyBag('0.00', o.currencyCode),
    totalUnsettledV2: money('0.00', o.currencyCode),
    accountNumber: null,
    authorizationCode: null,
    authorizationExpiresAt: null,
    createdAt: at,
    processedAt: at,
    errorCode: null,
    fees: [],
    test: o.test,
    parentTransaction: parent,
    order: o,
    location: null,
    device: null,
    paymentDetails: null,
    paymentIcon: null,
    paymentMethod: null,
    paymentId: `${o.id.toString(36)}.${key - o.id}`,
    receiptJson: '{}',
    settlementCurrency: null,
    settlementCurrencyRate: null,
    shopifyPaymentsSet: null,
    currencyExchangeAdjustment: null,
    user: null,
  });
  const sale = tx(o.id + 1n, 'SALE', o.processedAt, null);
  return o.financialStatus === 'REFUNDED' && o.cancelledAt
    ? [sale, tx(o.id + 2n, 'REFUND', o.cancelledAt, sale)]
    : [sale];
}

function refundableLeft(o: OrderRec): string {
  return o.financialStatus === 'PAID' ? o.total : '0.00';
}

/** A RefundLineItem for `quantity` of a line; suggested ones have no id and are not restocked yet. */
function refundLine(o: OrderRec, li: LineItemRec, quantity: number, restockType: string, location: unknown) {
  const subtotal = fromCents(toCents(li.price) * quantity);
  const cur = o.currencyCode;
  return {
    __typename: 'RefundLineItem',
    id: null as string | null,
    lineItem: li,
    location,
    quantity,
    restockType,
    restocked: false,
    price: li.price,
    priceSet: moneyBag(li.price, cur),
    subtotal,
    subtotalSet: moneyBag(subtotal, cur),
    totalTax: '0.00',
    totalTaxSet: moneyBag('0.00', cur),
  };
}

interface RefundRec {
  __typename: 'Refund';
  lines: Array<{ key: bigint; [field: string]: unknown }>;
  transactionList: TxRec[];
  [field: string]: unknown;
}

/** Cancelling an order records one refund: every line, restocked or not, and the money if it was paid. */
function refundsOf(shop: ShopState, o: OrderRec): RefundRec[] {
  if (!o.cancelledAt) return [];
  const cur = o.currencyCode;
  const restocked = o.cancelRestock ?? false;
  const location = (li: LineItemRec) =>
    restocked && li.locationId !== null ? (shop.locations.get(li.locationId) ?? null) : null;
  const lines = o.lineItems.map((li) => ({
    key: li.id,
    ...refundLine(o, li, li.quantity, restocked ? 'CANCEL' : 'NO_RESTOCK', location(li)),
    id: toGid('RefundLineItem', li.id + 1n),
    restocked,
  }));
  const amount = refunded(o);
  return [
    {
      __typename: 'Refund',
      id: o.id + 3n,
      createdAt: o.cancelledAt,
      processedAt: o.cancelledAt,
      updatedAt: o.cancelledAt,
      note: null,
      order: o,
      duties: [],
      return: null,
      staffMember: null,
      totalRefunded: money(amount, cur),
      totalRefundedSet: moneyBag(amount, cur),
      lines,
      transactionList: transactionsOf(o).filter((t) => t['kind'] === 'REFUND'),
    },
  ];
}

/** What Shopify would suggest refunding for the given lines (or everything with suggestFullRefund). */
function suggestedRefund(shop: ShopState, o: OrderRec, args: Args) {
  const cur = o.currencyCode;
  const asked = new Map<bigint, Args>();
  for (const r of (args['refundLineItems'] as Args[] | null) ?? []) {
    const id = gidId(r['lineItemId'], 'LineItem');
    if (id !== null) asked.set(id, r);
  }
  const full = Boolean(args['suggestFullRefund']);
  let cents = 0;
  const refundLineItems = o.lineItems.flatMap((li) => {
    const r = asked.get(li.id);
    const quantity = Math.min(full ? currentQuantity(o, li) : Number(r?.['quantity'] ?? 0), currentQuantity(o, li));
    if (quantity <= 0) return [];
    cents += toCents(li.price) * quantity;
    const restockType = (r?.['restockType'] as string | undefined) ?? 'NO_RESTOCK';
    const locationId = gidId(r?.['locationId'], 'Location') ?? li.locationId;
    const location =
      restockType === 'NO_RESTOCK' || locationId === null ? null : (shop.locations.get(locationId) ?? null);
    return [refundLine(o, li, quantity, restockType, location)];
  });
  // Only money that was received can go back.
  const amount = fromCents(Math.min(cents, toCents(refundableLeft(o))));
  const zero = moneyBag('0.00', cur);
  const sale = transactionsOf(o).find((t) => t['kind'] === 'SALE') ?? null;
  return {
    __typename: 'SuggestedRefund',
    amount,
    amountSet: moneyBag(amount, cur),
    maximumRefundable: refundableLeft(o),
    maximumRefundableSet: moneyBag(refundableLeft(o), cur),
    subtotal: fromCents(cents),
    subtotalSet: moneyBag(fromCents(cents), cur),
    discountedSubtotalSet: moneyBag(fromCents(cents), cur),
    totalCartDiscountAmountSet: zero,
    totalDutiesSet: zero,
    totalTaxSet: zero,
    totalTaxes: '0.00',
    refundDuties: [],
    refundLineItems,
    shipping: {
      amount: '0.00',
      amountSet: zero,
      maximumRefundable: '0.00',
      maximumRefundableSet: zero,
      tax: '0.00',
      taxSet: zero,
    },
    suggestedRefundMethods: [],
    suggestedTransactions:
      sale && toCents(amount) > 0
        ? [
            {
              __typename: 'SuggestedOrderTransaction',
              kind: 'SUGGESTED_REFUND',
              gateway: MANUAL_GATEWAY,
              formattedGateway: 'Manual',
              amount,
              amountSet: moneyBag(amount, cur),
              maximumRefundable: refundableLeft(o),
              maximumRefundableSet: moneyBag(refundableLeft(o), cur),
              parentTransaction: sale,
              accountNumber: null,
              paymentDetails: null,
            },
          ]
        : [],
  };
}

function orderOfLine(shop: ShopState, li: LineItemRec): OrderRec | undefined {
  return li.orderId === undefined ? undefined : shop.orders.get(li.orderId);
}

function lineQuantity(shop: ShopState, li: LineItemRec): number {
  const o = orderOfLine(shop, li);
  return o ? currentQuantity(o, li) : li.quantity;
}

function unfulfilled(shop: ShopState, li: LineItemRec): number {
  return orderOfLine(shop, li)?.fulfillmentStatus === 'FULFILLED' ? 0 : lineQuantity(shop, li);
}

const MANUAL_SERVICE = {
  __typename: 'FulfillmentService',
  id: 'gid://shopify/FulfillmentService/manual',
  handle: 'manual',
  serviceName: 'Manual',
  type: 'MANUAL',
  callbackUrl: null,
  fulfillmentOrdersOptIn: true,
  inventoryManagement: false,
  location: null,
  requiresShippingMethod: true,
  trackingSupport: false,
};

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    orders: (_s, args, ctx) => {
      const shop = ctx.shop;
      const filter = compileSearch(
        args['query'] as string | null,
        orderSearchFields,
        (o) => `${o.name} ${o.email ?? ''}`,
      );
      return rootConnection(
        shop.orderIds,
        (id) => shop.orders.get(id),
        (o) => o.id,
        args,
        filter,
        ctx.bulkPage,
        {
          PROCESSED_AT: (o) => o.processedAt,
          CREATED_AT: (o) => o.createdAt,
          UPDATED_AT: (o) => o.updatedAt,
          ORDER_NUMBER: (o) => o.number,
          TOTAL_PRICE: (o) => Number(o.total),
          CURRENT_TOTAL_PRICE: (o) => Number(o.total),
          FINANCIAL_STATUS: (o) => o.financialStatus,
          FULFILLMENT_STATUS: (o) => o.fulfillmentStatus,
          TOTAL_ITEMS_QUANTITY: (o) => o.lineItems.reduce((n, l) => n + l.quantity, 0),
        },
      );
    },
    order: (_s, args, ctx) => {
      const id = gidId(args['id'], 'Order');
      return id === null ? null : (ctx.shop.orders.get(id) ?? null);
    },
    ordersCount: (_s, args, ctx) => {
      const filter = compileSearch(
        args['query'] as string | null,
        orderSearchFields,
        (o) => `${o.name} ${o.email ?? ''}`,
      );
      if (!filter) return count(ctx.shop.orders.size);
      let n = 0;
      for (const o of ctx.shop.orders.values()) if (filter(o)) n++;
      return count(n);
    },
  },
  Order: {
    customer: (o: OrderRec, _a, ctx) => customerOf(ctx.shop, o),
    lineItems: (o: OrderRec, args, ctx) => connectionFromArray(o.lineItems, (li) => li.id, args, Boolean(ctx.bulkPage)),
    // Every line is fulfillable while the order is open (the emulator has no gift cards or digital-only lines).
    nonFulfillableLineItems: () => emptyConnection(),
    closed: (o: OrderRec) => o.closedAt !== null,
    confirmed: () => true,
    confirmationNumber: (o: OrderRec) => confirmationNumber(o),
    cancelReason: (o: OrderRec) => o.cancelReason,
    cancellation: (o: OrderRec) => (o.cancelledAt ? { __typename: 'OrderCancellation', staffNote: null } : null),
    displayFinancialStatus: (o: OrderRec) => o.financialStatus,
    displayFulfillmentStatus: (o: OrderRec) => o.fulfillmentStatus,
    fullyPaid: (o: OrderRec) => o.financialStatus === 'PAID',
    unpaid: (o: OrderRec) => o.financialStatus === 'PENDING',
    canMarkAsPaid: (o: OrderRec) => o.financialStatus === 'PENDING' && !o.cancelledAt,
    capturable: () => false,
    refundable: (o: OrderRec) => o.financialStatus === 'PAID',
    restockable: (o: OrderRec) => !o.cancelledAt && o.lineItems.some((li) => li.quantity > 0),
    fulfillable: (o: OrderRec) =>
      !o.cancelledAt && o.fulfillmentStatus !== 'FULFILLED' && o.lineItems.some((li) => li.quantity > 0),
    requiresShipping: (o: OrderRec) => o.lineItems.some((li) => li.requiresShipping !== false),
    merchantEditable: (o: OrderRec) => !o.cancelledAt,
    merchantEditableErrors: (o: OrderRec) => (o.cancelledAt ? ['Cannot edit a canceled order.'] : []),
    canNotifyCustomer: (o: OrderRec) => Boolean(o.email),
    // Money: no discounts, shipping, duties, additional fees or tips on the emulator's orders.
    subtotalPrice: (o: OrderRec) => o.subtotal,
    subtotalPriceSet: (o: OrderRec) => moneyBag(o.subtotal, o.currencyCode),
    currentSubtotalPriceSet: (o: OrderRec) => moneyBag(o.cancelledAt ? '0.00' : o.subtotal, o.currencyCode),
    totalPrice: (o: OrderRec) => o.total,
    totalPriceSet: (o: OrderRec) => moneyBag(o.total, o.currencyCode),
    originalTotalPriceSet: (o: OrderRec) => moneyBag(o.total, o.currencyCode),
    currentTotalPriceSet: (o: OrderRec) => moneyBag(o.cancelledAt ? '0.00' : o.total, o.currencyCode),
    totalTaxSet: (o: OrderRec) => moneyBag(o.totalTax, o.currencyCode),
    currentTotalTaxSet: (o: OrderRec) => moneyBag(o.cancelledAt ? '0.00' : o.totalTax, o.currencyCode),
    taxLines: () => [],
    currentTaxLines: () => [],
    totalDiscounts: () => '0.00',
    totalDiscountsSet: (o: OrderRec) => zeroBag(o),
    currentTotalDiscountsSet: (o: OrderRec) => zeroBag(o),
    cartDiscountAmount: () => null,
    cartDiscountAmountSet: () => null,
    currentCartDiscountAmountSet: (o: OrderRec) => zeroBag(o),
    discountCode: () => null,
    discountCodes: () => [],
    discountApplications: () => emptyConnection(),
    totalShippingPrice: () => '0.00',
    totalShippingPriceSet: (o: OrderRec) => zeroBag(o),
    currentShippingPriceSet: (o: OrderRec) => zeroBag(o),
    totalRefundedShippingSet: (o: OrderRec) => zeroBag(o),
    shippingLine: () => null,
    shippingLines: () => emptyConnection(),
    additionalFees: () => [],
    originalTotalAdditionalFeesSet: () => null,
    currentTotalAdditionalFeesSet: () => null,
    originalTotalDutiesSet: () => null,
    currentTotalDutiesSet: () => null,
    dutiesIncluded: () => false,
    taxesIncluded: () => false,
    estimatedTaxes: () => false,
    taxExempt: (o: OrderRec) => o.taxExempt ?? false,
    totalTipReceived: (o: OrderRec) => money('0.00', o.currencyCode),
    totalTipReceivedSet: (o: OrderRec) => zeroBag(o),
    totalCashRoundingAdjustment: (o: OrderRec) => ({ paymentSet: zeroBag(o), refundSet: zeroBag(o) }),
    totalOutstandingSet: (o: OrderRec) => moneyBag(outstanding(o), o.currencyCode),
    totalCapturable: () => '0.00',
    totalCapturableSet: (o: OrderRec) => zeroBag(o),
    totalReceived: (o: OrderRec) => received(o),
    totalReceivedSet: (o: OrderRec) => moneyBag(received(o), o.currencyCode),
    totalRefunded: (o: OrderRec) => refunded(o),
    totalRefundedSet: (o: OrderRec) => moneyBag(refunded(o), o.currencyCode),
    netPayment: (o: OrderRec) => netPayment(o),
    netPaymentSet: (o: OrderRec) => moneyBag(netPayment(o), o.currencyCode),
    refundDiscrepancySet: (o: OrderRec) => zeroBag(o),
    presentmentCurrencyCode: (o: OrderRec) => o.currencyCode,
    currentSubtotalLineItemsQuantity: (o: OrderRec) => o.lineItems.reduce((n, li) => n + currentQuantity(o, li), 0),
    subtotalLineItemsQuantity: (o: OrderRec) => o.lineItems.reduce((n, li) => n + li.quantity, 0),
    totalWeight: (o: OrderRec) => String(orderWeight(o, false)),
    currentTotalWeight: (o: OrderRec) => String(orderWeight(o, true)),
    // Payment: one manual sale when paid; a cancelled paid order was refunded in full.
    paymentGatewayNames: () => [MANUAL_GATEWAY],
    transactions: (o: OrderRec, args) =>
      args['capturable'] || args['manuallyResolvable']
        ? []
        : transactionsOf(o).slice(0, (args['first'] as number | null) ?? undefined),
    transactionsCount: (o: OrderRec) => count(transactionsOf(o).length),
    refunds: (o: OrderRec, args, ctx) => refundsOf(ctx.shop, o).slice(0, (args['first'] as number | null) ?? undefined),
    suggestedRefund: (o: OrderRec, args, ctx) => suggestedRefund(ctx.shop, o, args),
    paymentCollectionDetails: () => ({ additionalPaymentCollectionUrl: null, vaultedPaymentMethods: [] }),
    paymentTerms: () => null,
    disputes: () => [],
    // Addresses: copied from the customer's default address when placed.
    shippingAddress: (o: OrderRec) => (o.shippingAddress ? mailingAddress(o.shippingAddress) : null),
    billingAddress: (o: OrderRec) => (o.billingAddress ? mailingAddress(o.billingAddress) : null),
    displayAddress: (o: OrderRec) => {
      const a = o.shippingAddress ?? o.billingAddress;
      return a ? mailingAddress(a) : null;
    },
    billingAddressMatchesShippingAddress: (o: OrderRec) => sameAddress(o.billingAddress, o.shippingAddress),
    customAttributes: (o: OrderRec) =>
      (o.customAttributes ?? []).map((a) => ({ __typename: 'Attribute', key: a.key, value: a.value })),
    poNumber: (o: OrderRec) => o.poNumber ?? null,
    metafields: (o: OrderRec, args, ctx) => metafieldConnection(o.metafields ?? [], args, ctx),
    metafield: (o: OrderRec, args) => metafieldByKey(o.metafields, args),
    metafieldDefinitions: () => emptyConnection(),
    // Where the order came from: the Online Store, with no tracked visit, referrer, staff or POS location.
    app: () => ONLINE_STORE_APP,
    sourceName: () => 'web',
    sourceIdentifier: () => null,
    registeredSourceUrl: () => null,
    channel: () => null,
    channelInformation: () => null,
    publication: () => null,
    merchantOfRecordApp: () => null,
    merchantBusinessEntity: (_o: OrderRec, _a, ctx) => businessEntity(ctx.shop),
    purchasingEntity: (o: OrderRec, _a, ctx) => customerOf(ctx.shop, o),
    customerAcceptsMarketing: (o: OrderRec, _a, ctx) =>
      customerOf(ctx.shop, o)?.emailMarketingConsent?.marketingState === 'SUBSCRIBED',
    customerLocale: (o: OrderRec, _a, ctx) => customerOf(ctx.shop, o)?.locale ?? 'en',
    customerJourney: () => null,
    customerJourneySummary: () => null,
    landingPageUrl: () => null,
    landingPageDisplayText: () => null,
    referrerUrl: () => null,
    referrerDisplayText: () => null,
    referralCode: () => null,
    clientIp: () => null,
    staffMember: () => null,
    physicalLocation: () => null,
    retailLocation: () => null,
    productNetwork: () => false,
    shopifyProtect: () => null,
    statusPageUrl: (o: OrderRec, _a, ctx) => statusPageUrl(ctx.shop, o),
    // Nothing the emulator models: no fulfillment orders, returns, exchanges, risk assessments, agreements or events.
    fulfillments: () => [],
    fulfillmentsCount: () => count(0),
    fulfillmentOrders: () => emptyConnection(),
    returnStatus: () => 'NO_RETURN',
    returns: () => emptyConnection(),
    exchangeV2s: () => emptyConnection(),
    risk: () => ({ assessments: [], recommendation: 'NONE' }),
    riskLevel: () => 'LOW',
    risks: () => [],
    agreements: () => emptyConnection(),
    events: () => emptyConnection(),
    alerts: () => [],
    hasTimelineComment: () => false,
    localizationExtensions: () => emptyConnection(),
    localizedFields: () => emptyConnection(),
    tags: (o: OrderRec) => o.tags,
    test: (o: OrderRec) => o.test,
    edited: () => false,
  },
  Refund: {
    refundLineItems: (r: RefundRec, args) => connectionFromArray(r.lines, (l) => l.key, args, false),
    transactions: (r: RefundRec, args) => connectionFromArray(r.transactionList, (t) => t.key, args, false),
    orderAdjustments: () => emptyConnection(),
    refundShippingLines: () => emptyConnection(),
  },
  LineItem: {
    variant: (li: LineItemRec, _a, ctx) =>
      li.variantId === null ? null : (ctx.shop.variants.get(li.variantId) ?? null),
    product: (li: LineItemRec, _a, ctx) =>
      li.productId === null ? null : (ctx.shop.products.get(li.productId) ?? null),
    name: (li: LineItemRec) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
    currentQuantity: (li: LineItemRec, _a, ctx) => lineQuantity(ctx.shop, li),
    unfulfilledQuantity: (li: LineItemRec, _a, ctx) => unfulfilled(ctx.shop, li),
    fulfillableQuantity: (li: LineItemRec, _a, ctx) => unfulfilled(ctx.shop, li),
    refundableQuantity: (li: LineItemRec, _a, ctx) => lineQuantity(ctx.shop, li),
    requiresShipping: (li: LineItemRec) => li.requiresShipping ?? true,
    taxable: (li: LineItemRec) => li.taxable ?? true,
    isGiftCard: () => false,
    originalUnitPriceSet: (li: LineItemRec, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
    discountedUnitPriceSet: (li: LineItemRec, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
    originalTotalSet: (li: LineItemRec, _a, ctx) =>
      moneyBag(fromCents(toCents(li.price) * li.quantity), ctx.shop.currencyCode),
    discountedTotalSet: (li: LineItemRec, _a, ctx) =>
      moneyBag(fromCents(toCents(li.price) * li.quantity), ctx.shop.currencyCode),
    totalDiscountSet: (_li: LineItemRec, _a, ctx) => moneyBag('0.00', ctx.shop.currencyCode),
    // Without discounts every price below is the unit price times a quantity.
    originalUnitPrice: (li: LineItemRec) => li.price,
    discountedUnitPrice: (li: LineItemRec) => li.price,
    discountedUnitPriceAfterAllDiscountsSet: (li: LineItemRec, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
    originalTotal: (li: LineItemRec) => fromCents(toCents(li.price) * li.quantity),
    discountedTotal: (li: LineItemRec) => fromCents(toCents(li.price) * li.quantity),
    totalDiscount: () => '0.00',
    unfulfilledOriginalTotal: (li: LineItemRec, _a, ctx) => fromCents(toCents(li.price) * unfulfilled(ctx.shop, li)),
    unfulfilledOriginalTotalSet: (li: LineItemRec, _a, ctx) =>
      moneyBag(fromCents(toCents(li.price) * unfulfilled(ctx.shop, li)), ctx.shop.currencyCode),
    unfulfilledDiscountedTotal: (li: LineItemRec, _a, ctx) => fromCents(toCents(li.price) * unfulfilled(ctx.shop, li)),
    unfulfilledDiscountedTotalSet: (li: LineItemRec, _a, ctx) =>
      moneyBag(fromCents(toCents(li.price) * unfulfilled(ctx.shop, li)), ctx.shop.currencyCode),
    nonFulfillableQuantity: () => 0,
    fulfillmentStatus: (li: LineItemRec, _a, ctx) =>
      orderOfLine(ctx.shop, li)?.fulfillmentStatus === 'FULFILLED' ? 'fulfilled' : 'unfulfilled',
    fulfillmentService: (li: LineItemRec) => (li.requiresShipping === false ? null : MANUAL_SERVICE),
    canRestock: (li: LineItemRec, _a, ctx) => lineQuantity(ctx.shop, li) > 0,
    restockable: (li: LineItemRec, _a, ctx) => lineQuantity(ctx.shop, li) > 0,
    merchantEditable: (li: LineItemRec, _a, ctx) => !orderOfLine(ctx.shop, li)?.cancelledAt,
    image: () => null,
    customAttributes: () => [],
    discountAllocations: () => [],
    duties: () => [],
    taxLines: () => [],
    contract: () => null,
    lineItemGroup: () => null,
    sellingPlan: () => null,
    staffMember: () => null,
    suggestedReturnReasonDefinitions: () => emptyConnection(),
  },
  Mutation: {
    orderUpdate: (_s, args, ctx) => {
      const input = args['input'] as Args;
      const id = gidId(input['id'], 'Order');
      const order = id === null ? undefined : ctx.shop.orders.get(id);
      if (!order) return { order: null, userErrors: [userError(['id'], 'Order does not exist')] };
      updateOrder(ctx.shop, ctx.sink, order, {
        email: input['email'] as string | undefined,
        phone: input['phone'] as string | undefined,
        note: input['note'] as string | undefined,
        tags: input['tags'] as string[] | undefined,
        shippingAddress: input['shippingAddress'] as AddressInput | null | undefined,
        customAttributes: (input['customAttributes'] as Args[] | undefined)?.map((a) => ({
          key: String(a['key']),
          value: (a['value'] as string | null) ?? null,
        })),
        metafields: metafieldWritesFrom(input['metafields']),
        poNumber: input['poNumber'] as string | null | undefined,
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
      return {
        job: { __typename: 'Job', id: toGid('Job', ctx.shop.newId()), done: true, query: null },
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
  },
};
