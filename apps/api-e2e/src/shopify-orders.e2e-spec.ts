import { EntityManager } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { captureLogs, freePort } from '@retailos/server/testing';
import { createHmac, randomBytes } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';
import { startWorker, type RunningWorker } from '../../worker/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from './support/identity';
import { connectShop, syncIdle } from './support/shopify';

const CLIENT_ID = `retailos-orders-e2e-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `secret-${randomBytes(16).toString('hex')}`;

interface Delivery {
  webhookId: string;
  topic: string;
  body: string;
  triggeredAt: string;
  status: string;
}
interface HistoryEntry {
  id: string;
  entityType: string;
  entityId: string | null;
  gid: string | null;
  sku: string | null;
  orderCode: string | null;
  source: string;
  direction: string;
  changes: { field: string; before: unknown; after: unknown }[];
  conflicts: { field: string; ours: unknown; theirs: unknown; winner: string }[];
  cause: { webhookId?: string; jobId?: string };
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Shopify orders and stock from webhooks: order-independent, duplicate-proof, a sale takes our stock once', () => {
  let shopify: RunningEmulator;
  let app: NestFastifyApplication;
  let worker: RunningWorker;
  let url: string;
  let em: EntityManager;
  let ws: SeededWorkspace;
  let session: StaffSession;
  let shop: string;
  let locationId: string;
  const logs = captureLogs();

  const control = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${shopify.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const merchant = <T = Record<string, unknown>>(path: string, body: unknown): Promise<T> =>
    control<T>('POST', `/shops/${shop}/merchant/${path}`, body);
  const applied = (): Promise<void> => syncIdle(em);
  const settle = async (): Promise<void> => {
    await control('POST', '/webhooks/wait-idle', { timeoutMs: 30000 });
    await applied();
  };
  const sql = async <T>(text: string, params: unknown[]): Promise<T[]> =>
    (await em.fork().execute(text, params)) as T[];
  /** One of Shopify's deliveries, posted by us now (its own webhook id and trigger time: the emulator's copy is a duplicate). */
  const deliver = async (d: Delivery, webhookId = d.webhookId): Promise<void> => {
    const res = await fetch(`${url}/api/shopify/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': d.topic,
        'x-shopify-shop-domain': shop,
        'x-shopify-webhook-id': webhookId,
        'x-shopify-hmac-sha256': createHmac('sha256', CLIENT_SECRET).update(d.body).digest('base64'),
        'x-shopify-triggered-at': d.triggeredAt,
      },
      body: d.body,
    });
    expect(res.status).toBe(200);
  };
  const deliveries = async (match: string, topic?: string): Promise<Delivery[]> =>
    (await control<Delivery[]>('GET', `/shops/${shop}/deliveries${topic ? `?topic=${topic}` : ''}`)).filter((d) =>
      d.body.includes(match),
    );
  const history = async (query: string): Promise<HistoryEntry[]> => {
    const res = await fetch(`${url}/api/sync/history?${query}&limit=250`, { headers: bearer(ws.apiKey) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: HistoryEntry[] }).data;
  };
  const tail = (gid: string): string => gid.split('/').pop() ?? '';
  /**
   * Waits into the next wall-clock second. Shopify stamps with one-second precision, and a level state stamped in the
   * same second as a sale is taken to include it (the tie rule of stock-expectations.ts): the race tests below place
   * their order in a later second than the setup's stock change, so they test the arrival order, not that tie.
   */
  const nextSecond = (): Promise<void> => new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));

  interface Item {
    sku: string;
    variantGid: string;
    variantId: string;
    itemId: string;
    levelGid: string;
  }
  /** A product created by the merchant (synced through products/create), stock set on both sides. */
  const stocked = async (tag: string, skus: number, qty: number): Promise<Item[]> => {
    const names = Array.from({ length: skus }, (_, i) => `${tag}-${i}-${randomBytes(3).toString('hex')}`);
    const { variantIds } = await merchant<{ variantIds: string[] }>('products', {
      title: `${tag} product`,
      optionNames: ['Size'],
      variants: names.map((sku, i) => ({ sku, price: `${10 + i}.50`, optionValues: [`S${i}`], title: `S${i}` })),
    });
    await settle();
    const items: Item[] = [];
    for (const [i, sku] of names.entries()) {
      const variantGid = variantIds[i] as string;
      const [rec] = await sql<{ local_id: string }>(
        `select local_id from sync_records where workspace_id = ? and entity_type = 'variant' and gid = ?`,
        [ws.workspaceId, variantGid],
      );
      expect(rec).toBeDefined();
      const set = await merchant<{ inventoryItemId: string; locationId: string }>('inventory/set', {
        variantId: variantGid,
        available: qty,
      });
      const res = await fetch(`${url}/api/inventory/adjustments`, {
        method: 'POST',
        headers: { ...bearer(ws.apiKey), 'content-type': 'application/json' },
        body: JSON.stringify({ sku, locationId, set: qty, reason: 'received' }),
      });
      expect(res.status).toBeLessThan(300);
      items.push({
        sku,
        variantGid,
        variantId: rec?.local_id as string,
        itemId: tail(set.inventoryItemId),
        levelGid: `gid://shopify/InventoryLevel/${tail(set.locationId)}?inventory_item_id=${tail(set.inventoryItemId)}`,
      });
    }
    await settle();
    return items;
  };
  const ourLevel = async (variantId: string): Promise<number> =>
    (
      await sql<{ available: number }>(
        'select available from inventory_levels where workspace_id = ? and variant_id = ? and location_id = ?',
        [ws.workspaceId, variantId, locationId],
      )
    )[0]?.available ?? 0;
  const ourOrders = (gid: string) =>
    sql<{ id: string; name: string; status: string; note: string | null }>(
      `select id, name, status, note from orders where workspace_id = ? and source = 'shopify' and external_id = ?`,
      [ws.workspaceId, gid],
    );
  const movementsOf = (orderId: string) =>
    sql<{ reason: string; variant_id: string; delta: number }>(
      'select reason, variant_id, delta from inventory_movements where workspace_id = ? and reference = ? order by reason, variant_id',
      [ws.workspaceId, orderId],
    );
  const levelState = async (levelGid: string): Promise<{ available: number | null; unexplained: number }> => {
    const [row] = await sql<{ last_seen: { available: number | null; unexplained: number } }>(
      `select last_seen from sync_records where workspace_id = ? and entity_type = 'inventory_level' and gid = ?`,
      [ws.workspaceId, levelGid],
    );
    return { available: row?.last_seen.available ?? null, unexplained: row?.last_seen.unexplained ?? 0 };
  };
  const pendingExpectations = async (levelGid: string): Promise<number> =>
    (
      await sql<{ n: number }>(
        `select count(*)::int as n from sync_stock_expectations where workspace_id = ? and level_gid = ? and status = 'pending'`,
        [ws.workspaceId, levelGid],
      )
    )[0]?.n ?? 0;
  /** Merchant actions with Shopify's deliveries held back; returns what Shopify would have sent. */
  const held = async <T>(action: () => Promise<T>): Promise<T> => {
    await control('PUT', `/shops/${shop}/faults`, { outage: true });
    return action();
  };
  const release = async (): Promise<void> => {
    await control('PUT', `/shops/${shop}/faults`, { outage: false });
    await settle();
  };

  beforeAll(async () => {
    shopify = await startEmulator({ port: 0, timeScale: 0.01 });
    await control('POST', '/apps', {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      autoApprove: true,
      name: 'Retailos orders e2e',
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    Object.assign(process.env, {
      SHOPIFY_CLIENT_ID: CLIENT_ID,
      SHOPIFY_CLIENT_SECRET: CLIENT_SECRET,
      SHOPIFY_BASE_URL: `${shopify.url}/shops/{shop}`,
      SHOPIFY_APP_URL: url,
      SHOPIFY_RETRY_BASE_MS: '20',
    });
    app = await createApiApp();
    await app.listen(port, '127.0.0.1');
    em = app.get(EntityManager);
    worker = await startWorker({ metricsPort: -1 });

    ws = await seedWorkspace({ url, app });
    shop = (
      await control<{ domain: string }>('POST', '/shops', {
        name: `orders-${randomBytes(5).toString('hex')}`,
        seed: { locations: 1, products: 0, customers: 0, orders: 0, seed: 5 },
      })
    ).domain;
    session = await ws.login();
    // OAuth through the emulator; done once the subscriptions are registered and the initial import completed.
    await connectShop(url, session, shop);
    const topics = (await control<{ topic: string; clientId: string }[]>('GET', `/shops/${shop}/webhooks`))
      .filter((s) => s.clientId === CLIENT_ID)
      .map((s) => s.topic);
    expect(topics).toEqual(
      expect.arrayContaining(['ORDERS_CREATE', 'ORDERS_UPDATED', 'ORDERS_CANCELLED', 'INVENTORY_LEVELS_UPDATE']),
    );
    const [map] = await sql<{ location_id: string }>(
      'select location_id from shopify_location_maps where workspace_id = ? order by created_at, id limit 1',
      [ws.workspaceId],
    );
    locationId = map?.location_id as string;
    expect(locationId).toBeTruthy();
  }, 120_000);

  afterEach(async () => {
    // A failed test must not leave the shop in an outage for the next one.
    await control('DELETE', `/shops/${shop}/faults`);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await shopify?.close();
    logs.restore();
  });

  it('sale race, order first: orders/create takes our stock once, then its inventory_levels/update is explained by it', async () => {
    const [a, b] = await stocked('race-a', 2, 10);
    await nextSecond();
    const { orderId: gid } = await held(() =>
      merchant<{ orderId: string }>('orders', {
        lineItems: [
          { variantId: a?.variantGid, quantity: 2 },
          { variantId: b?.variantGid, quantity: 1 },
        ],
      }),
    );
    const create = (await deliveries(tail(gid), 'orders/create'))[0] as Delivery;
    const levels = [
      ...(await deliveries(`"inventory_item_id":${a!.itemId}`, 'inventory_levels/update')),
      ...(await deliveries(`"inventory_item_id":${b!.itemId}`, 'inventory_levels/update')),
    ].filter((d) => d.status === 'pending');
    expect(levels).toHaveLength(2);

    await deliver(create);
    await applied();
    const [order] = await ourOrders(gid);
    expect(order?.status).toBe('open');
    expect(await ourLevel(a!.variantId)).toBe(8);
    expect(await ourLevel(b!.variantId)).toBe(9);
    expect(await pendingExpectations(a!.levelGid)).toBe(1);

    for (const d of levels) await deliver(d);
    await applied();
    await release(); // Shopify's own (held) deliveries now arrive: all duplicates
    expect(await ourOrders(gid)).toHaveLength(1);
    expect(await ourLevel(a!.variantId)).toBe(8);
    expect(await ourLevel(b!.variantId)).toBe(9);
    expect((await movementsOf(order!.id)).map((m) => [m.reason, m.variant_id, m.delta])).toEqual(
      [
        ['order_placed', a!.variantId, -2],
        ['order_placed', b!.variantId, -1],
      ].sort((x, y) => (String(x[1]) < String(y[1]) ? -1 : 1)),
    );
    expect(await levelState(a!.levelGid)).toEqual({ available: 8, unexplained: 0 });
    expect(await pendingExpectations(a!.levelGid)).toBe(0);

    const orderEntries = await history(`entityType=order&orderCode=${encodeURIComponent(order!.name)}`);
    expect(orderEntries).toHaveLength(1);
    expect(orderEntries[0]).toMatchObject({
      entityId: order!.id,
      gid,
      direction: 'inbound',
      source: 'webhook',
      cause: { webhookId: create.webhookId },
    });
    expect(orderEntries[0]?.cause.jobId).toBeTruthy();
    expect(orderEntries[0]?.changes).toEqual(
      expect.arrayContaining([{ field: 'stockTaken', before: null, after: true }]),
    );
    const [levelEntry] = await history(`sku=${a!.sku}&entityType=inventory_level`);
    expect(levelEntry?.changes).toEqual([
      { field: 'shopifyAvailable', before: 10, after: 8 },
      { field: 'explainedBy', before: null, after: [gid] },
    ]);
  });

  it('sale race, level first: the inventory_levels/update is recorded as unexplained, then the order explains it and takes our stock once', async () => {
    const [a] = await stocked('race-b', 1, 10);
    await nextSecond();
    const { orderId: gid } = await held(() =>
      merchant<{ orderId: string }>('orders', { lineItems: [{ variantId: a?.variantGid, quantity: 3 }] }),
    );
    const create = (await deliveries(tail(gid), 'orders/create'))[0] as Delivery;
    const [level] = (await deliveries(`"inventory_item_id":${a!.itemId}`, 'inventory_levels/update')).filter(
      (d) => d.status === 'pending',
    );

    await deliver(level as Delivery);
    await applied();
    expect(await ourLevel(a!.variantId)).toBe(10); // a Shopify stock change never moves ours
    expect(await levelState(a!.levelGid)).toEqual({ available: 7, unexplained: -3 });
    const [unexplained] = await history(`sku=${a!.sku}&entityType=inventory_level`);
    expect(unexplained?.changes).toEqual([
      { field: 'shopifyAvailable', before: 10, after: 7 },
      { field: 'unexplainedShopifyChange', before: null, after: -3 },
    ]);

    await deliver(create);
    await applied();
    await release();
    const [order, ...more] = await ourOrders(gid);
    expect(more).toHaveLength(0);
    expect(await ourLevel(a!.variantId)).toBe(7);
    expect((await movementsOf(order!.id)).map((m) => m.delta)).toEqual([-3]);
    expect(await levelState(a!.levelGid)).toEqual({ available: 7, unexplained: 0 });
    expect(await pendingExpectations(a!.levelGid)).toBe(0);
    const [explained] = await history(`sku=${a!.sku}&entityType=inventory_level`);
    expect(explained).toMatchObject({ orderCode: order!.name, cause: { webhookId: create.webhookId } });
    expect(explained?.changes).toEqual([
      { field: 'unexplainedShopifyChange', before: -3, after: 0 },
      { field: 'explainedBy', before: null, after: [gid] },
    ]);
  });

  it('orders/updated before orders/create creates the order once; the older create and every replay change nothing', async () => {
    const [a] = await stocked('upd-first', 1, 10);
    const { orderId: gid } = await held(async () => {
      const placed = await merchant<{ orderId: string }>('orders', {
        lineItems: [{ variantId: a?.variantGid, quantity: 4 }],
        note: 'gift',
      });
      await pause(1050); // Shopify's updated_at has one-second precision
      await merchant('orders/cancel', { orderId: placed.orderId, reason: 'customer' });
      return placed;
    });
    const all = (await deliveries(tail(gid))).filter((d) => d.topic.startsWith('orders/'));
    expect(all.map((d) => d.topic).sort()).toEqual(['orders/cancelled', 'orders/create', 'orders/updated']);
    const levels = (await deliveries(`"inventory_item_id":${a!.itemId}`, 'inventory_levels/update')).filter(
      (d) => d.status === 'pending',
    );
    const byTopic = (t: string): Delivery => all.find((d) => d.topic === t) as Delivery;

    // Latest state first: the order is created already cancelled; what Shopify sold and gave back nets out.
    await deliver(byTopic('orders/updated'));
    await applied();
    const [order] = await ourOrders(gid);
    expect(order).toMatchObject({ status: 'cancelled', note: 'gift' });
    await deliver(byTopic('orders/create'));
    await deliver(byTopic('orders/cancelled'));
    for (const d of [...levels].reverse()) await deliver(d); // newest level first: the older one is stale
    await applied();
    await release();
    for (const d of [...all, ...levels]) await deliver(d, `replay-${d.webhookId}`);
    await applied();

    expect(await ourOrders(gid)).toEqual([expect.objectContaining({ id: order!.id, status: 'cancelled' })]);
    expect(await ourLevel(a!.variantId)).toBe(10);
    expect(await movementsOf(order!.id)).toEqual([]);
    expect(await levelState(a!.levelGid)).toEqual({ available: 10, unexplained: 0 });
    const entries = await history(`entityType=order&orderCode=${encodeURIComponent(order!.name)}`);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', before: null, after: 'cancelled' },
        { field: 'stockTaken', before: null, after: false },
      ]),
    );
  });

  it('a cancellation after the sale gives the stock back once; the restock level webhook is explained by it', async () => {
    const [a] = await stocked('cancel', 1, 10);
    const { orderId: gid } = await merchant<{ orderId: string }>('orders', {
      lineItems: [{ variantId: a?.variantGid, quantity: 2 }],
    });
    await settle();
    expect(await ourLevel(a!.variantId)).toBe(8);
    await pause(1050);
    await merchant('orders/cancel', { orderId: gid, reason: 'inventory' });
    await settle();
    const [order] = await ourOrders(gid);
    expect(order?.status).toBe('cancelled');
    expect(await ourLevel(a!.variantId)).toBe(10);
    for (const d of await deliveries(tail(gid))) await deliver(d, `replay-${d.webhookId}`);
    await applied();
    expect(await ourLevel(a!.variantId)).toBe(10);
    expect((await movementsOf(order!.id)).map((m) => [m.reason, m.delta])).toEqual([
      ['order_cancelled', 2],
      ['order_placed', -2],
    ]);
    expect(await levelState(a!.levelGid)).toEqual({ available: 10, unexplained: 0 });
    const [latest] = await history(`entityType=order&orderCode=${encodeURIComponent(order!.name)}`);
    expect(latest?.changes).toEqual([{ field: 'status', before: 'open', after: 'cancelled' }]);
  });

  it('a cancellation without restock keeps the units sold here too, as on Shopify (no movement, nothing unexplained)', async () => {
    const [a] = await stocked('cancel-keep', 1, 10);
    const { orderId: gid } = await merchant<{ orderId: string }>('orders', {
      lineItems: [{ variantId: a?.variantGid, quantity: 3 }],
    });
    await settle();
    expect(await ourLevel(a!.variantId)).toBe(7);
    await pause(1050);
    await merchant('orders/cancel', { orderId: gid, reason: 'declined', restock: false });
    await settle();
    const [order] = await ourOrders(gid);
    expect(order?.status).toBe('cancelled');
    for (const d of await deliveries(tail(gid))) await deliver(d, `replay-${d.webhookId}`);
    await applied();
    expect(await ourLevel(a!.variantId)).toBe(7);
    expect((await movementsOf(order!.id)).map((m) => [m.reason, m.delta])).toEqual([['order_placed', -3]]);
    expect(await levelState(a!.levelGid)).toEqual({ available: 7, unexplained: 0 });
  });

  it('a webhook storm (duplicates, reordering) leaves exactly the shop state: each order once, stock taken once, only the merchant change unexplained', async () => {
    const items = await stocked('storm', 3, 50);
    await control('PUT', `/shops/${shop}/faults`, { webhookDuplicateRate: 0.5, webhookReorderWindowMs: 400, seed: 17 });
    const placed: { gid: string; lines: { item: Item; quantity: number }[] }[] = [];
    for (let i = 0; i < 8; i++) {
      const lines = [
        { item: items[i % 3] as Item, quantity: 1 + (i % 4) },
        ...(i % 2 === 0 ? [{ item: items[(i + 1) % 3] as Item, quantity: 2 }] : []),
      ];
      const { orderId } = await merchant<{ orderId: string }>('orders', {
        lineItems: lines.map((l) => ({ variantId: l.item.variantGid, quantity: l.quantity })),
      });
      placed.push({ gid: orderId, lines });
      if (i === 3) await merchant('inventory/set', { variantId: items[2]?.variantGid, available: 80 }); // Shopify-side change, not ours
    }
    await pause(1050);
    const cancelled = [placed[1], placed[4]] as (typeof placed)[number][];
    for (const o of cancelled) await merchant('orders/cancel', { orderId: o.gid, reason: 'customer' });
    await settle();
    await control('DELETE', `/shops/${shop}/faults`);
    const sent = await control<Delivery[]>('GET', `/shops/${shop}/deliveries?topic=orders/create`);
    expect(sent.filter((d) => placed.some((o) => d.body.includes(tail(o.gid))))).toHaveLength(8);

    const expected = new Map(items.map((it) => [it.variantId, 50]));
    const soldThenCancelled = new Map<string, boolean>();
    for (const o of placed) {
      const rows = await ourOrders(o.gid);
      expect(rows).toHaveLength(1);
      const isCancelled = cancelled.includes(o);
      expect(rows[0]?.status).toBe(isCancelled ? 'cancelled' : 'open');
      const moves = await movementsOf(rows[0]!.id);
      const placedMoves = moves.filter((m) => m.reason === 'order_placed');
      if (isCancelled) {
        // Sold then given back, or (create overtaken by the cancel) never taken: either way nothing net.
        expect([0, o.lines.length]).toContain(placedMoves.length);
        soldThenCancelled.set(o.gid, placedMoves.length > 0);
        expect(moves.filter((m) => m.reason === 'order_cancelled')).toHaveLength(placedMoves.length);
        expect(moves.reduce((s, m) => s + m.delta, 0)).toBe(0);
      } else {
        expect(placedMoves.map((m) => m.delta).sort()).toEqual(o.lines.map((l) => -l.quantity).sort());
        expect(moves).toHaveLength(o.lines.length);
      }
      if (!isCancelled)
        for (const l of o.lines) expected.set(l.item.variantId, (expected.get(l.item.variantId) ?? 0) - l.quantity);
    }
    for (const it of items) expect(await ourLevel(it.variantId)).toBe(expected.get(it.variantId));
    // Our last view of Shopify's levels is Shopify's real state; only the merchant's set is unexplained.
    const qtyOf = (orders: typeof placed, item: Item): number =>
      orders
        .flatMap((o) => o.lines)
        .filter((l) => l.item === item)
        .reduce((s, l) => s + l.quantity, 0);
    const open = placed.filter((o) => !cancelled.includes(o));
    const shopifyAvailable = new Map(
      items.map((it, i) => [
        it.variantId,
        i === 2 ? 80 - qtyOf(placed.slice(4), it) + qtyOf(cancelled, it) : 50 - qtyOf(open, it),
      ]),
    );
    const soldOfCBeforeSet = placed
      .slice(0, 4)
      .flatMap((o) => o.lines)
      .filter((l) => l.item === items[2])
      .reduce((s, l) => s + l.quantity, 0);
    for (const [i, it] of items.entries()) {
      const state = await levelState(it.levelGid);
      expect(state.available).toBe(shopifyAvailable.get(it.variantId));
      // The set to 80 replaced whatever orders 0-3 had left of the 50 (cancellations came after it).
      expect(state.unexplained).toBe(i === 2 ? 80 - (50 - soldOfCBeforeSet) : 0);
      expect(await pendingExpectations(it.levelGid)).toBe(0);
    }
    // One history entry per order creation, never one per duplicate.
    for (const o of placed) {
      const [row] = await ourOrders(o.gid);
      const entries = await history(`entityType=order&orderCode=${encodeURIComponent(row!.name)}`);
      // A cancelled order: its creation and its cancellation, or one entry when the cancel overtook the create.
      expect(entries).toHaveLength(cancelled.includes(o) ? ((soldThenCancelled.get(o.gid) ?? false) ? 2 : 1) : 1);
    }
  }, 120_000);

  it('tie rule: our edit and Shopify edit of the same field in the same second: ours wins although Shopify wrote after us', async () => {
    const email = `tie-${randomBytes(4).toString('hex')}@example.test`;
    const { customerId } = await merchant<{ customerId: string }>('customers', {
      firstName: 'Ada',
      email,
      note: 'base',
    });
    await settle();
    const found = (await (
      await fetch(`${url}/api/customers?email=${encodeURIComponent(email)}&limit=5`, { headers: bearer(ws.apiKey) })
    ).json()) as { data: { id: string }[] };
    const mine = found.data[0]?.id as string;
    await pause(1100);
    // Both writes inside one wall-clock second, Shopify's after ours: retried until the clocks say they shared it.
    for (let attempt = 0; ; attempt++) {
      await control('PUT', `/shops/${shop}/faults`, { outage: true });
      while (new Date().getMilliseconds() > 300) await pause(20);
      const patched = await fetch(`${url}/api/customers/${mine}`, {
        method: 'PATCH',
        headers: { ...sessionHeaders(session), 'content-type': 'application/json' },
        body: JSON.stringify({ note: `ours ${attempt}` }),
      });
      expect(patched.status).toBe(200);
      const oursAt = new Date(((await patched.json()) as { updatedAt: string }).updatedAt);
      const { updatedAt: theirsAt } = await merchant<{ updatedAt: string }>('customers/update', {
        customerId,
        note: `theirs ${attempt}`,
      });
      await release();
      const sameSecond = Math.floor(oursAt.getTime() / 1000) === Math.floor(new Date(theirsAt).getTime() / 1000);
      if (!sameSecond) {
        expect(attempt).toBeLessThan(3);
        await pause(1100);
        continue;
      }
      const customer = (await (await fetch(`${url}/api/customers/${mine}`, { headers: bearer(ws.apiKey) })).json()) as {
        note: string;
      };
      expect(customer.note).toBe(`ours ${attempt}`);
      const [entry] = await history(`entityType=customer&entityId=${mine}`);
      expect(entry?.conflicts).toEqual([
        expect.objectContaining({
          field: 'note',
          ours: `ours ${attempt}`,
          theirs: `theirs ${attempt}`,
          winner: 'ours',
        }),
      ]);
      break;
    }
  });
});
