// A guard against the next gap: walks the SDL and reads every field of the types a sync touches
// (and of the payloads of the mutations it sends). A field may answer NOT_IMPLEMENTED only if it is
// on KNOWN_GAPS (listed in the README), and a gap that gets implemented must leave the list, so the
// list stays exact. A second walk writes every input field productSet takes and reads the output
// field of the same name back: none may come back null.
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import type { GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLObjectType } from 'graphql';
import { getSchema } from '../graphql/schema';
import { dig, startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';
import { KNOWN_GAPS, NEEDS_INPUT } from './known-gaps';

jest.setTimeout(60_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const WALKED = [
  'Product',
  'ProductVariant',
  'InventoryItem',
  'InventoryLevel',
  'Location',
  'Customer',
  'Order',
  'LineItem',
];

/** A literal for a required argument, or null when we cannot make one up. */
function literal(type: GraphQLInputType, argName: string): string | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const item = literal(inner.ofType as GraphQLInputType, argName);
    return item === null ? null : `[${item}]`;
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.name ?? null;
  // An input object whose fields are all optional (a pricing or publication context): the empty one.
  if (isInputObjectType(inner))
    return Object.values(inner.getFields()).some((f) => isNonNullType(f.type)) ? null : '{}';
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
        return '1';
      case 'Float':
        return '1.0';
      case 'Boolean':
        return 'true';
      case 'ID':
        return '"gid://shopify/Location/1"';
      default:
        return argName === 'namespace' ? '"custom"' : '"x"';
    }
  }
  return null;
}

/** `alias: field(args) { __typename }` for one field, or null when it needs an input object. */
function selection(field: GraphQLField<unknown, unknown>): string | null {
  const args: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) {
    if (arg.name === 'first' && !isNonNullType(arg.type)) args.push('first: 1');
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      const value = literal(arg.type, arg.name);
      if (value === null) return null;
      args.push(`${arg.name}: ${value}`);
    }
  }
  const named = getNamedType(field.type);
  const sub = isObjectType(named) || !('serialize' in named) ? ' { __typename }' : '';
  return `f_${field.name}: ${field.name}${args.length ? `(${args.join(', ')})` : ''}${sub}`;
}

/** Arguments for a field, or null when a required one cannot be made up. */
function argsOf(field: GraphQLField<unknown, unknown>): string | null {
  const args: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) {
    if (arg.name === 'first' && !isNonNullType(arg.type)) args.push('first: 2');
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      const value = literal(arg.type, arg.name);
      if (value === null) return null;
      args.push(`${arg.name}: ${value}`);
    }
  }
  return args.length ? `(${args.join(', ')})` : '';
}

/** The leaf fields (scalars and enums) of an object type, each with made-up required arguments. */
function leaves(type: GraphQLObjectType): string {
  const out = ['__typename'];
  for (const f of Object.values(type.getFields())) {
    const named = getNamedType(f.type);
    const args = argsOf(f);
    if (args !== null && (isScalarType(named) || isEnumType(named))) out.push(`${f.name}${args}`);
  }
  return out.join(' ');
}

/** One level down: every leaf of what an object field returns (of a connection's nodes, of a union's members). */
function nested(field: GraphQLField<unknown, unknown>): string | null {
  const args = argsOf(field);
  const named = getNamedType(field.type);
  if (args === null || isScalarType(named) || isEnumType(named)) return null;
  const inner = (t: GraphQLNamedType): string | null => {
    if (isObjectType(t)) return leaves(t);
    if (isUnionType(t))
      return ['__typename', ...t.getTypes().map((m) => `... on ${m.name} { ${leaves(m)} }`)].join(' ');
    return null;
  };
  const nodes = isObjectType(named) && named.name.endsWith('Connection') ? named.getFields()['nodes'] : undefined;
  const body = nodes ? inner(getNamedType(nodes.type)) : inner(named);
  if (body === null) return null;
  return `f_${field.name}: ${field.name}${args} { ${nodes ? `nodes { ${body} }` : body} }`;
}

function notImplemented(body: Json): string[] {
  return ((body.errors ?? []) as Json[])
    .filter((e) => e.extensions?.code === 'NOT_IMPLEMENTED')
    .map((e) => String(e.message).replace(/^Field (\S+) is not implemented.*$/, '$1'));
}

describe('SDL walk', () => {
  let t: TestShop;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestShop({ throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
    const p = await t.gql(
      `mutation { productSet(input: { title: "Walked", productOptions: [{ name: "Size", values: [{ name: "M" }] }],
        variants: [{ optionValues: [{ optionName: "Size", name: "M" }], price: "5.00", inventoryItem: { tracked: true } }] }) {
        product { id variants(first: 1) { nodes { id inventoryItem { id inventoryLevels(first: 1) { nodes { id location { id } } } } } } } } }`,
    );
    const product = dig(p.body.data, 'productSet', 'product') as Json;
    ids['Product'] = product.id;
    ids['ProductVariant'] = product.variants.nodes[0].id;
    ids['InventoryItem'] = product.variants.nodes[0].inventoryItem.id;
    ids['InventoryLevel'] = product.variants.nodes[0].inventoryItem.inventoryLevels.nodes[0].id;
    ids['Location'] = product.variants.nodes[0].inventoryItem.inventoryLevels.nodes[0].location.id;
    const c = await t.gql(
      `mutation { customerCreate(input: { email: "walk@example.com", phone: "+16135550123", firstName: "W",
        addresses: [{ address1: "1 Walk St", city: "Ottawa", provinceCode: "ON", countryCode: CA, zip: "K1A 0B1" }] }) { customer { id } } }`,
    );
    ids['Customer'] = dig(c.body.data, 'customerCreate', 'customer', 'id') as string;
    const order = async () =>
      (
        await t.control<{ orderId: string }>('POST', `/_emulator/shops/${t.shop}/merchant/orders`, {
          customerId: ids['Customer'],
          lineItems: [{ variantId: ids['ProductVariant'], quantity: 1 }],
        })
      ).body.orderId;
    ids['Order'] = await order();
    // A cancelled, refunded order: its refunds, transactions and current totals are walked one level down.
    ids['CancelledOrder'] = await order();
    await t.control('POST', `/_emulator/shops/${t.shop}/merchant/orders/cancel`, {
      orderId: ids['CancelledOrder'],
      restock: true,
    });
    const li = await t.gql('query O($id: ID!) { order(id: $id) { lineItems(first: 1) { nodes { id } } } }', {
      id: ids['Order'],
    });
    ids['LineItem'] = dig(li.body.data, 'order', 'lineItems', 'nodes', 0, 'id') as string;
  });
  afterAll(() => t.close());

  it('answers every field of the walked types, except the listed known gaps', async () => {
    const schema = getSchema();
    const missing: string[] = [];
    const unreachable: string[] = [];
    for (const typeName of WALKED) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const fields = Object.values(type.getFields());
      // Chunks keep each query under the 1000-point single-query limit.
      for (let i = 0; i < fields.length; i += 25) {
        const sels: string[] = [];
        for (const f of fields.slice(i, i + 25)) {
          const sel = selection(f);
          if (sel) sels.push(sel);
          else unreachable.push(`${typeName}.${f.name}`);
        }
        // One node alias per field: a failing non-null field would otherwise abort its siblings.
        const doc = sels.map((sel, j) => `n${j}: node(id: $id) { ... on ${typeName} { ${sel} } }`).join(' ');
        const res = await t.gql(`query W($id: ID!) { ${doc} }`, { id: ids[typeName] });
        // A node that does not resolve (null without an error under it) would skip its field unseen.
        const failed = new Set(((res.body.errors ?? []) as Json[]).map((e) => e.path?.[0]));
        const unresolved = sels.filter((_s, j) => !res.body.data?.[`n${j}`] && !failed.has(`n${j}`));
        expect({ typeName, unresolved }).toEqual({ typeName, unresolved: [] });
        const other = (res.body.errors ?? []).filter(
          (e) =>
            e.extensions?.['code'] !== 'NOT_IMPLEMENTED' &&
            !String(e.message).includes('must provide one of first or last'),
        );
        expect({ typeName, other: other.map((e) => e.message) }).toEqual({ typeName, other: [] });
        missing.push(...notImplemented(res.body));
      }
    }
    expect([...new Set(missing)].sort()).toEqual([...KNOWN_GAPS].sort());
    // Fields we cannot call without inventing an input object are listed, so none is skipped unseen.
    expect(unreachable.sort()).toEqual([...NEEDS_INPUT].sort());
  });

  it('answers every leaf of the objects those fields return, one level down', async () => {
    const schema = getSchema();
    const failures: string[] = [];
    const walk: Array<[string, string]> = [
      ...WALKED.map((n) => [n, ids[n]!] as [string, string]),
      ['Order', ids['CancelledOrder']!],
    ];
    for (const [typeName, id] of walk) {
      const sels = Object.values((schema.getType(typeName) as GraphQLObjectType).getFields())
        .map(nested)
        .filter((x): x is string => x !== null);
      for (let i = 0; i < sels.length; i += 10) {
        const chunk = sels.slice(i, i + 10);
        const doc = chunk.map((sel, j) => `n${j}: node(id: $id) { ... on ${typeName} { ${sel} } }`).join(' ');
        const res = await t.gql(`query W($id: ID!) { ${doc} }`, { id });
        for (const e of (res.body.errors ?? []) as Json[]) {
          if (!String(e.message).includes('must provide one of first or last'))
            failures.push(`${typeName}.${(e.path ?? []).slice(1).join('.')}: ${e.message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every field of the mutation payloads a sync sends', async () => {
    const res = await t.gql(
      `mutation M($id: ID!) {
        productSet(input: { title: "Payload" }) { product { id } productSetOperation { id } userErrors { field message code } }
        productUpdate(product: { id: $id, title: "Walked again" }) { product { id } userErrors { field message } }
        productCreate(product: { title: "P2" }) { product { id } userErrors { field message } }
        productVariantsBulkUpdate(productId: $id, variants: []) { product { id } productVariants { id } userErrors { field message code } }
        productVariantsBulkCreate(productId: $id, variants: []) { product { id } productVariants { id } userErrors { field message code } }
      }`,
      { id: ids['Product'] },
    );
    expect(notImplemented(res.body)).toEqual([]);
    expect(res.body.errors).toBeUndefined();
  });

  it('reads back non-null (and non-empty) every productSet, customerCreate, orderUpdate and locationAdd input field it wrote', async () => {
    const schema = getSchema();
    const input = {
      title: 'Round trip',
      handle: 'round-trip',
      descriptionHtml: '<p>d</p>',
      vendor: 'V',
      productType: 'T',
      tags: ['a'],
      templateSuffix: 'alt',
      giftCardTemplateSuffix: 'gift',
      status: 'ACTIVE',
      requiresSellingPlan: false,
      category: 'gid://shopify/TaxonomyCategory/aa-1',
      seo: { title: 's', description: 'sd' },
    };
    const variant = {
      price: '9.99',
      compareAtPrice: '19.99',
      sku: 'RT-1',
      barcode: '123',
      taxable: false,
      taxCode: 'P1',
      inventoryPolicy: 'CONTINUE',
      requiresComponents: false,
      showUnitPrice: true,
      unitPriceMeasurement: { quantityValue: 1, quantityUnit: 'KG', referenceValue: 1, referenceUnit: 'KG' },
    };
    const item = {
      tracked: true,
      requiresShipping: false,
      countryCodeOfOrigin: 'CA',
      provinceCodeOfOrigin: 'ON',
      harmonizedSystemCode: '123456',
      countryHarmonizedSystemCodes: [{ countryCode: 'US', harmonizedSystemCode: '1234567890' }],
      measurement: { weight: { unit: 'GRAMS', value: 10 } },
    };
    const res = await t.gql(
      `mutation S($input: ProductSetInput!) { productSet(input: $input) { product { id variants(first: 1) { nodes { id inventoryItem { id } } } } userErrors { field message } } }`,
      {
        input: {
          ...input,
          productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
          variants: [
            { ...variant, optionValues: [{ optionName: 'Size', name: 'M' }], inventoryItem: { ...item, cost: '2.50' } },
          ],
        },
      },
    );
    expect(dig(res.body.data, 'productSet', 'userErrors')).toEqual([]);
    const product = dig(res.body.data, 'productSet', 'product') as Json;
    const readBack = async (typeName: string, id: string, written: Record<string, unknown>) => {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const names = Object.keys(written).filter((k) => type.getFields()[k]);
      expect(names.length).toBeGreaterThan(3);
      const sels = names.map((n) => {
        const field = type.getFields()[n]!;
        const named = getNamedType(field.type);
        // A connection's non-null shell proves nothing: read its first node.
        if (named.name.endsWith('Connection')) return `${n}(first: 1) { nodes { __typename } }`;
        return isObjectType(named) ? `${n} { __typename }` : n;
      });
      const got = await t.gql(`query R($id: ID!) { node(id: $id) { ... on ${typeName} { ${sels.join(' ')} } } }`, {
        id,
      });
      expect(got.body.errors).toBeUndefined();
      const nulls = names.filter((n) => {
        const value = (dig(got.body.data, 'node', n) ?? null) as Json;
        return (
          value === null ||
          (Array.isArray(value) && value.length === 0) ||
          (Array.isArray(value.nodes) && value.nodes.length === 0)
        );
      });
      expect({ typeName, nulls }).toEqual({ typeName, nulls: [] });
    };
    await readBack('Product', product.id, input);
    await readBack('ProductVariant', product.variants.nodes[0].id, variant);
    await readBack('InventoryItem', product.variants.nodes[0].inventoryItem.id, item);

    // The customer and order inputs a sync writes read back the same way.
    const metafields = [{ namespace: 'sync', key: 'ref', type: 'single_line_text_field', value: 'R-1' }];
    const customerIn = {
      email: 'readback@example.com',
      firstName: 'Read',
      lastName: 'Back',
      phone: '+16135550142',
      note: 'n',
      tags: ['t'],
      taxExempt: true,
      taxExemptions: ['CA_STATUS_CARD_EXEMPTION'],
      locale: 'fr',
      multipassIdentifier: 'mp',
      emailMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' },
      smsMarketingConsent: { marketingState: 'SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN' },
      metafields,
      addresses: [{ address1: '1 Back St', city: 'Ottawa', countryCode: 'CA' }],
    };
    const c = await t.gql(
      'mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { message } } }',
      { input: customerIn },
    );
    expect(dig(c.body.data, 'customerCreate', 'userErrors')).toEqual([]);
    await readBack('Customer', dig(c.body.data, 'customerCreate', 'customer', 'id') as string, customerIn);
    const orderIn = {
      id: ids['Order'],
      email: 'order@example.com',
      phone: '+16135550143',
      note: 'n',
      tags: ['t'],
      poNumber: 'PO-1',
      customAttributes: [{ key: 'k', value: 'v' }],
      metafields,
      shippingAddress: { address1: '2 Back St', city: 'Ottawa', countryCode: 'CA' },
    };
    const o = await t.gql(
      'mutation O($input: OrderInput!) { orderUpdate(input: $input) { order { id } userErrors { message } } }',
      { input: orderIn },
    );
    expect(dig(o.body.data, 'orderUpdate', 'userErrors')).toEqual([]);
    await readBack('Order', ids['Order']!, orderIn);
    const locationIn = {
      name: 'Read-back depot',
      fulfillsOnlineOrders: false,
      metafields,
      address: { countryCode: 'CA', city: 'Ottawa' },
    };
    const l = await t.gql(
      'mutation L($input: LocationAddInput!) { locationAdd(input: $input) { location { id } userErrors { message } } }',
      { input: locationIn },
    );
    expect(dig(l.body.data, 'locationAdd', 'userErrors')).toEqual([]);
    await readBack('Location', dig(l.body.data, 'locationAdd', 'location', 'id') as string, locationIn);
  });
});
