import { dig, startReceiver, startTestShop } from '../testing/test-harness';
import type { Receiver, TestShop } from '../testing/test-harness';

// Generous timeouts: the box is shared and heavily loaded at times.
jest.setTimeout(30_000);

describe('fault injection', () => {
  let t: TestShop;
  let rx: Receiver;
  let productId: string;

  beforeEach(async () => {
    t = await startTestShop({ seed: { products: 1 } });
    rx = await startReceiver();
    await t.control('POST', `/_emulator/shops/${t.shop}/webhooks`, {
      clientId: t.clientId,
      topic: 'products/update',
      uri: rx.url,
    });
    const res = await t.gql('{ products(first: 1) { nodes { id } } }');
    productId = dig(res.body.data, 'products', 'nodes', 0, 'id') as string;
  });
  afterEach(async () => {
    await t.close();
    await rx.close();
  });

  const faults = (f: Record<string, unknown>) => t.control('PUT', `/_emulator/shops/${t.shop}/faults`, f);
  const edit = (title: string) =>
    t.control('POST', `/_emulator/shops/${t.shop}/merchant/products/update`, { productId, title });
  const idle = () => t.control('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: 10_000 });
  const log = async () =>
    (
      await t.control<Array<{ status: string; attempts: Array<{ error: string | null }> }>>(
        'GET',
        `/_emulator/shops/${t.shop}/deliveries`,
      )
    ).body;

  it('drop rate: deliveries are logged as dropped and never sent', async () => {
    await faults({ webhookDropRate: 1 });
    await edit('dropped');
    await idle();
    expect(rx.received).toHaveLength(0);
    expect((await log()).map((d) => d.status)).toEqual(['dropped']);
  });

  it('drop rate is deterministic for a given seed', async () => {
    const pattern = async (): Promise<string[]> => {
      await t.control('DELETE', `/_emulator/shops/${t.shop}/deliveries`);
      await faults({ webhookDropRate: 0.5, seed: 1234 });
      for (let i = 0; i < 12; i++) await edit(`d${i}`);
      await idle();
      return (await log()).map((d) => d.status);
    };
    const a = await pattern();
    const b = await pattern();
    expect(a).toEqual(b);
    expect(a).toContain('dropped');
    expect(a).toContain('delivered');
  });

  it('duplicate rate: the same delivery arrives twice with one webhook id', async () => {
    await faults({ webhookDuplicateRate: 1 });
    await edit('dup');
    await rx.waitFor((all) => all.length === 2);
    expect(rx.received[0]!.headers['x-shopify-webhook-id']).toBe(rx.received[1]!.headers['x-shopify-webhook-id']);
    expect(rx.received[0]!.raw).toBe(rx.received[1]!.raw);
  });

  it('failure rate: attempts fail as if the network did, and are retried', async () => {
    await faults({ webhookFailureRate: 1 });
    await edit('always failing');
    await idle();
    const [d] = await log();
    expect(d!.status).toBe('failed');
    expect(d!.attempts).toHaveLength(9);
    expect(d!.attempts.every((a) => a.error?.startsWith('injected failure'))).toBe(true);
    expect(rx.received).toHaveLength(0);
    await faults({ webhookFailureRate: 0.5, seed: 7 });
    await t.control('DELETE', `/_emulator/shops/${t.shop}/deliveries`);
    await edit('sometimes failing');
    await idle();
    const [d2] = await log();
    const injected = d2!.attempts.filter((a) => a.error?.startsWith('injected')).length;
    expect(d2!.attempts.length - injected).toBe(rx.received.length);
  });

  it('reorder window: deliveries arrive out of order', async () => {
    // the window is in emulator time, scaled by timeScale (0.0001 here): 5000 s -> 500 ms real
    await faults({ webhookReorderWindowMs: 5_000_000, seed: 99 });
    for (let i = 0; i < 10; i++) await edit(`order-${i}`);
    await rx.waitFor((all) => all.length === 10);
    const arrived = rx.received.map((h) => Number(/order-(\d+)/.exec(h.raw)![1]));
    expect([...arrived].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(arrived).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('added latency delays Admin API answers', async () => {
    await faults({ latencyMs: 150 });
    const started = Date.now();
    await t.gql('{ shop { name } }');
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('GraphQL 5xx rate answers server errors', async () => {
    await faults({ graphqlErrorRate: 1 });
    const res = await t.gql('{ shop { name } }');
    expect([500, 502, 503]).toContain(res.status);
    await faults({ graphqlErrorRate: 0 });
    expect((await t.gql('{ shop { name } }')).status).toBe(200);
  });

  it('outage: API answers 503 and webhooks wait until it is over', async () => {
    await faults({ outage: true });
    expect((await t.gql('{ shop { name } }')).status).toBe(503);
    await edit('during outage');
    // An explicit signal instead of a sleep: a second shop of the same emulator, not in an outage, delivers an edit
    // made after ours. Its first attempt was scheduled after ours, so once it has arrived, ours has been tried (and held).
    const other = await t.control<{ domain: string; accessTokens: Record<string, string> }>(
      'POST',
      '/_emulator/shops',
      {
        name: `control-${t.shop.split('.')[0]}`,
        install: t.clientId,
        seed: { products: 1 },
      },
    );
    const otherRx = await startReceiver();
    try {
      await t.control('POST', `/_emulator/shops/${other.body.domain}/webhooks`, {
        clientId: t.clientId,
        topic: 'products/update',
        uri: otherRx.url,
      });
      const otherGraphql = t.graphqlUrl.replace(t.shop, other.body.domain);
      const listed = (await (
        await fetch(otherGraphql, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-shopify-access-token': other.body.accessTokens[t.clientId] ?? '',
          },
          body: JSON.stringify({ query: '{ products(first: 1) { nodes { id } } }' }),
        })
      ).json()) as { data: unknown };
      await t.control('POST', `/_emulator/shops/${other.body.domain}/merchant/products/update`, {
        productId: dig(listed.data, 'products', 'nodes', 0, 'id'),
        title: 'fence',
      });
      await otherRx.waitFor((all) => all.length === 1);
    } finally {
      await otherRx.close();
    }
    expect(rx.received).toHaveLength(0);
    await faults({ outage: false });
    await rx.waitFor((all) => all.length === 1);
    expect((await t.gql('{ shop { name } }')).status).toBe(200);
  });

  it('rejects unknown fault names and out-of-range rates', async () => {
    expect((await faults({ nope: 1 })).status).toBe(400);
    expect((await faults({ webhookDropRate: 2 })).status).toBe(400);
  });
});
