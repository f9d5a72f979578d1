// Order, LineItem and Customer fields a sync reads, derived from what the store holds: money bags
// and totals, weight, addresses, payment and the refund a cancellation records, and the customer
// fields written through customerCreate / orderUpdate coming back as written.
import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

jest.setTimeout(30_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ORDER = `query O($id: ID!) { order(id: $id) {
  name confirmationNumber statusPageUrl presentmentCurrencyCode displayFinancialStatus
  unpaid fullyPaid canMarkAsPaid refundable restockable fulfillable requiresShipping merchantEditable merchantEditableErrors
  customerAcceptsMarketing taxExempt poNumber phone email
  subtotalPrice totalPrice totalReceived totalRefunded netPayment
  originalTotalPriceSet { shopMoney { amount currencyCode } }
  currentTotalPriceSet { shopMoney { amount } }
  totalReceivedSet { shopMoney { amount } presentmentMoney { amount } }
  totalRefundedSet { shopMoney { amount } }
  netPaymentSet { shopMoney { amount } }
  totalOutstandingSet { shopMoney { amount } }
  cartDiscountAmountSet { shopMoney { amount } }
  subtotalLineItemsQuantity currentSubtotalLineItemsQuantity totalWeight currentTotalWeight
  shippingAddress { name address1 city provinceCode countryCodeV2 country zip formatted }
  billingAddress { address1 }
  billingAddressMatchesShippingAddress
  customAttributes { key value }
  metafields(first: 5) { nodes { namespace key value type } }
  paymentGatewayNames
  transactions { kind status gateway amountSet { shopMoney { amount } } parentTransaction { kind } }
  transactionsCount { count }
  refunds { totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity restockType restocked location { name } lineItem { sku } subtotalSet { shopMoney { amount } } } } transactions(first: 5) { nodes { kind } } }
  app { name }
  purchasingEntity { __typename ... on Customer { email } }
  lineItems(first: 5) { nodes { sku quantity currentQuantity unfulfilledQuantity refundableQuantity fulfillmentStatus requiresShipping
    originalTotal discountedTotal unfulfilledOriginalTotalSet { shopMoney { amount } } } }
} }`;

describe('orders as a sync reads them', () => {
  let t: TestShop;
  let variantId: string;
  let customerId: string;

  const order = async (id: string) => {
    const res = await t.gql(ORDER, { id });
    expect(res.body.errors).toBeUndefined();
    return dig(res.body.data, 'order') as Json;
  };
  const place = async (quantity: number) =>
    (
      await t.control<{ orderId: string }>('POST', `/_emulator/shops/${t.shop}/merchant/orders`, {
        customerId,
        lineItems: [{ variantId, quantity }],
      })
    ).body.orderId;

  beforeAll(async () => {
    t = await startTestShop();
    const p = await t.gql(
      `mutation { productSet(input: { title: "Boot", productOptions: [{ name: "Size", values: [{ name: "9" }] }],
        variants: [{ optionValues: [{ optionName: "Size", name: "9" }], price: "40.00", sku: "BOOT-9",
          inventoryItem: { tracked: true, measurement: { weight: { unit: KILOGRAMS, value: 1.2 } } } }] }) {
        product { variants(first: 1) { nodes { id } } } userErrors { message } } }`,
    );
    variantId = dig(p.body.data, 'productSet', 'product', 'variants', 'nodes', 0, 'id') as string;
    const c = await t.gql(
      `mutation { customerCreate(input: { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", taxExempt: true,
        emailMarketingConsent: { marketingState: SUBSCRIBED, marketingOptInLevel: SINGLE_OPT_IN },
        addresses: [{ address1: "1 Rue Principale", city: "Montreal", provinceCode: "QC", countryCode: CA, zip: "H2X 1Y4" }] }) {
        customer { id } userErrors { message } } }`,
    );
    customerId = dig(c.body.data, 'customerCreate', 'customer', 'id') as string;
  });
  afterAll(() => t.close());

  it('derives totals, weight, addresses and the manual sale from the placed order', async () => {
    const o = await order(await place(2));
    expect(o).toMatchObject({
      presentmentCurrencyCode: 'USD',
      displayFinancialStatus: 'PAID',
      unpaid: false,
      fullyPaid: true,
      canMarkAsPaid: false,
      refundable: true,
      restockable: true,
      fulfillable: true,
      requiresShipping: true,
      merchantEditable: true,
      merchantEditableErrors: [],
      customerAcceptsMarketing: true,
      taxExempt: true,
      poNumber: null,
      email: 'ada@example.com',
      subtotalPrice: '80.00',
      totalPrice: '80.00',
      totalReceived: '80.00',
      totalRefunded: '0.00',
      netPayment: '80.00',
      originalTotalPriceSet: { shopMoney: { amount: '80.00', currencyCode: 'USD' } },
      totalReceivedSet: { shopMoney: { amount: '80.00' }, presentmentMoney: { amount: '80.00' } },
      totalOutstandingSet: { shopMoney: { amount: '0.00' } },
      cartDiscountAmountSet: null,
      subtotalLineItemsQuantity: 2,
      currentSubtotalLineItemsQuantity: 2,
      totalWeight: '2400',
      currentTotalWeight: '2400',
      billingAddressMatchesShippingAddress: true,
      customAttributes: [],
      paymentGatewayNames: ['manual'],
      transactions: [
        {
          kind: 'SALE',
          status: 'SUCCESS',
          gateway: 'manual',
          amountSet: { shopMoney: { amount: '80.00' } },
          parentTransaction: null,
        },
      ],
      transactionsCount: { count: 1 },
      refunds: [],
      app: { name: 'Online Store' },
      purchasingEntity: { __typename: 'Customer', email: 'ada@example.com' },
    });
    expect(o.confirmationNumber).toMatch(/^[A-Z1-9]{9}$/);
    expect(o.statusPageUrl).toMatch(
      new RegExp(`^https://${t.shop.replace(/\./g, '\\.')}/\\d+/orders/[0-9a-f]+/authenticate\\?key=`),
    );
    expect(o.shippingAddress).toEqual({
      name: 'Ada Lovelace',
      address1: '1 Rue Principale',
      city: 'Montreal',
      provinceCode: 'QC',
      countryCodeV2: 'CA',
      country: 'Canada',
      zip: 'H2X 1Y4',
      formatted: ['1 Rue Principale', 'Montreal QC H2X 1Y4', 'Canada'],
    });
    expect(o.lineItems.nodes).toEqual([
      {
        sku: 'BOOT-9',
        quantity: 2,
        currentQuantity: 2,
        unfulfilledQuantity: 2,
        refundableQuantity: 2,
        fulfillmentStatus: 'unfulfilled',
        requiresShipping: true,
        originalTotal: '80.00',
        discountedTotal: '80.00',
        unfulfilledOriginalTotalSet: { shopMoney: { amount: '80.00' } },
      },
    ]);
  });

  it('keeps what orderUpdate writes: phone, shipping address, attributes, metafields, PO number', async () => {
    const id = await place(1);
    const res = await t.gql(
      `mutation U($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { field message } } }`,
      {
        input: {
          id,
          phone: '+15145550100',
          poNumber: 'PO-77',
          customAttributes: [{ key: 'gift', value: 'yes' }],
          metafields: [{ namespace: 'erp', key: 'ref', type: 'single_line_text_field', value: 'E-1' }],
          shippingAddress: {
            firstName: 'Bob',
            lastName: 'Ross',
            address1: '2 Side St',
            city: 'Toronto',
            provinceCode: 'ON',
            countryCode: 'CA',
            zip: 'M5V 2T6',
          },
        },
      },
    );
    expect(dig(res.body.data, 'orderUpdate', 'userErrors')).toEqual([]);
    const o = await order(id);
    expect(o).toMatchObject({
      phone: '+15145550100',
      poNumber: 'PO-77',
      customAttributes: [{ key: 'gift', value: 'yes' }],
      metafields: { nodes: [{ namespace: 'erp', key: 'ref', value: 'E-1', type: 'single_line_text_field' }] },
      shippingAddress: { name: 'Bob Ross', address1: '2 Side St', city: 'Toronto', country: 'Canada' },
      billingAddress: { address1: '1 Rue Principale' },
      billingAddressMatchesShippingAddress: false,
    });
  });

  it('records the refund a cancellation makes: restocked lines, the refund transaction, current totals at zero', async () => {
    const id = await place(3);
    await t.control('POST', `/_emulator/shops/${t.shop}/merchant/orders/cancel`, { orderId: id, restock: true });
    const o = await order(id);
    expect(o).toMatchObject({
      displayFinancialStatus: 'REFUNDED',
      refundable: false,
      restockable: false,
      fulfillable: false,
      merchantEditable: false,
      totalReceived: '120.00',
      totalRefunded: '120.00',
      netPayment: '0.00',
      currentTotalPriceSet: { shopMoney: { amount: '0.00' } },
      totalRefundedSet: { shopMoney: { amount: '120.00' } },
      currentSubtotalLineItemsQuantity: 0,
      subtotalLineItemsQuantity: 3,
      totalWeight: '3600',
      currentTotalWeight: '0',
      transactions: [
        { kind: 'SALE', parentTransaction: null },
        { kind: 'REFUND', parentTransaction: { kind: 'SALE' } },
      ],
      transactionsCount: { count: 2 },
      refunds: [
        {
          totalRefundedSet: { shopMoney: { amount: '120.00' } },
          refundLineItems: {
            nodes: [
              {
                quantity: 3,
                restockType: 'CANCEL',
                restocked: true,
                location: { name: 'Shop location' },
                lineItem: { sku: 'BOOT-9' },
                subtotalSet: { shopMoney: { amount: '120.00' } },
              },
            ],
          },
          transactions: { nodes: [{ kind: 'REFUND' }] },
        },
      ],
    });
    expect(o.merchantEditableErrors).toHaveLength(1);
    expect(o.lineItems.nodes[0]).toMatchObject({
      quantity: 3,
      currentQuantity: 0,
      unfulfilledQuantity: 0,
      refundableQuantity: 0,
    });
  });

  it('suggests a refund for the lines asked, capped at what was received', async () => {
    const id = await place(2);
    const li = dig(
      (await t.gql('query O($id: ID!) { order(id: $id) { lineItems(first: 1) { nodes { id } } } }', { id })).body.data,
      'order',
      'lineItems',
      'nodes',
      0,
      'id',
    );
    const res = await t.gql(
      `query S($id: ID!, $li: ID!) { order(id: $id) {
        one: suggestedRefund(refundLineItems: [{ lineItemId: $li, quantity: 1, restockType: RETURN }]) { amountSet { shopMoney { amount } } maximumRefundableSet { shopMoney { amount } } refundLineItems { quantity restockType location { name } } suggestedTransactions { kind gateway amountSet { shopMoney { amount } } } }
        all: suggestedRefund(suggestFullRefund: true) { amountSet { shopMoney { amount } } refundLineItems { quantity } }
        none: suggestedRefund { amountSet { shopMoney { amount } } refundLineItems { quantity } suggestedTransactions { kind } }
      } }`,
      { id, li },
    );
    expect(res.body.errors).toBeUndefined();
    expect(dig(res.body.data, 'order')).toEqual({
      one: {
        amountSet: { shopMoney: { amount: '40.00' } },
        maximumRefundableSet: { shopMoney: { amount: '80.00' } },
        refundLineItems: [{ quantity: 1, restockType: 'RETURN', location: { name: 'Shop location' } }],
        suggestedTransactions: [
          { kind: 'SUGGESTED_REFUND', gateway: 'manual', amountSet: { shopMoney: { amount: '40.00' } } },
        ],
      },
      all: { amountSet: { shopMoney: { amount: '80.00' } }, refundLineItems: [{ quantity: 2 }] },
      none: { amountSet: { shopMoney: { amount: '0.00' } }, refundLineItems: [], suggestedTransactions: [] },
    });
  });
});

describe('customer fields written through customerCreate / customerUpdate', () => {
  let t: TestShop;

  beforeAll(async () => {
    t = await startTestShop();
  });
  afterAll(() => t.close());

  it('reads back consents, metafields, tax exemptions, locale and paged addresses', async () => {
    const res = await t.gql(
      `mutation { customerCreate(input: { email: "grace@example.com", phone: "+16135550199", firstName: "Grace", locale: "fr",
        taxExemptions: [CA_STATUS_CARD_EXEMPTION], multipassIdentifier: "mp-1",
        emailMarketingConsent: { marketingState: SUBSCRIBED, marketingOptInLevel: CONFIRMED_OPT_IN, consentUpdatedAt: "2026-01-02T03:04:05Z" },
        smsMarketingConsent: { marketingState: SUBSCRIBED, marketingOptInLevel: SINGLE_OPT_IN },
        metafields: [{ namespace: "crm", key: "tier", type: "single_line_text_field", value: "gold" }],
        addresses: [{ address1: "1 A St", city: "Ottawa", countryCode: CA }, { address1: "2 B St", city: "Halifax", countryCode: CA }] }) {
        customer { id } userErrors { message } } }`,
    );
    expect(dig(res.body.data, 'customerCreate', 'userErrors')).toEqual([]);
    const id = dig(res.body.data, 'customerCreate', 'customer', 'id') as string;
    const read = async () =>
      dig(
        (
          await t.gql(
            `query C($id: ID!) { customer(id: $id) { locale multipassIdentifier taxExemptions
              emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
              smsMarketingConsent { marketingState marketingOptInLevel }
              defaultEmailAddress { marketingState marketingOptInLevel }
              metafield(namespace: "crm", key: "tier") { value }
              metafields(first: 5) { nodes { key value } }
              addressesV2(first: 1) { nodes { address1 country } pageInfo { hasNextPage } }
              mergeable { isMergeable } productSubscriberStatus dataSaleOptOut } }`,
            { id },
          )
        ).body.data,
        'customer',
      ) as Json;
    expect(await read()).toEqual({
      locale: 'fr',
      multipassIdentifier: 'mp-1',
      taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      emailMarketingConsent: {
        marketingState: 'SUBSCRIBED',
        marketingOptInLevel: 'CONFIRMED_OPT_IN',
        consentUpdatedAt: '2026-01-02T03:04:05Z',
      },
      smsMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' },
      defaultEmailAddress: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'CONFIRMED_OPT_IN' },
      metafield: { value: 'gold' },
      metafields: { nodes: [{ key: 'tier', value: 'gold' }] },
      addressesV2: { nodes: [{ address1: '1 A St', country: 'Canada' }], pageInfo: { hasNextPage: true } },
      mergeable: { isMergeable: true },
      productSubscriberStatus: 'NEVER_SUBSCRIBED',
      dataSaleOptOut: false,
    });
    // An update upserts the metafield by namespace and key and keeps the rest.
    await t.gql(
      'mutation U($id: ID!) { customerUpdate(input: { id: $id, metafields: [{ namespace: "crm", key: "tier", value: "platinum" }] }) { userErrors { message } } }',
      { id },
    );
    expect(await read()).toMatchObject({ metafields: { nodes: [{ key: 'tier', value: 'platinum' }] }, locale: 'fr' });
  });
});
