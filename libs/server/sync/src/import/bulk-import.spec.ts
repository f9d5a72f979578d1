import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { bulkOrders, bulkQueryOf, IMPORT_PHASES } from './bulk-queries';
import { customerPayloadOf, levelsOf, productPayloadOf } from './import-mappers';
import { readBulkGroups } from './jsonl-reader';
import { importedOrderOf } from './order-import';
import { productFields, variantFields } from '../services/inbound-products.service';

const jsonl = (rows: object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
/** A fetch that answers with the given text, chunked at awkward places (lines split across chunks). */
const fetchOf =
  (text: string, chunk = 7): typeof fetch =>
  async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          const bytes = Buffer.from(text);
          for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.subarray(i, i + chunk));
          c.close();
        },
      }),
    );

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('bulk queries', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildSchema(readFileSync(join(__dirname, '../../schema/admin-2026-04.schema.graphql'), 'utf8'));
  });

  it.each([...IMPORT_PHASES])('%s is valid against the 2026-04 schema', (phase) => {
    expect(validate(schema, parse(bulkQueryOf(phase, null))).map((e) => e.message)).toEqual([]);
  });

  it('windows orders by creation time when asked', () => {
    const q = bulkOrders(new Date('2026-01-02T03:04:05Z'));
    expect(q).toContain(`orders(query: "created_at:>='2026-01-02T03:04:05.000Z'")`);
    expect(validate(schema, parse(q)).map((e) => e.message)).toEqual([]);
  });
});

describe('readBulkGroups', () => {
  const rows = [
    { id: 'gid://shopify/Product/1' },
    { id: 'gid://shopify/ProductVariant/11', __parentId: 'gid://shopify/Product/1' },
    { id: 'gid://shopify/ProductVariant/12', __parentId: 'gid://shopify/Product/1' },
    { id: 'gid://shopify/Product/2' },
    { id: 'gid://shopify/Product/3' },
    { id: 'gid://shopify/ProductVariant/31', __parentId: 'gid://shopify/Product/3' },
  ];

  it('groups each root with the child rows after it, with the line just past the group', async () => {
    const groups = await collect(readBulkGroups('http://x', 0, fetchOf(jsonl(rows))));
    expect(groups.map((g) => [g.root['id'], g.children.map((c) => c['id']), g.endLine])).toEqual([
      ['gid://shopify/Product/1', ['gid://shopify/ProductVariant/11', 'gid://shopify/ProductVariant/12'], 3],
      ['gid://shopify/Product/2', [], 4],
      ['gid://shopify/Product/3', ['gid://shopify/ProductVariant/31'], 6],
    ]);
  });

  it('resumes after a checkpoint offset without re-reading the applied groups', async () => {
    const groups = await collect(readBulkGroups('http://x', 3, fetchOf(jsonl(rows), 3)));
    expect(groups.map((g) => g.root['id'])).toEqual(['gid://shopify/Product/2', 'gid://shopify/Product/3']);
    expect(groups[1]?.endLine).toBe(6);
    expect(await collect(readBulkGroups('http://x', 6, fetchOf(jsonl(rows))))).toEqual([]);
  });

  it('refuses a failed download', async () => {
    const gone: typeof fetch = async () => new Response('nope', { status: 403 });
    await expect(collect(readBulkGroups('http://x', 0, gone))).rejects.toThrow(/HTTP 403/);
  });
});

describe('bulk rows -> inbound payloads', () => {
  it('maps a product and its variants onto the webhook shape the merge reads', () => {
    const p = productPayloadOf(
      {
        id: 'gid://shopify/Product/1',
        handle: 'mug',
        title: 'Mug',
        descriptionHtml: '<p>x</p>',
        vendor: 'Acme',
        productType: '',
        status: 'DRAFT',
        tags: ['a', 'b'],
        updatedAt: '2026-01-01T00:00:00Z',
      },
      [
        {
          id: 'gid://shopify/ProductVariant/2',
          sku: 'MUG-1',
          barcode: null,
          title: 'Small',
          price: '19.99',
          compareAtPrice: '25.00',
          inventoryPolicy: 'CONTINUE',
          updatedAt: '2026-01-01T00:00:01Z',
          __parentId: 'gid://shopify/Product/1',
        },
      ],
    );
    expect(productFields(p)).toEqual({
      title: 'Mug',
      description: '<p>x</p>',
      vendor: 'Acme',
      productType: null,
      status: 'draft',
      tags: ['a', 'b'],
    });
    const [v] = p.variants as Record<string, unknown>[];
    expect(variantFields(v as Record<string, unknown>, 'gid://shopify/ProductVariant/2')).toEqual({
      sku: 'MUG-1',
      barcode: null,
      title: 'Small',
      price: 1999,
      compareAtPrice: 2500,
      allowBackorder: true,
    });
  });

  it('maps customers, levels and orders', () => {
    expect(
      customerPayloadOf({
        id: 'gid://shopify/Customer/1',
        email: 'a@b.c',
        firstName: 'A',
        lastName: null,
        updatedAt: 'x',
      }),
    ).toMatchObject({
      admin_graphql_api_id: 'gid://shopify/Customer/1',
      email: 'a@b.c',
      first_name: 'A',
      last_name: null,
      phone: null,
    });
    expect(
      levelsOf({ id: 'gid://shopify/InventoryItem/1', variant: { id: 'gid://shopify/ProductVariant/2' } }, [
        {
          location: { id: 'gid://shopify/Location/3' },
          quantities: [
            { name: 'on_hand', quantity: 9 },
            { name: 'available', quantity: 7 },
          ],
        },
      ]),
    ).toEqual({
      variantGid: 'gid://shopify/ProductVariant/2',
      levels: [{ locationGid: 'gid://shopify/Location/3', available: 7 }],
    });
    const order = importedOrderOf(
      {
        id: 'gid://shopify/Order/5',
        name: '#1001',
        createdAt: '2026-01-01T00:00:00Z',
        currencyCode: 'EUR',
        customer: { id: 'gid://shopify/Customer/1' },
        subtotalPriceSet: { shopMoney: { amount: '10.50' } },
        totalPriceSet: { shopMoney: { amount: '12.00' } },
      },
      [
        {
          variant: { id: 'gid://shopify/ProductVariant/2' },
          sku: 'MUG-1',
          title: 'Mug',
          quantity: 2,
          originalUnitPriceSet: { shopMoney: { amount: '5.25' } },
        },
        { variant: null, title: 'Custom', quantity: 1 },
      ],
      {
        variants: new Map([['gid://shopify/ProductVariant/2', 'var_1']]),
        customers: new Map([['gid://shopify/Customer/1', 'cus_1']]),
        locationId: 'loc_1',
      },
    );
    expect(order).toMatchObject({
      externalId: 'gid://shopify/Order/5',
      name: '#1001',
      customerId: 'cus_1',
      currency: 'EUR',
      subtotal: 1050,
      total: 1200,
      cancelledAt: null,
    });
    expect(order?.lines).toEqual([{ variantId: 'var_1', sku: 'MUG-1', title: 'Mug', quantity: 2, unitPrice: 525 }]);
    expect(
      importedOrderOf({ id: 'gid://shopify/Customer/1' }, [], {
        variants: new Map(),
        customers: new Map(),
        locationId: 'l',
      }),
    ).toBeNull();
  });
});
