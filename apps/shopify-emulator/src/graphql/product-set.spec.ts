// productSet and the product fields a sync writes, as Shopify answers them. The first scenario
// mirrors a live 2025-01 capture (airhorns/shopify-draft-proxy product-set-parity.json): two
// locations, a tracked and an untracked variant, stock per location, one metafield.
import { dig, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, TestShop } from '../testing/test-harness';

jest.setTimeout(30_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const SET = `mutation Set($input: ProductSetInput!, $identifier: ProductSetIdentifiers, $synchronous: Boolean! = true) {
  productSet(input: $input, identifier: $identifier, synchronous: $synchronous) {
    product {
      id title handle status vendor productType tags totalInventory
      options { id name position values optionValues { id name hasVariants } }
      variants(first: 10) { nodes {
        id title sku price inventoryQuantity selectedOptions { name value }
        metafields(first: 5) { nodes { namespace key type value } }
        inventoryItem { id tracked requiresShipping inventoryLevels(first: 5) { nodes { location { id name } quantities(names: ["available", "on_hand"]) { name quantity } } } }
      } }
      metafields(first: 5) { nodes { namespace key type value } }
    }
    userErrors { field message code }
  }
}`;

describe('productSet', () => {
  let t: TestShop;
  let shopLocation: string;
  let customLocation: string;

  const set = async (input: Json, identifier?: Json, synchronous = true) => {
    const res = await t.gql(SET, { input, identifier: identifier ?? null, synchronous });
    expect(res.body.errors).toBeUndefined();
    return dig(res.body.data, 'productSet') as Json;
  };
  const productCount = async () =>
    dig((await t.gql('{ productsCount { count } }')).body.data, 'productsCount', 'count') as number;

  beforeAll(async () => {
    t = await startTestShop();
    shopLocation = dig((await t.gql('{ location { id } }')).body.data, 'location', 'id') as string;
    const added = await t.gql(
      'mutation { locationAdd(input: { name: "My Custom Location", address: { countryCode: US, city: "Boston", address1: "1 Test St", zip: "02110", provinceCode: "MA" } }) { location { id } userErrors { message } } }',
    );
    customLocation = dig(added.body.data, 'locationAdd', 'location', 'id') as string;
  });
  afterAll(() => t.close());

  const graphInput = () => ({
    title: 'Hermes Product Graph 1777158209644',
    status: 'DRAFT',
    vendor: 'HERMES',
    productType: 'SNOWBOARD',
    tags: ['conformance', 'product-graph', '1777158209644'],
    productOptions: [{ name: 'Color', position: 1, values: [{ name: 'Blue' }, { name: 'Black' }] }],
    variants: [
      {
        optionValues: [{ optionName: 'Color', name: 'Blue' }],
        sku: 'GRAPH-BLUE-1777158209644',
        price: '79.99',
        inventoryQuantities: [
          { quantity: 2, locationId: customLocation, name: 'available' },
          { quantity: 5, locationId: shopLocation, name: 'available' },
        ],
        inventoryItem: { tracked: true, requiresShipping: true },
      },
      {
        optionValues: [{ optionName: 'Color', name: 'Black' }],
        sku: 'GRAPH-BLACK-1777158209644',
        price: '69.99',
        inventoryQuantities: [{ quantity: 3, locationId: customLocation, name: 'available' }],
        inventoryItem: { tracked: false, requiresShipping: true },
      },
    ],
    metafields: [{ namespace: 'custom', key: 'material', type: 'single_line_text_field', value: 'canvas' }],
  });

  it('creates options, variants, per-location stock and metafields like the live capture', async () => {
    const out = await set(graphInput());
    expect(out.userErrors).toEqual([]);
    const p = out.product;
    expect(p).toMatchObject({
      title: 'Hermes Product Graph 1777158209644',
      handle: 'hermes-product-graph-1777158209644',
      status: 'DRAFT',
      vendor: 'HERMES',
      productType: 'SNOWBOARD',
      tags: ['1777158209644', 'conformance', 'product-graph'],
      // Only the tracked variant counts (Blue 2 + 5); Black's 3 are untracked.
      totalInventory: 7,
    });
    expect(p.options).toHaveLength(1);
    expect(p.options[0]).toMatchObject({ name: 'Color', position: 1, values: ['Blue', 'Black'] });
    expect(p.options[0].optionValues.map((v: Json) => [v.name, v.hasVariants])).toEqual([
      ['Blue', true],
      ['Black', true],
    ]);
    const [blue, black] = p.variants.nodes;
    expect(blue).toMatchObject({
      title: 'Blue',
      sku: 'GRAPH-BLUE-1777158209644',
      price: '79.99',
      inventoryQuantity: 7,
      selectedOptions: [{ name: 'Color', value: 'Blue' }],
    });
    expect(black).toMatchObject({
      title: 'Black',
      sku: 'GRAPH-BLACK-1777158209644',
      price: '69.99',
      inventoryQuantity: 3,
    });
    expect(blue.inventoryItem.tracked).toBe(true);
    expect(black.inventoryItem.tracked).toBe(false);
    const levels = (v: Json) =>
      v.inventoryItem.inventoryLevels.nodes.map((l: Json) => [
        l.location.name,
        l.quantities.map((q: Json) => q.quantity),
      ]);
    expect(levels(blue).sort()).toEqual([
      ['My Custom Location', [2, 2]],
      ['Shop location', [5, 5]],
    ]);
    // Stocked only where the input said so.
    expect(levels(black)).toEqual([['My Custom Location', [3, 3]]]);
    expect(p.metafields.nodes).toEqual([
      { namespace: 'custom', key: 'material', type: 'single_line_text_field', value: 'canvas' },
    ]);
  });

  it('updates by handle: variants matched by option values keep their ids, unlisted ones are deleted, lists are replaced', async () => {
    const first = (await set({ ...graphInput(), title: 'Replace Me' })).product;
    const [blue, black] = first.variants.nodes;
    const out = await set(
      {
        title: 'Replace Me',
        productOptions: [{ name: 'Color', values: [{ name: 'Blue' }, { name: 'Green' }] }],
        variants: [
          { optionValues: [{ optionName: 'Color', name: 'Blue' }], price: '10.00' },
          { optionValues: [{ optionName: 'Color', name: 'Green' }], price: '11.00', sku: 'GREEN' },
        ],
        metafields: [],
        tags: ['only'],
      },
      { handle: 'replace-me' },
    );
    expect(out.userErrors).toEqual([]);
    const p = out.product;
    expect(p.id).toBe(first.id);
    expect(p.tags).toEqual(['only']);
    expect(p.metafields.nodes).toEqual([]);
    expect(p.variants.nodes.map((v: Json) => [v.title, v.price])).toEqual([
      ['Blue', '10.00'],
      ['Green', '11.00'],
    ]);
    expect(p.variants.nodes[0].id).toBe(blue.id);
    // Fields not sent stay as they were.
    expect(p.variants.nodes[0].sku).toBe('GRAPH-BLUE-1777158209644');
    expect(p.vendor).toBe('HERMES');
    const gone = await t.gql(
      'query V($id: ID!, $item: ID!) { productVariant(id: $id) { id } inventoryItem(id: $item) { id } }',
      { id: black.id, item: black.inventoryItem.id },
    );
    expect(gone.body.data).toEqual({ productVariant: null, inventoryItem: null });
    expect(p.options[0].optionValues.map((v: Json) => v.name)).toEqual(['Blue', 'Green']);
  });

  it('does not hand a variant listed by id to another entry that matches its option values', async () => {
    const first = (
      await set({
        title: 'Swap',
        productOptions: [{ name: 'Color', values: [{ name: 'Red' }, { name: 'Blue' }] }],
        variants: [
          { optionValues: [{ optionName: 'Color', name: 'Red' }], sku: 'RED' },
          { optionValues: [{ optionName: 'Color', name: 'Blue' }], sku: 'BLUE' },
        ],
      })
    ).product;
    const [red] = first.variants.nodes;
    // Entry 0 has Red's values but no id; entry 1 claims Red's id with a new value.
    const out = await set(
      {
        productOptions: [{ name: 'Color', values: [{ name: 'Red' }, { name: 'Green' }] }],
        variants: [
          { optionValues: [{ optionName: 'Color', name: 'Red' }], sku: 'NEW-RED' },
          { id: red.id, optionValues: [{ optionName: 'Color', name: 'Green' }] },
        ],
      },
      { id: first.id },
    );
    expect(out.userErrors).toEqual([]);
    const vs = out.product.variants.nodes;
    expect(vs.map((v: Json) => [v.title, v.sku])).toEqual([
      ['Red', 'NEW-RED'],
      ['Green', 'RED'],
    ]);
    expect(vs[1].id).toBe(red.id);
    expect(vs[0].id).not.toBe(red.id);
  });

  it('upserts by handle: an unknown handle creates the product with that handle', async () => {
    const out = await set({ title: 'Whatever Title' }, { handle: 'erp-sku-123' });
    expect(out.userErrors).toEqual([]);
    expect(out.product.handle).toBe('erp-sku-123');
    expect(out.product.variants.nodes.map((v: Json) => v.title)).toEqual(['Default Title']);
    const again = await set({ title: 'Renamed' }, { handle: 'erp-sku-123' });
    expect(again.product.id).toBe(out.product.id);
    expect(again.product.title).toBe('Renamed');
  });

  it('suffixes a generated handle that is taken and refuses an explicit one that is', async () => {
    const a = await set({ title: 'Same Title' });
    const b = await set({ title: 'Same Title' });
    expect([a.product.handle, b.product.handle]).toEqual(['same-title', 'same-title-1']);
    const before = await productCount();
    const taken = await set({ title: 'Other', handle: 'same-title' });
    expect(taken).toEqual({
      product: null,
      userErrors: [
        {
          field: ['input', 'handle'],
          message: 'Handle already in use. Please provide a new handle.',
          code: 'HANDLE_NOT_UNIQUE',
        },
      ],
    });
    expect(await productCount()).toBe(before);
  });

  it('validates before changing anything: unknown ids, options without variants, unknown option values', async () => {
    const created = (await set({ title: 'Guarded' })).product;
    const before = await productCount();
    const notFound = await set({ title: 'x' }, { id: 'gid://shopify/Product/1' });
    expect(notFound.userErrors).toEqual([
      { field: ['identifier', 'id'], message: 'Resource matching the identifier was not found.', code: 'NOT_FOUND' },
    ]);
    const noOptions = await set({ title: 'y', variants: [{ optionValues: [{ optionName: 'Color', name: 'Red' }] }] });
    expect(noOptions.userErrors).toEqual([
      {
        field: ['input', 'productOptions'],
        message: 'Must specify product options when updating variants.',
        code: 'PRODUCT_OPTIONS_INPUT_MISSING',
      },
    ]);
    const noVariants = await set({ title: 'z', productOptions: [{ name: 'Color', values: [{ name: 'Red' }] }] });
    expect(noVariants.userErrors.map((e: Json) => e.code)).toEqual(['VARIANTS_INPUT_MISSING']);
    const badVariant = await set(
      {
        title: 'Changed?',
        productOptions: [{ name: 'Color', values: [{ name: 'Red' }] }],
        variants: [
          { id: 'gid://shopify/ProductVariant/1', optionValues: [{ optionName: 'Color', name: 'Red' }] },
          { optionValues: [{ optionName: 'Color', name: 'Pink' }] },
        ],
      },
      { id: created.id },
    );
    expect(badVariant.userErrors).toEqual([
      {
        field: ['input', 'variants', '0', 'id'],
        message: 'Product variant does not exist',
        code: 'PRODUCT_VARIANT_DOES_NOT_EXIST',
      },
      {
        field: ['input', 'variants', '1', 'optionValues', '0', 'name'],
        message: "Option value 'Pink' does not exist",
        code: 'OPTION_VALUE_DOES_NOT_EXIST',
      },
    ]);
    expect(await productCount()).toBe(before);
    const read = await t.gql('query P($id: ID!) { product(id: $id) { title } }', { id: created.id });
    expect(dig(read.body.data, 'product', 'title')).toBe('Guarded');
  });

  it('refuses bad options with the messages of the live productOptionsCreate capture', async () => {
    const v = [{ optionValues: [{ optionName: 'Color', name: 'Red' }] }];
    const dup = await set({
      title: 'Dup',
      productOptions: [
        { name: 'Color', values: [{ name: 'Red' }] },
        { name: 'color', values: [{ name: 'Blue' }] },
      ],
      variants: v,
    });
    expect(dup.userErrors).toEqual([
      { field: ['input', 'productOptions', '1'], message: 'Duplicated option name.', code: 'DUPLICATED_OPTION_NAME' },
    ]);
    const empty = await set({ title: 'Empty', productOptions: [{ name: 'Color', values: [] }], variants: v });
    expect(empty.userErrors[0]).toEqual({
      field: ['input', 'productOptions', '0'],
      message: "Option 'Color' must specify at least one option value.",
      code: 'OPTION_VALUES_MISSING',
    });
    const long = await set({
      title: 'Long',
      productOptions: [{ name: 'N'.repeat(256), values: [{ name: 'Red' }] }],
      variants: v,
    });
    // productSet's code enum has no OPTION_NAME_TOO_LONG (productOptionsCreate's has).
    expect(long.userErrors[0]).toEqual({
      field: ['input', 'productOptions', '0'],
      message: 'Option name is too long.',
      code: 'INVALID_INPUT',
    });
    const four = await set({
      title: 'Four',
      productOptions: ['A', 'B', 'C', 'D'].map((name) => ({ name, values: [{ name: 'x' }] })),
      variants: v,
    });
    expect(four.userErrors[0]).toEqual({
      field: ['input', 'productOptions'],
      message: 'Can only specify a maximum of 3 options',
      code: 'OPTIONS_OVER_LIMIT',
    });
    // productCreate runs the same checks.
    const created = await t.gql(
      'mutation { productCreate(product: { title: "C", productOptions: [{ name: "Size", values: [{ name: "S" }] }, { name: "Size", values: [{ name: "M" }] }] }) { product { id } userErrors { field message } } }',
    );
    expect(dig(created.body.data, 'productCreate')).toEqual({
      product: null,
      userErrors: [{ field: ['productOptions', '1'], message: 'Duplicated option name.' }],
    });
  });

  it('runs asynchronously and reports the product through productOperation', async () => {
    const res = await t.gql(
      'mutation { productSet(synchronous: false, input: { title: "Async One" }) { product { id } productSetOperation { id status } userErrors { message } } }',
    );
    const op = dig(res.body.data, 'productSet', 'productSetOperation') as Json;
    expect(op.status).toBe('CREATED');
    expect(dig(res.body.data, 'productSet', 'product')).toBeNull();
    const read = await t.gql('query O($id: ID!) { productOperation(id: $id) { status product { title handle } } }', {
      id: op.id,
    });
    expect(dig(read.body.data, 'productOperation')).toEqual({
      status: 'COMPLETE',
      product: { title: 'Async One', handle: 'async-one' },
    });
  });

  it('writes and returns every variant and inventory-item field a sync sends', async () => {
    const out = await set({
      title: 'Full Variant',
      productOptions: [{ name: 'Size', values: [{ name: 'M' }] }],
      variants: [
        {
          optionValues: [{ optionName: 'Size', name: 'M' }],
          taxCode: 'P0000000',
          requiresComponents: true,
          showUnitPrice: true,
          unitPriceMeasurement: { quantityValue: 500, quantityUnit: 'G', referenceValue: 1, referenceUnit: 'KG' },
          inventoryItem: {
            countryCodeOfOrigin: 'CA',
            provinceCodeOfOrigin: 'ON',
            harmonizedSystemCode: '620520',
            measurement: { weight: { unit: 'GRAMS', value: 250 } },
          },
          metafields: [{ namespace: 'custom', key: 'fabric', type: 'single_line_text_field', value: 'cotton' }],
        },
      ],
    });
    expect(out.userErrors).toEqual([]);
    const variantId = out.product.variants.nodes[0].id;
    const q = `query V($id: ID!) { productVariant(id: $id) {
      taxCode requiresComponents showUnitPrice unitPriceMeasurement { quantityValue quantityUnit referenceValue referenceUnit }
      metafield(namespace: "custom", key: "fabric") { value }
      inventoryItem { countryCodeOfOrigin provinceCodeOfOrigin harmonizedSystemCode measurement { weight { unit value } } }
    } }`;
    const read = await t.gql(q, { id: variantId });
    expect(dig(read.body.data, 'productVariant')).toEqual({
      taxCode: 'P0000000',
      requiresComponents: true,
      showUnitPrice: true,
      unitPriceMeasurement: { quantityValue: 500, quantityUnit: 'G', referenceValue: 1, referenceUnit: 'KG' },
      metafield: { value: 'cotton' },
      inventoryItem: {
        countryCodeOfOrigin: 'CA',
        provinceCodeOfOrigin: 'ON',
        harmonizedSystemCode: '620520',
        measurement: { weight: { unit: 'GRAMS', value: 250 } },
      },
    });
    // productVariantsBulkUpdate writes the same fields (metafields upserted by namespace + key).
    const upd = await t.gql(
      `mutation U($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { field message } } }`,
      {
        p: out.product.id,
        v: [
          {
            id: variantId,
            taxCode: 'P0000001',
            showUnitPrice: false,
            inventoryItem: {
              harmonizedSystemCode: '620521',
              measurement: { weight: { unit: 'KILOGRAMS', value: 1.5 } },
            },
            metafields: [{ namespace: 'custom', key: 'fabric', value: 'linen' }],
          },
        ],
      },
    );
    expect(dig(upd.body.data, 'productVariantsBulkUpdate', 'userErrors')).toEqual([]);
    const after = dig((await t.gql(q, { id: variantId })).body.data, 'productVariant');
    expect(after).toMatchObject({
      taxCode: 'P0000001',
      requiresComponents: true,
      showUnitPrice: false,
      metafield: { value: 'linen' },
      inventoryItem: {
        countryCodeOfOrigin: 'CA',
        harmonizedSystemCode: '620521',
        measurement: { weight: { unit: 'KILOGRAMS', value: 1.5 } },
      },
    });
  });
});

describe('productSet webhooks', () => {
  let t: TestShop;
  let rx: Receiver;
  const topics = [
    'products/create',
    'products/update',
    'inventory_levels/update',
    'inventory_items/update',
    'inventory_items/create',
  ];

  beforeAll(async () => {
    t = await startTestShop();
    rx = await startReceiver();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, { clientId: t.clientId, topics, uri: rx.url });
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  async function sent(input: Json, identifier?: Json): Promise<Array<{ topic: string; body: Json }>> {
    const before = rx.received.length;
    const res = await t.gql(SET, { input, identifier: identifier ?? null, synchronous: true });
    expect(dig(res.body.data, 'productSet', 'userErrors')).toEqual([]);
    await t.control('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: 5000 });
    return rx.received.slice(before).map((h) => ({ topic: h.topic, body: JSON.parse(h.raw) }));
  }

  it('announces the product, each changed inventory item and each level whose stock moved, like the other mutations', async () => {
    const location = dig((await t.gql('{ location { id } }')).body.data, 'location', 'id') as string;
    const variant = (name: string, quantity: number, extra: Json = {}) => ({
      optionValues: [{ optionName: 'Size', name }],
      price: '5.00',
      inventoryItem: { tracked: true, ...extra },
      inventoryQuantities: [{ locationId: location, name: 'available', quantity }],
    });
    const input = {
      title: 'Hooked',
      handle: 'hooked',
      productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }],
      variants: [variant('S', 4), variant('M', 0)],
    };
    const created = await sent(input);
    // M is stocked at 0, which moves nothing.
    expect(created.map((h) => h.topic).sort()).toEqual(['inventory_levels/update', 'products/create']);
    expect(created.find((h) => h.topic === 'inventory_levels/update')?.body).toMatchObject({ available: 4 });

    // Same stock for S, a new cost for M's item, and M restocked: one item update, one level update.
    const updated = await sent(
      { ...input, variants: [variant('S', 4), variant('M', 6, { cost: '1.25' })] },
      { handle: 'hooked' },
    );
    expect(updated.map((h) => h.topic).sort()).toEqual([
      'inventory_items/update',
      'inventory_levels/update',
      'products/update',
    ]);
    expect(updated.find((h) => h.topic === 'inventory_items/update')?.body).toMatchObject({
      cost: '1.25',
      tracked: true,
    });
    expect(updated.find((h) => h.topic === 'inventory_levels/update')?.body).toMatchObject({ available: 6 });

    // Nothing about inventory changed: only the product is announced.
    expect(
      (
        await sent(
          { ...input, title: 'Hooked again', variants: [variant('S', 4), variant('M', 6, { cost: '1.25' })] },
          { handle: 'hooked' },
        )
      ).map((h) => h.topic),
    ).toEqual(['products/update']);
  });
});

describe('productCreate with productOptions', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop();
  });
  afterAll(() => t.close());

  it('creates the options and one variant from the first value of each', async () => {
    const res = await t.gql(`mutation { productCreate(product: { title: "Tee", productOptions: [
      { name: "Size", values: [{ name: "S" }, { name: "M" }] }, { name: "Color", values: [{ name: "Red" }, { name: "Blue" }] } ] }) {
      product { options { name values optionValues { name hasVariants } } variants(first: 5) { nodes { title selectedOptions { name value } } } }
      userErrors { field message } } }`);
    const p = dig(res.body.data, 'productCreate', 'product') as Json;
    expect(p.variants.nodes).toEqual([
      {
        title: 'S / Red',
        selectedOptions: [
          { name: 'Size', value: 'S' },
          { name: 'Color', value: 'Red' },
        ],
      },
    ]);
    expect(p.options).toEqual([
      {
        name: 'Size',
        values: ['S'],
        optionValues: [
          { name: 'S', hasVariants: true },
          { name: 'M', hasVariants: false },
        ],
      },
      {
        name: 'Color',
        values: ['Red'],
        optionValues: [
          { name: 'Red', hasVariants: true },
          { name: 'Blue', hasVariants: false },
        ],
      },
    ]);
  });

  it('orders bulk-created option values by option name and lists new values on the options', async () => {
    const res = await t.gql(`mutation { productCreate(product: { title: "Tee 2", productOptions: [
      { name: "Size", values: [{ name: "S" }] }, { name: "Color", values: [{ name: "Red" }] } ] }) { product { id } } }`);
    const id = dig(res.body.data, 'productCreate', 'product', 'id') as string;
    const created = await t.gql(
      `mutation C($p: ID!) { productVariantsBulkCreate(productId: $p, variants: [{ optionValues: [{ optionName: "Color", name: "Blue" }, { optionName: "Size", name: "M" }], price: "3.00" }]) {
        productVariants { title selectedOptions { name value } } userErrors { field message } } }`,
      { p: id },
    );
    expect(dig(created.body.data, 'productVariantsBulkCreate', 'productVariants')).toEqual([
      {
        title: 'M / Blue',
        selectedOptions: [
          { name: 'Size', value: 'M' },
          { name: 'Color', value: 'Blue' },
        ],
      },
    ]);
    const read = await t.gql(
      'query P($id: ID!) { product(id: $id) { options { name values optionValues { name hasVariants } } } }',
      { id },
    );
    expect(dig(read.body.data, 'product', 'options')).toEqual([
      {
        name: 'Size',
        values: ['S', 'M'],
        optionValues: [
          { name: 'S', hasVariants: true },
          { name: 'M', hasVariants: true },
        ],
      },
      {
        name: 'Color',
        values: ['Red', 'Blue'],
        optionValues: [
          { name: 'Red', hasVariants: true },
          { name: 'Blue', hasVariants: true },
        ],
      },
    ]);
  });

  it('answers productByIdentifier, category and the other Product fields a sync reads', async () => {
    const created = await t.gql(
      'mutation { productSet(input: { title: "Board", category: "gid://shopify/TaxonomyCategory/sg-4-17-2-17", requiresSellingPlan: false, giftCardTemplateSuffix: "gift" }) { product { id handle } userErrors { message } } }',
    );
    const p = dig(created.body.data, 'productSet', 'product') as Json;
    const read = await t.gql(
      `query R($h: String!) { productByIdentifier(identifier: { handle: $h }) { id requiresSellingPlan giftCardTemplateSuffix onlineStorePreviewUrl category { id name fullName isLeaf parentId } } }`,
      { h: p.handle },
    );
    const got = dig(read.body.data, 'productByIdentifier') as Json;
    expect(got).toMatchObject({
      id: p.id,
      requiresSellingPlan: false,
      giftCardTemplateSuffix: 'gift',
      category: {
        id: 'gid://shopify/TaxonomyCategory/sg-4-17-2-17',
        name: 'Snowboards',
        isLeaf: true,
        parentId: 'gid://shopify/TaxonomyCategory/sg-4-17-2',
      },
    });
    expect(got.onlineStorePreviewUrl).toMatch(/^https:\/\//);
    const node = await t.gql(
      '{ node(id: "gid://shopify/TaxonomyCategory/sg-4-17-2") { ... on TaxonomyCategory { name childrenIds } } }',
    );
    expect(dig(node.body.data, 'node')).toEqual({
      name: 'Skiing & Snowboarding',
      childrenIds: ['gid://shopify/TaxonomyCategory/sg-4-17-2-17'],
    });
  });
});
