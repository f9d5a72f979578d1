import { dig, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

const RUN =
  'mutation R($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status objectCount } userErrors { field message code } } }';
const POLL =
  'query P($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url completedAt } }';

describe('bulk operations end to end', () => {
  let t: TestShop;
  let rx: Receiver;

  beforeAll(async () => {
    t = await startTestShop({ seed: { products: 1500, variantsPerProduct: 2 } });
    rx = await startReceiver();
    const sub = await t.gql(
      'mutation S($uri: String!) { webhookSubscriptionCreate(topic: BULK_OPERATIONS_FINISH, webhookSubscription: { uri: $uri }) { userErrors { message } } }',
      { uri: rx.url },
    );
    expect(dig(sub.body.data, 'webhookSubscriptionCreate', 'userErrors')).toEqual([]);
  });
  afterAll(async () => {
    await t.close();
    await rx.close();
  });

  it('runs CREATED -> COMPLETED, streams JSONL with __parentId rows and fires bulk_operations/finish', async () => {
    const started = await t.gql(RUN, {
      q: '{ products { edges { node { id title variants { edges { node { id sku } } } } } } }',
    });
    const op = dig(started.body.data, 'bulkOperationRunQuery', 'bulkOperation') as {
      id: string;
      status: string;
      objectCount: string;
    };
    expect(op.status).toBe('CREATED');
    expect(op.objectCount).toBe('0');
    let final: Record<string, unknown> = {};
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      final = dig((await t.gql(POLL, { id: op.id })).body.data, 'bulkOperation') as Record<string, unknown>;
      seen.add(String(final['status']));
      if (final['status'] === 'COMPLETED') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(final['status']).toBe('COMPLETED');
    expect(final['rootObjectCount']).toBe('1500');
    expect(final['objectCount']).toBe('4500');
    const text = await (await fetch(String(final['url']))).text();
    expect(String(Buffer.byteLength(text))).toBe(final['fileSize']);
    const rows = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rows).toHaveLength(4500);
    let parent = '';
    for (const row of rows) {
      if (row['id']!.includes('/Product/')) {
        expect(row['__parentId']).toBeUndefined();
        parent = row['id']!;
      } else expect(row['__parentId']).toBe(parent);
    }
    const hook = await rx.waitFor((all) => all.some((h) => h.topic === 'bulk_operations/finish'));
    const payload = JSON.parse(hook.find((h) => h.topic === 'bulk_operations/finish')!.raw);
    expect(payload).toMatchObject({
      admin_graphql_api_id: op.id,
      status: 'completed',
      type: 'query',
      error_code: null,
    });
    const list = await t.gql('{ bulkOperations(first: 5, query: "status:COMPLETED") { nodes { id status } } }');
    expect(dig(list.body.data, 'bulkOperations', 'nodes', 0, 'id')).toBe(op.id);
  });

  it('rejects invalid bulk queries with userErrors', async () => {
    const res = await t.gql(RUN, { q: '{ products { edges { node { id nope } } } }' });
    expect(dig(res.body.data, 'bulkOperationRunQuery')).toEqual({
      bulkOperation: null,
      userErrors: [{ field: ['query'], message: "Field 'nope' doesn't exist on type 'Product'", code: 'INVALID' }],
    });
  });
});

describe('bulk operation limits and cancel', () => {
  let t: TestShop;

  beforeAll(async () => {
    // 10x slower than real time: operations sit in CREATED for 10 s, so cancels always land there.
    t = await startTestShop({ timeScale: 10, seed: { products: 5 } });
  });
  afterAll(() => t.close());

  it('allows 5 concurrent bulk queries, refuses the 6th, and cancels', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.gql(RUN, { q: '{ products { edges { node { id } } } }' });
      ids.push(dig(res.body.data, 'bulkOperationRunQuery', 'bulkOperation', 'id') as string);
    }
    const sixth = await t.gql(RUN, { q: '{ products { edges { node { id } } } }' });
    // As in the live 2026-04 capture (bulk-operation-run-query-concurrency-limit): every running id, oldest first.
    expect(dig(sixth.body.data, 'bulkOperationRunQuery', 'userErrors')).toEqual([
      {
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${ids.join(', ')}.`,
        code: 'OPERATION_IN_PROGRESS',
      },
    ]);
    for (const id of ids) {
      const res = await t.gql(
        'mutation C($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }',
        { id },
      );
      expect(dig(res.body.data, 'bulkOperationCancel', 'bulkOperation', 'status')).toBe('CANCELING');
    }
    let status = '';
    for (let i = 0; i < 40 && status !== 'CANCELED'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = dig((await t.gql(POLL, { id: ids[0] })).body.data, 'bulkOperation', 'status') as string;
    }
    expect(status).toBe('CANCELED');
  });
});
