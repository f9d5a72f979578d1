import { EntityManager } from '@mikro-orm/postgresql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { freePort, spawnApp, type SpawnedProcess } from '@retailos/server/testing';
import { QUEUES } from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { startEmulator, type RunningEmulator } from '../../shopify-emulator/src';
import { startWorker, type RunningWorker } from '../../worker/src/bootstrap';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import { bearer, seedWorkspace, type SeededWorkspace } from './support/identity';

const CLIENT_ID = `retailos-import-${randomBytes(4).toString('hex')}`;
const CLIENT_SECRET = `secret-${randomBytes(16).toString('hex')}`;
const gid = (type: string, id: bigint | number): string => `gid://shopify/${type}/${id}`;
const cents = (amount: string | null): number | null => (amount === null ? null : Math.round(Number(amount) * 100));

async function waitFor<T>(
  check: () => Promise<T | undefined | false | null>,
  timeoutMs = 60000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

interface ImportView {
  id: string;
  status: string;
  entity: string;
  done: number;
  total: number | null;
  rate: number;
  counts: Record<string, { done: number; total: number | null }>;
}

/** The shop as one comparable value, entity by entity (GIDs as keys, money in minor units). */
interface ShopView {
  products: {
    gid: string;
    title: string;
    handle: string;
    vendor: string | null;
    status: string;
    variants: { gid: string; sku: string; title: string; price: number }[];
  }[];
  levels: { variant: string; location: string; available: number }[];
  customers: { gid: string; email: string | null; firstName: string | null; lastName: string | null }[];
  orders: {
    gid: string;
    name: string;
    total: number;
    customer: string | null;
    lines: { variant: string; quantity: number }[];
  }[];
}

const byGid = <T extends { gid: string }>(a: T, b: T): number => (a.gid < b.gid ? -1 : a.gid > b.gid ? 1 : 0);

describe('Shopify initial import: bulk operations, checkpoint, kill -9, held webhooks', () => {
  let shopify: RunningEmulator;
  let app: NestFastifyApplication;
  let url: string;
  let em: EntityManager;

  const control = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${shopify.url}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sql = async <T>(text: string, params: unknown[] = []): Promise<T[]> =>
    (await em.fork().execute(text, params)) as T[];

  const connect = async (ws: SeededWorkspace, shop: string): Promise<void> => {
    const session = await ws.login();
    const install = await fetch(`${url}/api/shopify/install?shop=${shop}`, {
      headers: { cookie: session.cookie },
      redirect: 'manual',
    });
    const approved = await fetch(install.headers.get('location') ?? '', { redirect: 'manual' });
    const res = await fetch(approved.headers.get('location') ?? '', { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
  };
  const progress = async (ws: SeededWorkspace): Promise<ImportView | undefined> => {
    const res = await fetch(`${url}/api/shopify/import`, { headers: bearer(ws.apiKey) });
    return res.status === 200 ? ((await res.json()) as ImportView) : undefined;
  };

  /** What the emulator (Shopify) holds. */
  const expected = (domain: string): ShopView => {
    const shop = shopify.emulator.shops.get(domain);
    if (!shop) throw new Error(`no shop ${domain}`);
    const products = [...shop.products.values()].map((p) => ({
      gid: gid('Product', p.id),
      title: p.title,
      handle: p.handle,
      vendor: p.vendor || null,
      status: p.status.toLowerCase(),
      variants: shop
        .variantsOf(p)
        .map((v) => ({
          gid: gid('ProductVariant', v.id),
          sku: v.sku || `shopify-${v.id}`,
          title: v.title,
          price: cents(v.price) as number,
        }))
        .sort(byGid),
    }));
    const levels: ShopView['levels'] = [];
    for (const item of shop.inventoryItems.values()) {
      for (const l of item.levels.values()) {
        if (l.isActive === false) continue;
        levels.push({
          variant: gid('ProductVariant', item.variantId),
          location: gid('Location', l.locationId),
          available: l.q.available,
        });
      }
    }
    const customers = [...shop.customers.values()].map((c) => ({
      gid: gid('Customer', c.id),
      email: c.email,
      firstName: c.firstName,
      lastName: c.lastName,
    }));
    const orders = [...shop.orders.values()].map((o) => ({
      gid: gid('Order', o.id),
      name: o.name,
      total: cents(o.total) as number,
      customer: o.customerId === null ? null : gid('Customer', o.customerId),
      lines: o.lineItems
        .filter((li) => li.variantId !== null)
        .map((li) => ({ variant: gid('ProductVariant', li.variantId as bigint), quantity: li.quantity }))
        .sort((a, b) => (a.variant < b.variant ? -1 : 1)),
    }));
    levels.sort((a, b) => (a.variant + a.location < b.variant + b.location ? -1 : 1));
    return { products: products.sort(byGid), levels, customers: customers.sort(byGid), orders: orders.sort(byGid) };
  };

  /** What we hold, read back through the GID links. */
  const actual = async (workspaceId: string): Promise<ShopView> => {
    const products = await sql<{
      gid: string;
      id: string;
      title: string;
      handle: string;
      vendor: string | null;
      status: string;
    }>(
      `select r.gid, p.id, p.title, p.handle, p.vendor, p.status from sync_records r join products p on p.id = r.local_id
        where r.workspace_id = ? and r.entity_type = 'product'`,
      [workspaceId],
    );
    const variants = await sql<{ gid: string; product_id: string; sku: string; title: string; price: string }>(
      `select r.gid, v.product_id, v.sku, v.title, v.price from sync_records r join variants v on v.id = r.local_id
        where r.workspace_id = ? and r.entity_type = 'variant'`,
      [workspaceId],
    );
    const levels = await sql<{ variant: string; location: string; available: number }>(
      `select r.gid as variant, m.shopify_location_gid as location, l.available from inventory_levels l
         join sync_records r on r.local_id = l.variant_id and r.entity_type = 'variant' and r.workspace_id = l.workspace_id
         join shopify_location_maps m on m.location_id = l.location_id and m.workspace_id = l.workspace_id
        where l.workspace_id = ?`,
      [workspaceId],
    );
    const customers = await sql<{
      gid: string;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
    }>(
      `select r.gid, c.email, c.first_name, c.last_name from sync_records r join customers c on c.id = r.local_id
        where r.workspace_id = ? and r.entity_type = 'customer'`,
      [workspaceId],
    );
    const orders = await sql<{ gid: string; id: string; name: string; total: string; customer: string | null }>(
      `select o.external_id as gid, o.id, o.name, o.total, r.gid as customer from orders o
         left join sync_records r on r.local_id = o.customer_id and r.entity_type = 'customer' and r.workspace_id = o.workspace_id
        where o.workspace_id = ? and o.source = 'shopify'`,
      [workspaceId],
    );
    const lines = await sql<{ order_id: string; variant: string; quantity: number }>(
      `select l.order_id, r.gid as variant, l.quantity from order_lines l
         join sync_records r on r.local_id = l.variant_id and r.entity_type = 'variant' and r.workspace_id = l.workspace_id
        where l.workspace_id = ?`,
      [workspaceId],
    );
    return {
      products: products
        .map((p) => ({
          gid: p.gid,
          title: p.title,
          handle: p.handle,
          vendor: p.vendor,
          status: p.status,
          variants: variants
            .filter((v) => v.product_id === p.id)
            .map((v) => ({ gid: v.gid, sku: v.sku, title: v.title, price: Number(v.price) }))
            .sort(byGid),
        }))
        .sort(byGid),
      levels: levels
        .map((l) => ({ ...l, available: Number(l.available) }))
        .sort((a, b) => (a.variant + a.location < b.variant + b.location ? -1 : 1)),
      customers: customers
        .map((c) => ({ gid: c.gid, email: c.email, firstName: c.first_name, lastName: c.last_name }))
        .sort(byGid),
      orders: orders
        .map((o) => ({
          gid: o.gid,
          name: o.name,
          total: Number(o.total),
          customer: o.customer,
          lines: lines
            .filter((l) => l.order_id === o.id)
            .map((l) => ({ variant: l.variant, quantity: l.quantity }))
            .sort((a, b) => (a.variant < b.variant ? -1 : 1)),
        }))
        .sort(byGid),
    };
  };

  /** Nothing doubled: every table holds exactly the shop's rows, and every level's ledger adds up to it with one movement at most. */
  const assertNoDuplicates = async (workspaceId: string, view: ShopView): Promise<void> => {
    const [counts] = await sql<{ products: number; variants: number; customers: number; orders: number }>(
      `select (select count(*)::int from products where workspace_id = ?) as products,
              (select count(*)::int from variants where workspace_id = ?) as variants,
              (select count(*)::int from customers where workspace_id = ?) as customers,
              (select count(*)::int from orders where workspace_id = ?) as orders`,
      [workspaceId, workspaceId, workspaceId, workspaceId],
    );
    expect(counts).toEqual({
      products: view.products.length,
      variants: view.products.reduce((n, p) => n + p.variants.length, 0),
      customers: view.customers.length,
      orders: view.orders.length,
    });
    const ledger = await sql<{ n: number; drift: number }>(
      `select count(*)::int as n,
              count(*) filter (where l.available <> coalesce((select sum(m.delta) from inventory_movements m
                                where m.workspace_id = l.workspace_id and m.variant_id = l.variant_id and m.location_id = l.location_id), 0))::int as drift
         from inventory_levels l where l.workspace_id = ?`,
      [workspaceId],
    );
    expect(ledger[0]).toEqual({ n: view.levels.length, drift: 0 });
    const [moves] = await sql<{ max: number | null }>(
      `select max(n)::int as max from (select count(*) as n from inventory_movements where workspace_id = ? group by variant_id, location_id) s`,
      [workspaceId],
    );
    expect(moves?.max ?? 1).toBeLessThanOrEqual(1);
  };

  beforeAll(async () => {
    shopify = await startEmulator({ port: 0, timeScale: 0.01 });
    await control('POST', '/apps', {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      autoApprove: true,
      name: 'Retailos import e2e',
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
  });

  afterAll(async () => {
    await app?.close();
    await shopify?.close();
  });

  it('imports a seeded shop equal to it entity by entity, with progress, history entries and nothing doubled', async () => {
    const worker: RunningWorker = await startWorker({ metricsPort: -1 });
    try {
      const ws = await seedWorkspace({ url, app });
      expect((await fetch(`${url}/api/shopify/import`, { headers: bearer(ws.apiKey) })).status).toBe(404);
      const shop = await control<{ domain: string }>('POST', '/shops', {
        name: `imp-${randomBytes(4).toString('hex')}`,
        seed: { products: 12, variantsPerProduct: 3, locations: 2, customers: 8, orders: 10, seed: 7 },
      });
      await connect(ws, shop.domain);
      const done = await waitFor(async () => {
        const p = await progress(ws);
        return p?.status === 'completed' ? p : undefined;
      });
      expect(done).toMatchObject({ entity: 'done', status: 'completed' });
      expect(done.counts).toMatchObject({
        locations: { done: 2, total: 2 },
        products: { done: 12, total: 12 },
        inventory: { done: 36, total: 36 },
        customers: { done: 8, total: 8 },
        orders: { done: 10, total: 10 },
      });
      expect(done.rate).toBeGreaterThan(0);

      const want = expected(shop.domain);
      expect(want.products).toHaveLength(12);
      expect(want.levels.length).toBe(72);
      const got = await actual(ws.workspaceId);
      expect(got.products).toEqual(want.products);
      expect(got.levels).toEqual(want.levels);
      expect(got.customers).toEqual(want.customers);
      expect(got.orders).toEqual(want.orders);
      await assertNoDuplicates(ws.workspaceId, want);

      // Every product, variant, customer and order has its import history entry; progress went out as events.
      const [history] = await sql<{ product: number; variant: number; customer: number; orders: number }>(
        `select count(*) filter (where entity_type = 'product')::int as product, count(*) filter (where entity_type = 'variant')::int as variant,
                count(*) filter (where entity_type = 'customer')::int as customer, count(*) filter (where entity_type = 'order')::int as orders
           from sync_history where workspace_id = ? and source = 'import'`,
        [ws.workspaceId],
      );
      expect(history).toEqual({ product: 12, variant: 36, customer: 8, orders: 10 });
      const events = await sql<{ payload: { status?: string; entity?: string } }>(
        `select payload from outbox where workspace_id = ? and topic = 'sync.import.progress' order by seq`,
        [ws.workspaceId],
      );
      expect(events.length).toBeGreaterThanOrEqual(5);
      expect(events[events.length - 1]?.payload).toMatchObject({ status: 'completed', entity: 'done' });

      // Another workspace sees its own (no) import, never this one.
      const other = await seedWorkspace({ url, app });
      expect((await fetch(`${url}/api/shopify/import`, { headers: bearer(other.apiKey) })).status).toBe(404);

      // A second import of the same shop replays every batch: nothing changes, no history, no stock movement.
      // (Several orders share a customer: the links above were made in one batch.)
      expect(new Set(want.orders.map((o) => o.customer)).size).toBeLessThan(want.orders.length);
      const snapshot = async (): Promise<unknown> =>
        sql(
          `select (select count(*)::int from sync_history where workspace_id = ?) as history,
                  (select count(*)::int from inventory_movements where workspace_id = ?) as movements,
                  (select max(updated_at)::text from customers where workspace_id = ?) as customers_at,
                  (select max(updated_at)::text from orders where workspace_id = ?) as orders_at,
                  (select count(*)::int from outbox where workspace_id = ? and topic like 'customer.%') as customer_events,
                  (select count(*)::int from outbox where workspace_id = ? and topic like 'order.%') as order_events`,
          Array(6).fill(ws.workspaceId),
        );
      const before = await snapshot();
      const [conn] = await sql<{ id: string }>('select id from shopify_connections where workspace_id = ?', [
        ws.workspaceId,
      ]);
      const again = `sim_again${randomBytes(6).toString('hex')}`;
      await sql('insert into shopify_imports (id, workspace_id, connection_id) values (?, ?, ?)', [
        again,
        ws.workspaceId,
        conn?.id,
      ]);
      const q = new Queue(QUEUES.syncImport, {
        connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
        prefix: process.env['REDIS_PREFIX'],
      });
      await q.add('sync.import.run', { workspaceId: ws.workspaceId, importId: again }, { jobId: `again-${again}` });
      await q.close();
      const replayed = await waitFor(async () => {
        const [row] = await sql<{ status: string; counts: Record<string, { done: number }> }>(
          'select status, counts from shopify_imports where id = ?',
          [again],
        );
        return row?.status === 'completed' ? row : undefined;
      });
      expect(replayed.counts).toMatchObject({ customers: { done: 8 }, orders: { done: 10 } });
      expect(await snapshot()).toEqual(before);
      expect(await actual(ws.workspaceId)).toEqual(got);
      await assertNoDuplicates(ws.workspaceId, want);
    } finally {
      await worker.close();
    }
  }, 120_000);

  it("one shop's import never holds up another shop's webhooks: with one job at a time per queue, B's deliveries apply while A's import runs", async () => {
    const saved = { concurrency: process.env['WORKER_CONCURRENCY'], batch: process.env['SHOPIFY_IMPORT_BATCH'] };
    // One job at a time per queue: were imports and applies on one queue, B's apply would wait for A's whole import.
    Object.assign(process.env, { WORKER_CONCURRENCY: '1', SHOPIFY_IMPORT_BATCH: '5' });
    const worker: RunningWorker = await startWorker({ metricsPort: -1 });
    try {
      const wsB = await seedWorkspace({ url, app });
      const shopB = await control<{ domain: string }>('POST', '/shops', {
        name: `fair-b-${randomBytes(4).toString('hex')}`,
        seed: { products: 2, locations: 1, customers: 1, orders: 0, seed: 3 },
      });
      await connect(wsB, shopB.domain);
      await waitFor(async () => (await progress(wsB))?.status === 'completed');
      /** Shopify creates a customer on B: ms until it is in B's customers (webhook -> inbox -> apply job). */
      const applyLatency = async (): Promise<number> => {
        const email = `fair-${randomBytes(4).toString('hex')}@example.test`;
        const t0 = Date.now();
        await control('POST', `/shops/${shopB.domain}/merchant/customers`, { email, firstName: 'Fair' });
        await waitFor(
          async () =>
            (
              await sql<{ n: number }>(
                'select count(*)::int as n from customers where workspace_id = ? and email = ?',
                [wsB.workspaceId, email],
              )
            )[0]?.n === 1,
          60000,
          20,
        );
        return Date.now() - t0;
      };
      const idle = [await applyLatency(), await applyLatency(), await applyLatency()];

      const wsA = await seedWorkspace({ url, app });
      const shopA = await control<{ domain: string }>('POST', '/shops', {
        name: `fair-a-${randomBytes(4).toString('hex')}`,
        seed: { products: 80, variantsPerProduct: 3, locations: 2, customers: 10, orders: 20, seed: 5 },
      });
      await connect(wsA, shopA.domain);
      await waitFor(
        async () => {
          const p = await progress(wsA);
          return p?.status === 'running' && (p.counts['products']?.done ?? 0) > 0;
        },
        90000,
        20,
      );
      const busy = [await applyLatency(), await applyLatency(), await applyLatency()];
      const during = await progress(wsA);
      process.stderr.write(
        `apply latency of shop B, ms: idle ${idle.join(', ')}; during A's import ${busy.join(', ')} (A: ${during?.entity} ${during?.done}/${during?.total})\n`,
      );
      // The measurements overlapped A's import, and none of them waited for it.
      expect(during?.status).toBe('running');
      expect(Math.max(...busy)).toBeLessThan(Math.max(5000, 5 * Math.max(...idle)));
    } finally {
      await worker.close();
      for (const [k, v] of [
        ['WORKER_CONCURRENCY', saved.concurrency],
        ['SHOPIFY_IMPORT_BATCH', saved.batch],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 400_000);

  it('kill -9 of the worker mid-import: a new worker resumes from the checkpoint, webhooks held meanwhile are applied after; equal result, nothing doubled', async () => {
    const env = { SHOPIFY_IMPORT_BATCH: '5', LOG_LEVEL: 'info' };
    const ready = { pattern: /Processing \d+ job types/, timeoutMs: 90000 };
    let first: SpawnedProcess | undefined = await spawnApp('apps/worker/src/main.ts', env, ready);
    let second: SpawnedProcess | undefined;
    try {
      const ws = await seedWorkspace({ url, app });
      const shop = await control<{ domain: string }>('POST', '/shops', {
        name: `kill-${randomBytes(4).toString('hex')}`,
        seed: { products: 120, variantsPerProduct: 3, locations: 2, customers: 30, orders: 40, seed: 11 },
      });
      await connect(ws, shop.domain);
      // Mid-products: some batches committed, more to come.
      const before = await waitFor(
        async () => {
          const [row] = await sql<{ stage: string; line_offset: number; counts: Record<string, { done: number }> }>(
            'select stage, line_offset, counts from shopify_imports where workspace_id = ?',
            [ws.workspaceId],
          );
          return row && row.stage === 'products' && (row.counts['products']?.done ?? 0) >= 20 ? row : undefined;
        },
        90000,
        10,
      );
      first.child.kill('SIGKILL');
      await new Promise<void>((r) =>
        first?.child.exitCode !== null || first?.child.signalCode !== null ? r() : first?.child.once('exit', () => r()),
      );
      first = undefined;
      const [killed] = await sql<{ status: string; stage: string; line_offset: number }>(
        'select status, stage, line_offset from shopify_imports where workspace_id = ?',
        [ws.workspaceId],
      );
      expect(killed?.status).toBe('running');
      expect(killed?.line_offset).toBeGreaterThanOrEqual(before.line_offset);
      expect((await progress(ws))?.status).toBe('running');

      // The merchant edits a product while no worker runs: Shopify's webhook reaches the inbox and must wait for the import.
      const target = [...(shopify.emulator.shops.get(shop.domain)?.products.values() ?? [])][100];
      const newTitle = `Renamed during import ${randomBytes(3).toString('hex')}`;
      await control('POST', `/shops/${shop.domain}/merchant/products/update`, {
        productId: gid('Product', target?.id ?? 0n),
        title: newTitle,
      });
      await waitFor(async () => {
        const rows = await sql<{ n: number }>(
          `select count(*)::int as n from shopify_webhooks where workspace_id = ? and topic = 'products/update'`,
          [ws.workspaceId],
        );
        return (rows[0]?.n ?? 0) > 0;
      }, 20000);

      second = await spawnApp('apps/worker/src/main.ts', env, ready);
      const done = await waitFor(async () => {
        const p = await progress(ws);
        return p?.status === 'completed' ? p : undefined;
      }, 120000);
      expect(done.counts['products']).toEqual({ done: 120, total: 120 });
      // The held delivery is applied after the import (and not before: the import would have overwritten it otherwise).
      await waitFor(async () => {
        const rows = await sql<{ status: string }>(
          `select status from shopify_webhooks where workspace_id = ? and topic = 'products/update'`,
          [ws.workspaceId],
        );
        return rows.length > 0 && rows.every((r) => r.status === 'applied');
      }, 30000);

      const want = expected(shop.domain);
      expect(want.products.find((p) => p.gid === gid('Product', target?.id ?? 0n))?.title).toBe(newTitle);
      const got = await actual(ws.workspaceId);
      expect(got.products).toEqual(want.products);
      expect(got.levels).toEqual(want.levels);
      expect(got.customers).toEqual(want.customers);
      expect(got.orders).toEqual(want.orders);
      await assertNoDuplicates(ws.workspaceId, want);
      // Resumed, not restarted: one products bulk operation for the whole import.
      const ops = [...(shopify.emulator.shops.get(shop.domain)?.bulkOperations.values() ?? [])].filter((o) =>
        o.query.includes('products {'),
      );
      expect(ops).toHaveLength(1);
    } catch (err) {
      const q = new Queue(QUEUES.syncImport, {
        connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
        prefix: process.env['REDIS_PREFIX'],
      });
      const jobs = await q.getJobs(['active', 'waiting', 'delayed', 'failed', 'completed']);
      process.stderr.write(
        `imports: ${JSON.stringify(await sql('select stage, status, line_offset, counts, bulk_operation_id, error from shopify_imports'))}\n`,
      );
      process.stderr.write(
        `jobs: ${JSON.stringify(await Promise.all(jobs.map(async (j) => [j.id, await j.getState(), j.failedReason, j.returnvalue])))}\n`,
      );
      await q.close();
      process.stderr.write(
        `first worker:\n${first?.output().slice(-4000) ?? ''}\nsecond worker:\n${second?.output().slice(-6000) ?? ''}\n`,
      );
      throw err;
    } finally {
      await first?.stop();
      await second?.stop();
      // The spawned workers shared this Jest worker's queues: leave none of their jobs behind for the next suite.
      const q = new Queue(QUEUES.syncImport, {
        connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
        prefix: process.env['REDIS_PREFIX'],
      });
      await q.obliterate({ force: true }).catch(() => undefined);
      await q.close();
    }
  }, 300_000);
});
