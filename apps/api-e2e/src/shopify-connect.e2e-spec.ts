import { EntityManager } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { captureLogs, freePort } from '@retailos/server/testing';
import { QUEUES } from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { createHmac, randomBytes } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';
import { startWorker, type RunningWorker } from '../../worker/src/bootstrap';
import { JobProducer, redisOptionsFromUrl } from '@retailos/server/queue';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from './support/identity';
import { authorizeShop, emulatorControl } from './support/shopify';
import { waitFor } from './support/wait';

const CLIENT_ID = `retailos-e2e-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `secret-${randomBytes(16).toString('hex')}`;

interface Connection {
  id: string;
  shop: string;
  status: string;
  scopes: string[];
  webhooksRegisteredAt: string | null;
}

/** The sync queue has nothing waiting, running or scheduled (twice in a row: a job may enqueue another). */
async function syncIdle(timeoutMs = 20000): Promise<void> {
  const q = new Queue(QUEUES.sync, {
    connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
    prefix: process.env['REDIS_PREFIX'],
  });
  try {
    let idle = 0;
    await waitFor(
      async () => {
        const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        idle = Object.values(c).every((n) => n === 0) ? idle + 1 : 0;
        return idle >= 2;
      },
      'the sync queue to go idle',
      timeoutMs,
    );
  } finally {
    await q.close();
  }
}

describe('Shopify connect: OAuth, subscriptions, locations, inbound webhooks, disconnect', () => {
  let shopify: RunningEmulator;
  let app: NestFastifyApplication;
  let worker: RunningWorker;
  let url: string;
  let em: EntityManager;
  const logs = captureLogs();

  const { control, registerApp, ...emulator } = emulatorControl(() => shopify.url);
  const newShop = (seedLocations = 2): Promise<string> =>
    emulator.newShop('conn', { locations: seedLocations, seed: 3 });
  const tokenOf = (shop: string): string | undefined =>
    [...shopify.emulator.tokens.entries()].find(([, v]) => v.shop === shop && v.clientId === CLIENT_ID)?.[0];

  /** Our install route, then Shopify's authorize page (auto-approved): the callback URL Shopify redirects to. */
  const authorize = async (session: StaffSession, shop: string): Promise<URL> => {
    const { authorizeUrl, callback } = await authorizeShop(url, session, shop);
    expect(authorizeUrl.startsWith(`${shopify.url}/shops/${shop}/admin/oauth/authorize?`)).toBe(true);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${url}/api/shopify/callback`);
    return callback;
  };
  const callback = (session: StaffSession, target: URL): Promise<Response> =>
    fetch(target, { headers: { cookie: session.cookie } });
  const connect = async (
    ws: SeededWorkspace,
    shop: string,
  ): Promise<{ session: StaffSession; connection: Connection }> => {
    const session = await ws.login();
    const res = await callback(session, await authorize(session, shop));
    expect(res.status).toBe(200);
    const connection = (await res.json()) as Connection;
    // Setup starts the initial import; the suites below act on the shop once it is done (their changes come as webhooks).
    await waitFor(async () => {
      const imp = await fetch(`${url}/api/shopify/import`, { headers: bearer(ws.apiKey) });
      return imp.status === 200 && ((await imp.json()) as { status: string }).status === 'completed';
    });
    return { session, connection };
  };
  const connectionOf = async (ws: SeededWorkspace): Promise<Connection> =>
    (await (await fetch(`${url}/api/shopify/connection`, { headers: bearer(ws.apiKey) })).json()) as Connection;
  const signedWebhook = (
    shop: string,
    topic: string,
    body: string,
    webhookId = randomBytes(8).toString('hex'),
    secret = CLIENT_SECRET,
  ): Promise<Response> =>
    fetch(`${url}/api/shopify/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': shop,
        'x-shopify-webhook-id': webhookId,
        'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
        'x-shopify-triggered-at': new Date().toISOString(),
      },
      body,
    });
  // The initial import's bulk operations announce themselves (bulk_operations/finish): not the deliveries counted here.
  const inboxCount = async (shop: string): Promise<number> =>
    (
      (await em
        .fork()
        .execute(
          "select count(*)::int as n from shopify_webhooks where shop_domain = ? and topic <> 'bulk_operations/finish'",
          [shop],
        )) as { n: number }[]
    )[0]?.n ?? 0;

  beforeAll(async () => {
    shopify = await startEmulator({ port: 0, timeScale: 0.01 });
    await registerApp(CLIENT_ID, CLIENT_SECRET, 'Retailos e2e');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    Object.assign(process.env, {
      SHOPIFY_CLIENT_ID: CLIENT_ID,
      SHOPIFY_CLIENT_SECRET: CLIENT_SECRET,
      SHOPIFY_BASE_URL: `${shopify.url}/shops/{shop}`,
      SHOPIFY_APP_URL: url,
      SHOPIFY_RETRY_BASE_MS: '20',
      LOG_LEVEL: 'debug',
    });
    app = await createApiApp();
    await app.listen(port, '127.0.0.1');
    em = app.get(EntityManager);
    worker = await startWorker({ metricsPort: -1 });
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await shopify?.close();
    logs.restore();
  });

  it('connects through OAuth: token sealed at rest, subscriptions registered, locations mapped; no token in logs or jobs', async () => {
    const ws = await seedWorkspace({ url, app });
    const shop = await newShop(3);
    const { connection } = await connect(ws, shop);
    expect(connection).toMatchObject({ shop, status: 'active' });
    expect(connection.scopes).toEqual(expect.arrayContaining(['read_products', 'write_inventory', 'read_orders']));

    const token = tokenOf(shop);
    expect(token).toMatch(/^shpat_/);
    const rows = (await em
      .fork()
      .execute('select access_token_sealed from shopify_connections where workspace_id = ?', [ws.workspaceId])) as {
      access_token_sealed: string;
    }[];
    expect(rows[0]?.access_token_sealed).toMatch(/^v1:/);
    expect(rows[0]?.access_token_sealed).not.toContain(token);

    const ready = await waitFor(async () => {
      const c = await connectionOf(ws);
      return c.webhooksRegisteredAt ? c : undefined;
    });
    expect(ready.status).toBe('active');
    const subs = await control<{ topic: string; uri: string }[]>('GET', `/shops/${shop}/webhooks`);
    const ours = subs.filter((s) => s.uri === `${url}/api/shopify/webhooks`).map((s) => s.topic);
    expect(new Set(ours).size).toBe(16);
    expect(ours).toEqual(
      expect.arrayContaining([
        'APP_UNINSTALLED',
        'ORDERS_CREATE',
        'INVENTORY_LEVELS_UPDATE',
        'PRODUCTS_UPDATE',
        'CUSTOMERS_UPDATE',
      ]),
    );

    const maps = (await (await fetch(`${url}/api/shopify/locations`, { headers: bearer(ws.apiKey) })).json()) as {
      data: { id: string; shopifyName: string; locationId: string }[];
    };
    expect(maps.data).toHaveLength(3);
    for (const m of maps.data) {
      const ours = await fetch(`${url}/api/locations/${m.locationId}`, { headers: bearer(ws.apiKey) });
      expect(((await ours.json()) as { name: string }).name).toBe(m.shopifyName);
    }

    // Re-running setup (a redelivered job) creates no second subscription and no second location.
    await app
      .get(JobProducer)
      .enqueue(
        'sync.connection.setup',
        { workspaceId: ws.workspaceId, connectionId: connection.id },
        { jobId: `rerun-${connection.id}` },
      );
    await syncIdle();
    expect((await control<unknown[]>('GET', `/shops/${shop}/webhooks`)).length).toBe(subs.length);
    const again = (await (await fetch(`${url}/api/shopify/locations`, { headers: bearer(ws.apiKey) })).json()) as {
      data: unknown[];
    };
    expect(again.data).toEqual(maps.data.map((m) => expect.objectContaining({ id: m.id, locationId: m.locationId })));

    const jobs = new Queue(QUEUES.sync, {
      connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
      prefix: process.env['REDIS_PREFIX'],
    });
    const all = await jobs.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed']);
    await jobs.close();
    expect(all.length).toBeGreaterThan(0);
    expect(JSON.stringify(all.map((j) => [j.data, j.failedReason, j.returnvalue]))).not.toContain(token);
    expect(logs.text()).not.toContain(token as string);
    expect(logs.text()).not.toContain(CLIENT_SECRET);
  });

  it('refuses a bad HMAC, an old timestamp, a replayed state and a state from another session, storing nothing', async () => {
    const ws = await seedWorkspace({ url, app });
    const shop = await newShop();
    const session = await ws.login();

    const tampered = await authorize(session, shop);
    tampered.searchParams.set('code', `${tampered.searchParams.get('code') ?? ''}0`);
    const bad = await callback(session, tampered);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as { code: string }).code).toBe('shopify_oauth_hmac_invalid');

    // Correctly signed, but 120 s old.
    const stale = await authorize(session, shop);
    const params = Object.fromEntries(stale.searchParams.entries());
    delete params['hmac'];
    params['timestamp'] = String(Math.floor(Date.now() / 1000) - 120);
    const message = new URLSearchParams(
      Object.keys(params)
        .sort()
        .map((k) => [k, params[k] ?? '']),
    )
      .toString()
      .replace(/\+/g, '%20');
    const old = new URL(
      `${url}/api/shopify/callback?${message}&hmac=${createHmac('sha256', CLIENT_SECRET).update(message).digest('hex')}`,
    );
    const staleRes = await callback(session, old);
    expect(staleRes.status).toBe(400);
    expect(((await staleRes.json()) as { code: string }).code).toBe('shopify_oauth_timestamp_stale');

    // A state issued to another session of the same workspace.
    const other = await ws.login();
    const foreign = await callback(other, await authorize(session, shop));
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { code: string }).code).toBe('shopify_oauth_state_invalid');

    expect((await fetch(`${url}/api/shopify/connection`, { headers: bearer(ws.apiKey) })).status).toBe(404);

    // Replay: the first use connects, the same redirect again is refused.
    const good = await authorize(session, shop);
    expect((await callback(session, good)).status).toBe(200);
    const replay = await callback(session, good);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as { code: string }).code).toBe('shopify_oauth_state_invalid');

    // Staff may not connect; an API key may not start OAuth.
    const staff = await ws.addUser('staff');
    const staffRes = await fetch(`${url}/api/shopify/install?shop=${shop}`, {
      headers: { cookie: (await staff.login()).cookie },
      redirect: 'manual',
    });
    expect(staffRes.status).toBe(403);
    expect(
      (await fetch(`${url}/api/shopify/install?shop=${shop}`, { headers: bearer(ws.apiKey), redirect: 'manual' }))
        .status,
    ).toBe(403);
    const badShop = await fetch(`${url}/api/shopify/install?shop=evil.example.com`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    expect(badShop.status).toBe(400);
    expect(((await badShop.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('shop');
  });

  it('one shop per workspace, and a shop feeds one workspace', async () => {
    const a = await seedWorkspace({ url, app });
    const b = await seedWorkspace({ url, app });
    const shop = await newShop();
    const { session } = await connect(a, shop);
    const second = await fetch(`${url}/api/shopify/install?shop=${await newShop()}`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe('shopify_already_connected');

    const bSession = await b.login();
    const taken = await callback(bSession, await authorize(bSession, shop));
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { code: string }).code).toBe('shopify_shop_connected_elsewhere');
    expect((await fetch(`${url}/api/shopify/connection`, { headers: bearer(b.apiKey) })).status).toBe(404);
  });

  it('inbound webhooks: bad signature or unknown shop 401 with nothing stored; one inbox row per webhook id', async () => {
    const ws = await seedWorkspace({ url, app });
    const shop = await newShop();
    await connect(ws, shop);
    const body =
      '{"id":788032119674292922,"admin_graphql_api_id":"gid:\\/\\/shopify\\/Product\\/788032119674292922","title":"A \\u0026 B"}';

    expect((await signedWebhook(shop, 'products/update', body, undefined, 'wrong-secret-wrong-secret')).status).toBe(
      401,
    );
    expect((await signedWebhook('unknown-shop.myshopify.com', 'products/update', body)).status).toBe(401);
    expect(await inboxCount(shop)).toBe(0);

    const id = randomBytes(8).toString('hex');
    const first = await signedWebhook(shop, 'products/update', body, id);
    expect(first.status).toBe(200);
    expect((await signedWebhook(shop, 'products/update', body, id)).status).toBe(200);
    expect(await inboxCount(shop)).toBe(1);
    const stored = (await em
      .fork()
      // The import's own bulk_operations/finish deliveries may land meanwhile (as inboxCount, they are not counted).
      .execute("select body, workspace_id from shopify_webhooks where shop_domain = ? and topic = 'products/update'", [
        shop,
      ])) as {
      body: string;
      workspace_id: string;
    }[];
    // The exact bytes: ids above 2^53 and Shopify's escapes intact.
    expect(stored[0]).toEqual({ body, workspace_id: ws.workspaceId });
  });

  it('app/uninstalled from Shopify revokes the connection; DELETE disconnects and later deliveries are refused', async () => {
    const ws = await seedWorkspace({ url, app });
    const shop = await newShop();
    await connect(ws, shop);
    await waitFor(async () => (await connectionOf(ws)).webhooksRegisteredAt);
    await control('POST', `/shops/${shop}/uninstall`, { clientId: CLIENT_ID });
    const revoked = await waitFor(async () => {
      const c = await connectionOf(ws);
      return c.status === 'revoked' ? c : undefined;
    });
    expect(revoked.status).toBe('revoked');
    const rows = (await em
      .fork()
      .execute('select access_token_sealed from shopify_connections where workspace_id = ?', [ws.workspaceId])) as {
      access_token_sealed: string;
    }[];
    expect(rows[0]?.access_token_sealed).toBe('');

    const other = await seedWorkspace({ url, app });
    const otherShop = await newShop();
    const { session } = await connect(other, otherShop);
    const del = await fetch(`${url}/api/shopify/connection`, { method: 'DELETE', headers: sessionHeaders(session) });
    expect(del.status).toBe(200);
    expect(((await del.json()) as Connection).status).toBe('disconnected');
    expect((await signedWebhook(otherShop, 'products/update', '{}')).status).toBe(401);
    expect(
      (await fetch(`${url}/api/shopify/connection`, { method: 'DELETE', headers: sessionHeaders(session) })).status,
    ).toBe(404);

    // Connecting again reuses the row with a fresh sealed token; deliveries are accepted again.
    const again = await callback(session, await authorize(session, otherShop));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Connection).status).toBe('active');
    const sealed = (await em
      .fork()
      .execute('select access_token_sealed from shopify_connections where workspace_id = ?', [other.workspaceId])) as {
      access_token_sealed: string;
    }[];
    expect(sealed[0]?.access_token_sealed).toMatch(/^v1:/);
    expect((await signedWebhook(otherShop, 'products/update', '{}')).status).toBe(200);
  });

  describe('customers from Shopify: order-independent, duplicate-proof, field-level LWW, Sync History', () => {
    let ws: SeededWorkspace;
    let shop: string;
    let session: StaffSession;

    interface Customer {
      id: string;
      email: string;
      firstName: string | null;
      lastName: string | null;
      note: string | null;
    }
    interface HistoryEntry {
      id: string;
      entityId: string;
      gid: string;
      source: string;
      direction: string;
      changes: { field: string; before: unknown; after: unknown }[];
      conflicts: { field: string; ours: unknown; theirs: unknown; winner: string }[];
      cause: { webhookId?: string; jobId?: string };
    }

    const merchant = <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> =>
      emulator.merchant<T>(shop, path, body);
    const settle = async (): Promise<void> => {
      await control('POST', '/webhooks/wait-idle', { timeoutMs: 20000 });
      await syncIdle();
    };
    const ours = async (email: string): Promise<Customer[]> => {
      const res = await fetch(`${url}/api/customers?email=${encodeURIComponent(email)}&limit=50`, {
        headers: bearer(ws.apiKey),
      });
      return ((await res.json()) as { data: Customer[] }).data.filter((c) => c.email === email);
    };
    const history = async (query: string): Promise<{ data: HistoryEntry[]; nextCursor: string | null }> =>
      (await (await fetch(`${url}/api/sync/history?${query}`, { headers: bearer(ws.apiKey) })).json()) as {
        data: HistoryEntry[];
        nextCursor: string | null;
      };
    const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

    beforeAll(async () => {
      ws = await seedWorkspace({ url, app });
      shop = await newShop();
      ({ session } = await connect(ws, shop));
      await waitFor(async () => (await connectionOf(ws)).webhooksRegisteredAt);
    });

    it('a storm with duplicates and reordering leaves exactly the shop state, one customer, one entry per change', async () => {
      await control('PUT', `/shops/${shop}/faults`, {
        webhookDuplicateRate: 0.5,
        webhookReorderWindowMs: 400,
        seed: 11,
      });
      const email = `storm-${randomBytes(4).toString('hex')}@example.test`;
      const { customerId } = await merchant<{ customerId: string }>('customers', {
        firstName: 'Storm',
        lastName: 'Zero',
        email,
      });
      for (let i = 1; i <= 4; i++) {
        await pause(1050); // Shopify's updated_at has one-second precision
        await merchant('customers/update', { customerId, note: `note ${i}` });
      }
      await settle();
      await control('DELETE', `/shops/${shop}/faults`);
      const deliveries = await control<{ webhookId: string; topic: string }[]>(
        'GET',
        `/shops/${shop}/deliveries?topic=customers/update`,
      );
      expect(deliveries.length).toBeGreaterThanOrEqual(4);

      const list = await ours(email);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ firstName: 'Storm', lastName: 'Zero', note: 'note 4' });
      const entries = (await history(`entityId=${list[0]?.id}&limit=250`)).data;
      // One entry for the create, at most one per distinct update applied; never one per duplicate.
      expect(entries.length).toBeGreaterThanOrEqual(2);
      expect(entries.length).toBeLessThanOrEqual(5);
      expect(
        entries.every(
          (e) => e.source === 'webhook' && e.direction === 'inbound' && e.gid === customerId && e.cause.webhookId,
        ),
      ).toBe(true);
      const rows = (await em
        .fork()
        .execute('select count(*)::int as n from outbox where workspace_id = ? and topic = ?', [
          ws.workspaceId,
          'sync.history.created',
        ])) as { n: number }[];
      expect(rows[0]?.n).toBeGreaterThanOrEqual(entries.length);
    });

    it('same field edited on both sides: the later write wins, the loser is recorded; different fields both survive', async () => {
      const email = `lww-${randomBytes(4).toString('hex')}@example.test`;
      const { customerId } = await merchant<{ customerId: string }>('customers', {
        firstName: 'Grace',
        lastName: 'Hopper',
        email,
        note: 'base',
      });
      await settle();
      const [mine] = await ours(email);
      expect(mine).toBeDefined();
      const patch = async (body: unknown): Promise<void> => {
        const res = await fetch(`${url}/api/customers/${mine?.id}`, {
          method: 'PATCH',
          headers: { ...sessionHeaders(session), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
      };

      // Shopify edits first, we edit the same field a second later; the delivery is held until after our edit.
      await control('PUT', `/shops/${shop}/faults`, { outage: true });
      await merchant('customers/update', { customerId, note: 'theirs', firstName: 'Amazing Grace' });
      await pause(1100);
      await patch({ note: 'ours', lastName: 'Murray Hopper' });
      await control('PUT', `/shops/${shop}/faults`, { outage: false });
      await settle();
      const [after] = await ours(email);
      expect(after).toMatchObject({ note: 'ours', firstName: 'Amazing Grace', lastName: 'Murray Hopper' });
      const [entry] = (await history(`entityId=${mine?.id}&limit=1`)).data;
      expect(entry?.conflicts).toEqual([
        expect.objectContaining({ field: 'note', ours: 'ours', theirs: 'theirs', winner: 'ours' }),
      ]);
      expect(entry?.changes).toEqual([{ field: 'firstName', before: 'Grace', after: 'Amazing Grace' }]);

      // We edit first, Shopify a second later: Shopify's value wins and ours is the recorded loser.
      await patch({ note: 'ours again' });
      await pause(1100);
      await merchant('customers/update', { customerId, note: 'theirs later' });
      await settle();
      const [last] = await ours(email);
      expect(last?.note).toBe('theirs later');
      const [latest] = (await history(`entityId=${mine?.id}&limit=1`)).data;
      expect(latest?.changes).toEqual([{ field: 'note', before: 'ours again', after: 'theirs later' }]);
    });

    it('an older state delivered late changes nothing; a replayed delivery is a no-op', async () => {
      const email = `late-${randomBytes(4).toString('hex')}@example.test`;
      const { customerId } = await merchant<{ customerId: string }>('customers', { firstName: 'Old', email });
      await settle();
      await pause(1050);
      await merchant('customers/update', { customerId, firstName: 'New' });
      await settle();
      const [mine] = await ours(email);
      const before = (await history(`entityId=${mine?.id}&limit=250`)).data.length;
      // Replay every delivery of this customer, oldest first (the create carries the older state).
      const deliveries = await control<{ webhookId: string; topic: string; body: string }[]>(
        'GET',
        `/shops/${shop}/deliveries`,
      );
      const forCustomer = deliveries.filter(
        (d) => d.body.includes(customerId.split('/').pop() ?? '') && d.topic.startsWith('customers/'),
      );
      expect(forCustomer.length).toBeGreaterThanOrEqual(2);
      for (const d of forCustomer)
        expect((await signedWebhook(shop, d.topic, d.body, `replay-${d.webhookId}`)).status).toBe(200);
      await syncIdle();
      expect((await ours(email))[0]?.firstName).toBe('New');
      expect((await history(`entityId=${mine?.id}&limit=250`)).data.length).toBe(before);
    });

    it('GET /api/sync/history: filters, cursor pages, one entry by id, scope and bad input', async () => {
      const page1 = await history('entityType=customer&source=webhook&limit=1');
      expect(page1.data).toHaveLength(1);
      expect(page1.nextCursor).toBeTruthy();
      const page2 = await history(
        `entityType=customer&source=webhook&limit=1&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`,
      );
      expect(page2.data[0]?.id).not.toBe(page1.data[0]?.id);
      const one = await fetch(`${url}/api/sync/history/${page1.data[0]?.id}`, { headers: bearer(ws.apiKey) });
      expect(((await one.json()) as HistoryEntry).id).toBe(page1.data[0]?.id);
      expect((await history('source=import')).data).toEqual([]);
      expect((await history(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).data).toEqual(
        [],
      );

      const noScope = await ws.createKey(['orders:read']);
      expect((await fetch(`${url}/api/sync/history`, { headers: bearer(noScope) })).status).toBe(403);
      const bad = await fetch(`${url}/api/sync/history?direction=sideways`, { headers: bearer(ws.apiKey) });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('direction');
      const reused = await fetch(
        `${url}/api/sync/history?source=import&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`,
        { headers: bearer(ws.apiKey) },
      );
      expect(reused.status).toBe(400);
    });
  });

  describe('products from Shopify: matched by GID then SKU, stale and duplicate proof, field-level LWW, Sync History', () => {
    let ws: SeededWorkspace;
    let shop: string;

    interface Variant {
      id: string;
      sku: string;
      title: string;
      price: number;
      compareAtPrice: number | null;
      allowBackorder: boolean;
    }
    interface Product {
      id: string;
      title: string;
      handle: string;
      vendor: string | null;
      status: string;
      tags: string[];
      variants: Variant[];
    }
    interface HistoryEntry {
      entityType: string;
      entityId: string;
      gid: string;
      sku: string | null;
      source: string;
      changes: { field: string; before: unknown; after: unknown }[];
      conflicts: { field: string; ours: unknown; theirs: unknown; winner: string }[];
      cause: { webhookId?: string; jobId?: string };
    }

    const merchant = <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> =>
      emulator.merchant<T>(shop, path, body);
    const settle = async (): Promise<void> => {
      await control('POST', '/webhooks/wait-idle', { timeoutMs: 20000 });
      await syncIdle();
    };
    const bySku = async (sku: string): Promise<Product[]> => {
      const res = await fetch(`${url}/api/products?sku=${encodeURIComponent(sku)}&limit=50`, {
        headers: bearer(ws.apiKey),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: Product[] }).data;
    };
    const history = async (query: string): Promise<HistoryEntry[]> =>
      (
        (await (await fetch(`${url}/api/sync/history?${query}&limit=250`, { headers: bearer(ws.apiKey) })).json()) as {
          data: HistoryEntry[];
        }
      ).data;
    const records = async (gid: string): Promise<{ local_id: string }[]> =>
      (await em
        .fork()
        .execute('select local_id from sync_records where workspace_id = ? and gid = ?', [ws.workspaceId, gid])) as {
        local_id: string;
      }[];
    const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
    const sku = (tag: string): string => `${tag}-${randomBytes(4).toString('hex')}`;

    beforeAll(async () => {
      ws = await seedWorkspace({ url, app });
      shop = await newShop();
      await connect(ws, shop);
      await waitFor(async () => (await connectionOf(ws)).webhooksRegisteredAt);
    });

    it('products/create then products/update from the merchant: product and variants created once, then changed, with history per entity', async () => {
      const [a, b] = [sku('pa'), sku('pb')];
      const { productId, variantIds } = await merchant<{ productId: string; variantIds: string[] }>('products', {
        title: 'Sync Tee',
        vendor: 'Acme',
        tags: ['summer', 'cotton'],
        optionNames: ['Size'],
        variants: [
          { sku: a, price: '19.99', optionValues: ['S'], title: 'S' },
          {
            sku: b,
            price: '21.50',
            compareAtPrice: '25.00',
            optionValues: ['M'],
            title: 'M',
            inventoryPolicy: 'CONTINUE',
          },
        ],
      });
      await settle();
      const [mine, ...others] = await bySku(a);
      expect(others).toHaveLength(0);
      expect(mine).toMatchObject({ title: 'Sync Tee', vendor: 'Acme', status: 'active' });
      expect([...(mine?.tags ?? [])].sort()).toEqual(['cotton', 'summer']);
      const va = mine?.variants.find((v) => v.sku === a);
      const vb = mine?.variants.find((v) => v.sku === b);
      expect(va).toMatchObject({ price: 1999, compareAtPrice: null, allowBackorder: false });
      expect(vb).toMatchObject({ price: 2150, compareAtPrice: 2500, allowBackorder: true });
      expect(await records(productId)).toEqual([{ local_id: mine?.id }]);
      expect(await records(variantIds[1] as string)).toEqual([{ local_id: vb?.id }]);
      const created = await history(`entityId=${mine?.id}`);
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ entityType: 'product', gid: productId, source: 'webhook' });
      expect(created[0]?.changes).toEqual(
        expect.arrayContaining([{ field: 'title', before: null, after: 'Sync Tee' }]),
      );
      const variantEntries = await history(`sku=${b}`);
      expect(variantEntries).toHaveLength(1);
      expect(variantEntries[0]).toMatchObject({ entityType: 'variant', entityId: vb?.id, gid: variantIds[1] });
      expect(variantEntries[0]?.changes).toEqual(
        expect.arrayContaining([{ field: 'price', before: null, after: 2150 }]),
      );

      await pause(1050);
      await merchant('products/update', { productId, title: 'Sync Tee v2', tags: ['summer'] });
      await pause(1050);
      await merchant('variants/update', { variantId: variantIds[0], price: '17.00' });
      await settle();
      const [after] = await bySku(a);
      expect(after).toMatchObject({ id: mine?.id, title: 'Sync Tee v2', tags: ['summer'] });
      expect(after?.variants.find((v) => v.sku === a)?.price).toBe(1700);
      expect(after?.variants.find((v) => v.sku === b)?.price).toBe(2150);
      expect(after?.variants).toHaveLength(2);
      const productEntries = await history(`entityId=${mine?.id}`);
      expect(productEntries[0]?.changes).toEqual(
        expect.arrayContaining([
          { field: 'title', before: 'Sync Tee', after: 'Sync Tee v2' },
          expect.objectContaining({ field: 'tags', after: ['summer'] }),
        ]),
      );
      const [priceEntry] = await history(`sku=${a}`);
      expect(priceEntry?.changes).toEqual([{ field: 'price', before: 1999, after: 1700 }]);
      expect(priceEntry?.cause.webhookId).toBeTruthy();
    });

    it('an older products/update delivered late changes nothing; a replay (same or new webhook id) is a no-op', async () => {
      const s = sku('late');
      const { productId } = await merchant<{ productId: string }>('products', {
        title: 'Late One',
        variants: [{ sku: s, price: '5.00' }],
      });
      await settle();
      await pause(1050);
      await merchant('products/update', { productId, title: 'Late Two' });
      await pause(1050);
      await merchant('products/update', { productId, title: 'Late Three' });
      await settle();
      const [mine] = await bySku(s);
      expect(mine?.title).toBe('Late Three');
      const before = (await history(`entityId=${mine?.id}`)).length;
      const variantBefore = (await history(`sku=${s}`)).length;

      const numericId = productId.split('/').pop() ?? '';
      const deliveries = (
        await control<{ webhookId: string; topic: string; body: string }[]>('GET', `/shops/${shop}/deliveries`)
      ).filter((d) => d.topic.startsWith('products/') && d.body.includes(`"id":${numericId},`));
      expect(deliveries.length).toBeGreaterThanOrEqual(3);
      // Oldest first: each carries a state older than (or equal to) the one we hold.
      for (const d of deliveries)
        expect((await signedWebhook(shop, d.topic, d.body, `replay-${d.webhookId}`)).status).toBe(200);
      for (const d of deliveries) expect((await signedWebhook(shop, d.topic, d.body, d.webhookId)).status).toBe(200);
      await syncIdle();
      const [after] = await bySku(s);
      expect(after?.title).toBe('Late Three');
      expect(after?.variants).toHaveLength(1);
      expect(await bySku(s)).toHaveLength(1);
      expect((await history(`entityId=${mine?.id}`)).length).toBe(before);
      expect((await history(`sku=${s}`)).length).toBe(variantBefore);
    });

    it('same field edited on both sides: the later write wins and the loser is recorded; different fields both survive', async () => {
      const s = sku('lww');
      const { productId, variantIds } = await merchant<{ productId: string; variantIds: string[] }>('products', {
        title: 'Base',
        vendor: 'Base Co',
        variants: [{ sku: s, price: '10.00' }],
      });
      await settle();
      const [mine] = await bySku(s);
      const variantId = mine?.variants[0]?.id;
      const patch = async (body: unknown): Promise<void> => {
        const res = await fetch(`${url}/api/products/${mine?.id}`, {
          method: 'PATCH',
          headers: { ...bearer(ws.apiKey), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(200);
      };

      // Shopify edits first; we edit the title and the price a second later; the deliveries are held until after.
      await control('PUT', `/shops/${shop}/faults`, { outage: true });
      await merchant('products/update', { productId, title: 'Theirs', vendor: 'Their Co' });
      await merchant('variants/update', { variantId: variantIds[0], price: '12.00' });
      await pause(1100);
      await patch({ title: 'Ours', variants: [{ id: variantId, price: 1100 }] });
      await control('PUT', `/shops/${shop}/faults`, { outage: false });
      await settle();
      const [after] = await bySku(s);
      expect(after).toMatchObject({ title: 'Ours', vendor: 'Their Co' });
      expect(after?.variants[0]?.price).toBe(1100);
      const productEntries = await history(`entityId=${mine?.id}`);
      const withConflict = productEntries.find((e) => e.conflicts.length > 0);
      expect(withConflict?.conflicts).toEqual([
        expect.objectContaining({ field: 'title', ours: 'Ours', theirs: 'Theirs', winner: 'ours' }),
      ]);
      expect(withConflict?.changes).toEqual([{ field: 'vendor', before: 'Base Co', after: 'Their Co' }]);
      const variantConflict = (await history(`sku=${s}`)).find((e) => e.conflicts.length > 0);
      expect(variantConflict?.conflicts).toEqual([
        expect.objectContaining({ field: 'price', ours: 1100, theirs: 1200, winner: 'ours' }),
      ]);

      // We edit first, Shopify a second later: Shopify's value wins, before/after recorded.
      await patch({ title: 'Ours again' });
      await pause(1100);
      await merchant('products/update', { productId, title: 'Theirs later' });
      await settle();
      const [last] = await bySku(s);
      expect(last?.title).toBe('Theirs later');
      const [latest] = await history(`entityId=${mine?.id}`);
      expect(latest?.changes).toEqual([{ field: 'title', before: 'Ours again', after: 'Theirs later' }]);
    });

    it('products/delete archives our product (never deletes it); a replay is a no-op', async () => {
      const s = sku('gone');
      const { productId } = await merchant<{ productId: string }>('products', {
        title: 'Going',
        variants: [{ sku: s, price: '3.00' }],
      });
      await settle();
      const [mine] = await bySku(s);
      expect(mine?.status).toBe('active');
      await merchant('products/delete', { productId });
      await settle();
      const [after] = await bySku(s);
      expect(after).toMatchObject({ id: mine?.id, status: 'archived' });
      const entries = await history(`entityId=${mine?.id}`);
      expect(entries[0]?.changes).toEqual([{ field: 'status', before: 'active', after: 'archived' }]);
      const [deletion] = await control<{ webhookId: string; topic: string; body: string }[]>(
        'GET',
        `/shops/${shop}/deliveries?topic=products/delete`,
      ).then((d) => d.filter((x) => x.body.includes(productId.split('/').pop() ?? '')));
      expect(deletion).toBeDefined();
      expect(
        (await signedWebhook(shop, 'products/delete', deletion?.body ?? '', `replay-${deletion?.webhookId}`)).status,
      ).toBe(200);
      await syncIdle();
      expect(await history(`entityId=${mine?.id}`)).toHaveLength(entries.length);
    });

    it('a Shopify variant whose SKU we already hold links to our product instead of creating another', async () => {
      const s = sku('link');
      const res = await fetch(`${url}/api/products`, {
        method: 'POST',
        headers: { ...bearer(ws.apiKey), 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Ours first', variants: [{ sku: s, price: 900 }] }),
      });
      expect(res.status).toBe(201);
      const ours = (await res.json()) as Product;
      const { productId, variantIds } = await merchant<{ productId: string; variantIds: string[] }>('products', {
        title: 'Shopify copy',
        variants: [{ sku: s, price: '9.50' }],
      });
      await settle();
      const list = await bySku(s);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: ours.id, title: 'Shopify copy' });
      expect(list[0]?.variants).toEqual([expect.objectContaining({ id: ours.variants[0]?.id, sku: s, price: 950 })]);
      expect(await records(productId)).toEqual([{ local_id: ours.id }]);
      expect(await records(variantIds[0] as string)).toEqual([{ local_id: ours.variants[0]?.id }]);
    });
  });
});
