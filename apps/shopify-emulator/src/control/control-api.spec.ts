import { startTestShop } from '../testing/test-harness';
import type { TestShop } from '../testing/test-harness';

jest.setTimeout(30_000);

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  field?: string;
  error: string;
}

describe('control API bodies are validated field by field', () => {
  let t: TestShop;
  const shopCount = async () => (await t.control<unknown[]>('GET', '/_emulator/shops')).body.length;

  beforeAll(async () => {
    t = await startTestShop();
  });
  afterAll(() => t.close());

  async function expectProblem(
    method: string,
    path: string,
    body: unknown,
    field: string | undefined,
    detail: RegExp,
  ): Promise<void> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(problem.field).toBe(field);
    expect(problem.detail).toMatch(detail);
    expect(problem.error).toBe(problem.detail);
  }

  it('names the field of a bad app, shop, throttle, fault, seed, subscription or wait-idle body', async () => {
    const shop = `/_emulator/shops/${t.shop}`;
    await expectProblem(
      'POST',
      '/_emulator/apps',
      { scopes: 'read_products' },
      'scopes',
      /scopes must be an array of strings/,
    );
    await expectProblem('POST', '/_emulator/apps', { autoApprove: 'yes' }, 'autoApprove', /must be a boolean/);
    await expectProblem('POST', '/_emulator/apps', [1, 2], undefined, /body must be a JSON object/);
    await expectProblem('POST', '/_emulator/shops', {}, 'name', /name is required/);
    await expectProblem(
      'POST',
      '/_emulator/shops',
      { name: 'bad-throttle', throttle: { restoreRate: -1 } },
      'throttle.restoreRate',
      /positive number/,
    );
    await expectProblem(
      'POST',
      '/_emulator/shops',
      { name: 'bad-seed', seed: { products: 1.5 } },
      'seed.products',
      /non-negative integer/,
    );
    await expectProblem(
      'POST',
      '/_emulator/shops',
      { name: 'bad-fault', faults: { webhookDropRate: 2 } },
      'faults.webhookDropRate',
      /between 0 and 1/,
    );
    await expectProblem(
      'POST',
      '/_emulator/shops',
      { name: 'bad-install', install: ['nope'] },
      'install',
      /Unknown app nope/,
    );
    await expectProblem('PUT', `${shop}/throttle`, { maximumAvailable: 'lots' }, 'maximumAvailable', /positive number/);
    await expectProblem('PUT', `${shop}/faults`, { meteor: true }, 'meteor', /Unknown fault meteor/);
    await expectProblem('POST', `${shop}/seed`, { products: -1 }, 'products', /non-negative integer/);
    await expectProblem('POST', `${shop}/install`, {}, 'clientId', /clientId is required/);
    await expectProblem(
      'POST',
      `${shop}/webhooks`,
      { clientId: t.clientId, topic: 'products/update' },
      'uri',
      /Address can't be blank/,
    );
    await expectProblem(
      'POST',
      `${shop}/webhooks`,
      { clientId: t.clientId, uri: 'https://example.com/h' },
      'topic',
      /topic or topics is required/,
    );
    await expectProblem(
      'POST',
      `${shop}/webhooks`,
      { clientId: t.clientId, topics: 'x', includeFields: 'id', uri: 'https://example.com/h' },
      'includeFields',
      /array of strings/,
    );
    await expectProblem('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: 'soon' }, 'timeoutMs', /number >= 0/);
    await expectProblem(
      'POST',
      `${shop}/merchant/inventory/set`,
      { variantId: 'gid://shopify/Order/1' },
      'variantId',
      /ProductVariant GID/,
    );
  });

  it('changes nothing when a shop body is rejected', async () => {
    const before = await shopCount();
    const res = await t.control('POST', '/_emulator/shops', {
      name: 'half-made',
      install: ['nope'],
      seed: { products: 2 },
    });
    expect(res.status).toBe(400);
    expect(await shopCount()).toBe(before);
    expect((await t.control('GET', '/_emulator/shops/half-made')).status).toBe(404);
  });

  it('still accepts the bodies it accepted before validation', async () => {
    const created = await t.control<{ seeded: { products: number }; accessTokens: Record<string, string> }>(
      'POST',
      '/_emulator/shops',
      {
        name: 'loose-shop',
        install: t.clientId,
        seed: { products: 2, variantsPerProduct: 1 },
        throttle: { restoreRate: 50 },
        faults: { outage: false },
        unknownExtra: 1,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.seeded.products).toBe(2);
    expect(created.body.accessTokens[t.clientId]).toMatch(/^shpat_/);
    const sub = await t.control<Array<{ topic: string }>>('POST', '/_emulator/shops/loose-shop/webhooks', {
      clientId: t.clientId,
      topic: 'products/update',
      uri: 'http://127.0.0.1:1/h',
    });
    expect(sub.status).toBe(201);
    expect(sub.body.map((s) => s.topic)).toEqual(['PRODUCTS_UPDATE']);
    expect((await t.control('POST', '/_emulator/webhooks/wait-idle', { timeoutMs: '5000' })).status).toBe(200);
    expect((await t.control('POST', '/_emulator/webhooks/wait-idle')).status).toBe(200);
    expect((await t.control('POST', '/_emulator/apps', {})).status).toBe(201);
  });

  it('answers an unknown shop with a 404 problem', async () => {
    const res = await fetch(`${t.url}/_emulator/shops/no-such-shop/faults`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 404, title: 'Not Found', detail: 'Unknown shop no-such-shop' });
  });
});
