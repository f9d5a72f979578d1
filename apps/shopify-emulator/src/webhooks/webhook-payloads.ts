// REST-shaped webhook payloads. Key sets and key order follow Shopify's own samples (see
// test/fixtures/webhooks/, checked by webhook-delivery.spec.ts); ids stay bigint so they serialise as
// 64-bit integer literals.
import type { ShopState } from '../store/shop-state';
import type {
  BulkOperationRec,
  CustomerAddressRec,
  CustomerRec,
  InventoryItemRec,
  LevelRec,
  LineItemRec,
  LocationRec,
  OrderRec,
  ProductRec,
  VariantRec,
} from '../store/store.types';
import { fromCents, toCents } from '../store/money';
import { inventoryLevelGid, toGid } from '../util/gid';
import { restTime } from '../util/time';
import {
  confirmationNumber,
  MANUAL_GATEWAY,
  orderToken,
  orderWeight,
  outstanding,
  statusPageUrl,
} from '../store/order-totals';

type Json = Record<string, unknown>;

/** products/* payloads carry full variants for the first 100 only; variant_gids lists them all. */
const MAX_PAYLOAD_VARIANTS = 100;

export function productPayload(shop: ShopState, p: ProductRec): Json {
  const variants = shop.variantsOf(p);
  return {
    admin_graphql_api_id: toGid('Product', p.id),
    body_html: p.descriptionHtml,
    created_at: restTime(p.createdAt),
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: restTime(p.publishedAt),
    template_suffix: p.templateSuffix,
    title: p.title,
    updated_at: restTime(p.updatedAt),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: 'web',
    tags: p.tags.join(', '),
    variants: variants.slice(0, MAX_PAYLOAD_VARIANTS).map((v) => variantPayload(shop, v)),
    options: p.optionNames.map((name, i) => ({
      name,
      id: p.id * 10n + BigInt(i + 1),
      product_id: p.id,
      position: i + 1,
      values: [...new Set(variants.map((v) => v.optionValues[i] ?? ''))],
    })),
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({
      admin_graphql_api_id: toGid('ProductVariant', v.id),
      updated_at: v.updatedAt.replace('Z', '.000Z'),
    })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function variantPayload(shop: ShopState, v: VariantRec): Json {
  const item = shop.inventoryItems.get(v.inventoryItemId);
  const qty = item ? shop.availableOf(item) : 0;
  return {
    admin_graphql_api_id: toGid('ProductVariant', v.id),
    barcode: v.barcode,
    compare_at_price: v.compareAtPrice,
    created_at: restTime(v.createdAt),
    id: v.id,
    inventory_policy: v.inventoryPolicy.toLowerCase(),
    position: v.position,
    price: v.price,
    product_id: v.productId,
    sku: v.sku,
    taxable: v.taxable,
    title: v.title,
    updated_at: restTime(v.updatedAt),
    option1: v.optionValues[0] ?? null,
    option2: v.optionValues[1] ?? null,
    option3: v.optionValues[2] ?? null,
    image_id: null,
    inventory_item_id: v.inventoryItemId,
    inventory_quantity: qty,
    old_inventory_quantity: qty,
  };
}

export function productDeletePayload(id: bigint): Json {
  return { id };
}

export function inventoryLevelPayload(level: LevelRec): Json {
  return {
    inventory_item_id: level.itemId,
    location_id: level.locationId,
    available: level.q.available,
    updated_at: restTime(level.updatedAt),
    admin_graphql_api_id: inventoryLevelGid(level.locationId, level.itemId),
  };
}

export function inventoryItemPayload(shop: ShopState, item: InventoryItemRec): Json {
  const variant = shop.variants.get(item.variantId);
  return {
    id: item.id,
    sku: variant?.sku ?? null,
    created_at: restTime(item.createdAt),
    updated_at: restTime(item.updatedAt),
    requires_shipping: item.requiresShipping,
    cost: item.unitCost,
    country_code_of_origin: item.countryCodeOfOrigin,
    province_code_of_origin: item.provinceCodeOfOrigin ?? null,
    harmonized_system_code: item.harmonizedSystemCode,
    tracked: item.tracked,
    country_harmonized_system_codes: (item.countryHarmonizedSystemCodes ?? []).map((c) => ({
      harmonized_system_code: c.harmonizedSystemCode,
      country_code: c.countryCode,
    })),
    weight_value: item.weightGrams,
    weight_unit: 'g',
    admin_graphql_api_id: toGid('InventoryItem', item.id),
  };
}

export function locationPayload(l: LocationRec): Json {
  return {
    id: l.id,
    name: l.name,
    address1: l.address.address1,
    address2: l.address.address2,
    city: l.address.city,
    zip: l.address.zip,
    province: l.address.province,
    country: l.address.countryCode,
    phone: l.address.phone,
    created_at: restTime(l.createdAt),
    updated_at: restTime(l.updatedAt),
    country_code: l.address.countryCode,
    country_name: l.address.country,
    province_code: l.address.provinceCode,
    legacy: false,
    active: l.isActive,
    admin_graphql_api_id: toGid('Location', l.id),
  };
}

function customerAddressPayload(c: CustomerRec, a: CustomerAddressRec, isDefault: boolean): Json {
  return {
    id: a.id,
    customer_id: c.id,
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    city: a.city,
    province: a.province,
    country: a.country,
    zip: a.zip,
    phone: a.phone,
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    province_code: a.provinceCode,
    country_code: a.countryCode,
    country_name: a.country,
    default: isDefault,
  };
}

export function customerPayload(c: CustomerRec): Json {
  const first = c.addresses[0];
  return {
    id: c.id,
    created_at: restTime(c.createdAt),
    updated_at: restTime(c.updatedAt),
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    multipass_identifier: c.multipassIdentifier ?? null,
    tax_exempt: c.taxExempt,
    email: c.email,
    phone: c.phone,
    currency: c.currency,
    addresses: c.addresses.map((a, i) => customerAddressPayload(c, a, i === 0)),
    tax_exemptions: c.taxExemptions ?? [],
    admin_graphql_api_id: toGid('Customer', c.id),
    default_address: first ? customerAddressPayload(c, first, true) : null,
  };
}

function moneySet(amount: string, currency: string): Json {
  return {
    shop_money: { amount, currency_code: currency },
    presentment_money: { amount, currency_code: currency },
  };
}

function orderAddress(a: CustomerAddressRec | null | undefined): Json | null {
  if (!a) return null;
  return {
    first_name: a.firstName,
    address1: a.address1,
    phone: a.phone,
    city: a.city,
    zip: a.zip,
    province: a.province,
    country: a.country,
    last_name: a.lastName,
    address2: a.address2,
    company: a.company,
    latitude: null,
    longitude: null,
    name: [a.firstName, a.lastName].filter(Boolean).join(' '),
    country_code: a.countryCode,
    province_code: a.provinceCode,
  };
}

function orderCustomerPayload(c: CustomerRec): Json {
  const full = customerPayload(c);
  // The order-embedded customer omits the addresses list (as in Shopify's sample).
  delete full['addresses'];
  return full;
}

export function orderPayload(shop: ShopState, o: OrderRec): Json {
  const cur = o.currencyCode;
  const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
  const cancelled = o.cancelledAt !== null;
  const zero = '0.00';
  const current = cancelled ? zero : o.total;
  const currentSubtotal = cancelled ? zero : o.subtotal;
  return {
    id: o.id,
    admin_graphql_api_id: toGid('Order', o.id),
    app_id: 580111,
    browser_ip: null,
    buyer_accepts_marketing: customer?.emailMarketingConsent?.marketingState === 'SUBSCRIBED',
    cancel_reason: o.cancelReason ? o.cancelReason.toLowerCase() : null,
    cancelled_at: restTime(o.cancelledAt),
    cart_token: null,
    checkout_token: null,
    client_details: null,
    closed_at: restTime(o.closedAt),
    confirmation_number: confirmationNumber(o),
    confirmed: true,
    contact_email: o.email,
    created_at: restTime(o.createdAt),
    currency: cur,
    current_shipping_price_set: moneySet(zero, cur),
    current_subtotal_price: currentSubtotal,
    current_subtotal_price_set: moneySet(currentSubtotal, cur),
    current_total_additional_fees_set: null,
    current_total_discounts: zero,
    current_total_discounts_set: moneySet(zero, cur),
    current_total_duties_set: null,
    current_total_price: current,
    current_total_price_set: moneySet(current, cur),
    current_total_tax: cancelled ? zero : o.totalTax,
    current_total_tax_set: moneySet(cancelled ? zero : o.totalTax, cur),
    customer_locale: customer?.locale ?? 'en',
    device_id: null,
    discount_codes: [],
    duties_included: false,
    email: o.email,
    estimated_taxes: false,
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status: o.fulfillmentStatus === 'FULFILLED' ? 'fulfilled' : null,
    landing_site: null,
    landing_site_ref: null,
    location_id: null,
    merchant_business_entity_id: Buffer.from(shop.name).toString('base64').replace(/=+$/, ''),
    merchant_of_record_app_id: null,
    name: o.name,
    note: o.note,
    note_attributes: (o.customAttributes ?? []).map((a) => ({ name: a.key, value: a.value })),
    number: o.number - 1000,
    order_number: o.number,
    order_status_url: statusPageUrl(shop, o),
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: [MANUAL_GATEWAY],
    phone: o.phone,
    po_number: o.poNumber ?? null,
    presentment_currency: cur,
    processed_at: restTime(o.processedAt),
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: 'web',
    source_url: null,
    subtotal_price: o.subtotal,
    subtotal_price_set: moneySet(o.subtotal, cur),
    tags: o.tags.join(', '),
    tax_exempt: o.taxExempt ?? false,
    tax_lines: [],
    taxes_included: false,
    test: o.test,
    token: orderToken(o),
    total_cash_rounding_payment_adjustment_set: moneySet(zero, cur),
    total_cash_rounding_refund_adjustment_set: moneySet(zero, cur),
    total_discounts: zero,
    total_discounts_set: moneySet(zero, cur),
    total_line_items_price: o.subtotal,
    total_line_items_price_set: moneySet(o.subtotal, cur),
    total_outstanding: outstanding(o),
    total_price: o.total,
    total_price_set: moneySet(o.total, cur),
    total_shipping_price_set: moneySet(zero, cur),
    total_tax: o.totalTax,
    total_tax_set: moneySet(o.totalTax, cur),
    total_tip_received: zero,
    total_weight: orderWeight(o, false),
    updated_at: restTime(o.updatedAt),
    user_id: null,
    billing_address: orderAddress(o.billingAddress),
    customer: customer ? orderCustomerPayload(customer) : null,
    discount_applications: [],
    fulfillments: [],
    line_items: o.lineItems.map((li) => lineItemPayload(shop, o, li)),
    payment_terms: null,
    refunds: refundsPayload(shop, o),
    shipping_address: orderAddress(o.shippingAddress),
    shipping_lines: [],
    returns: [],
    line_item_groups: [],
  };
}

function lineItemPayload(shop: ShopState, o: OrderRec, li: LineItemRec): Json {
  const cur = o.currencyCode;
  const cancelled = o.cancelledAt !== null;
  const zero = '0.00';
  return {
    id: li.id,
    admin_graphql_api_id: toGid('LineItem', li.id),
    attributed_staffs: [],
    current_quantity: cancelled ? 0 : li.quantity,
    fulfillable_quantity: cancelled ? 0 : li.quantity,
    fulfillment_service: 'manual',
    fulfillment_status: null,
    gift_card: false,
    grams: li.grams ?? 0,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    price: li.price,
    price_set: moneySet(li.price, cur),
    product_exists: li.productId !== null && shop.products.has(li.productId),
    product_id: li.productId,
    properties: [],
    quantity: li.quantity,
    requires_shipping: li.requiresShipping ?? true,
    sales_line_item_group_id: null,
    sku: li.sku,
    taxable: li.taxable ?? true,
    title: li.title,
    total_discount: zero,
    total_discount_set: moneySet(zero, cur),
    variant_id: li.variantId,
    variant_inventory_management: 'shopify',
    variant_title: li.variantTitle,
    vendor: li.vendor,
    tax_lines: [],
    duties: [],
    discount_allocations: [],
  };
}

/**
 * A cancelled order's refund, as Shopify records it when an order is cancelled: every line, with `restock_type`
 * "cancel" when the cancellation put the units back and "no_restock" when it did not (REST Refund resource; the ids
 * match the GraphQL Refund and RefundLineItem of the same order).
 */
function refundsPayload(shop: ShopState, o: OrderRec): Json[] {
  if (o.cancelledAt === null) return [];
  const cur = o.currencyCode;
  const restocked = o.cancelRestock ?? false;
  const refundId = o.id + 3n;
  return [
    {
      id: refundId,
      admin_graphql_api_id: toGid('Refund', refundId),
      created_at: restTime(o.cancelledAt),
      note: null,
      order_id: o.id,
      processed_at: restTime(o.cancelledAt),
      restock: restocked,
      total_duties_set: moneySet('0.00', cur),
      user_id: null,
      order_adjustments: [],
      transactions: [],
      refund_line_items: o.lineItems.map((li) => {
        const subtotal = fromCents(toCents(li.price) * li.quantity);
        return {
          id: li.id + 1n,
          line_item_id: li.id,
          location_id: restocked ? li.locationId : null,
          quantity: li.quantity,
          restock_type: restocked ? 'cancel' : 'no_restock',
          subtotal: Number(subtotal),
          subtotal_set: moneySet(subtotal, cur),
          total_tax: 0,
          total_tax_set: moneySet('0.00', cur),
          line_item: lineItemPayload(shop, o, li),
        };
      }),
      duties: [],
    },
  ];
}

export function appUninstalledPayload(shop: ShopState): Json {
  const loc = shop.primaryLocation();
  return {
    id: shop.shopId,
    name: shop.name,
    email: shop.email,
    domain: null,
    province: loc?.address.province ?? null,
    country: loc?.address.countryCode ?? 'US',
    address1: loc?.address.address1 ?? null,
    zip: loc?.address.zip ?? null,
    city: loc?.address.city ?? null,
    source: null,
    phone: null,
    latitude: null,
    longitude: null,
    primary_locale: 'en',
    address2: null,
    created_at: restTime(shop.createdAt),
    updated_at: restTime(shop.createdAt),
    country_code: loc?.address.countryCode ?? 'US',
    country_name: loc?.address.country ?? 'United States',
    currency: shop.currencyCode,
    customer_email: shop.email,
    timezone: '(GMT+00:00) UTC',
    iana_timezone: shop.ianaTimezone,
    shop_owner: 'Emulator Owner',
    money_format: '${{amount}}',
    money_with_currency_format: '${{amount}} USD',
    weight_unit: 'kg',
    province_code: loc?.address.provinceCode ?? null,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: 'Development',
    plan_name: 'partner_test',
    has_discounts: false,
    has_gift_cards: false,
    myshopify_domain: shop.domain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: '${{amount}}',
    money_with_currency_in_emails_format: '${{amount}} USD',
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: true,
    has_storefront: true,
    finances: true,
    primary_location_id: loc?.id ?? null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currencyCode],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

export function bulkFinishPayload(op: BulkOperationRec): Json {
  return {
    admin_graphql_api_id: toGid('BulkOperation', op.id),
    completed_at: restTime(op.completedAt),
    created_at: restTime(op.createdAt),
    error_code: op.errorCode ? op.errorCode.toLowerCase() : null,
    status: op.status.toLowerCase(),
    type: op.type.toLowerCase(),
  };
}
