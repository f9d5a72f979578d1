import { EntityManager } from '@mikro-orm/postgresql';
import { OutboxService } from '@retailos/server/outbox';
import { createTestApp, freePort, spawnApp, type SpawnedProcess, type TestApp } from '@retailos/server/testing';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import {
  IDENTITY_ADMIN,
  QUEUES,
  REALTIME_EVENT,
  type DomainEventTopic,
  type EventEnvelope,
  type IdentityAdmin,
} from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { io, type Socket } from 'socket.io-client';
import { createApiApp } from '../../api/src/bootstrap';
import { startWorker, type RunningWorker } from '../../worker/src/bootstrap';
import { sessionHeaders, seedWorkspace, type SeededWorkspace } from './support/identity';

process.env['REALTIME_REVALIDATE_MS'] = '300';

async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once the worker has finished broadcasting these events (their `realtime.broadcast` jobs completed). */
async function broadcastDone(eventIds: string[], timeoutMs = 10000): Promise<void> {
  const queue = new Queue(QUEUES.realtime, {
    connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379'),
    prefix: process.env['REDIS_PREFIX'] ?? 'retailos',
  });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(eventIds.map((id) => queue.getJobState(`realtime.broadcast.${id}`)));
      if (states.every((s) => s === 'completed')) return;
      if (Date.now() > deadline) throw new Error(`broadcast jobs not completed in time: ${states.join(', ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await queue.close();
  }
}

interface Client {
  socket: Socket;
  events: EventEnvelope[];
  /** `revoked` frames received, in order. */
  revoked: unknown[];
}

describe('live channel /ws', () => {
  let api: TestApp;
  let worker: RunningWorker;
  let a: SeededWorkspace;
  let b: SeededWorkspace;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    worker = await startWorker({ metricsPort: -1 });
    a = await seedWorkspace(api);
    b = await seedWorkspace(api);
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await worker?.close();
    await api?.close();
  });

  function connect(baseUrl: string, opts: { token?: string; cookie?: string; csrf?: string }): Promise<Client> {
    const socket = io(baseUrl, {
      path: '/ws',
      transports: ['websocket'],
      reconnection: false,
      auth: { ...(opts.token ? { token: opts.token } : {}), ...(opts.csrf ? { csrf: opts.csrf } : {}) },
      extraHeaders: opts.cookie ? { cookie: opts.cookie } : undefined,
    });
    sockets.push(socket);
    const events: EventEnvelope[] = [];
    const revoked: unknown[] = [];
    socket.on(REALTIME_EVENT, (e: EventEnvelope) => events.push(e));
    socket.on('revoked', (frame: unknown) => revoked.push(frame));
    return new Promise((resolve, reject) => {
      // 'ready' comes after the rooms are joined: events raised from then on reach this socket.
      socket.once('ready', () => resolve({ socket, events, revoked }));
      socket.once('connect_error', (err) => reject(err));
    });
  }

  async function raise(
    ws: SeededWorkspace,
    topic: DomainEventTopic,
    data: Record<string, unknown> = {},
  ): Promise<string> {
    const outbox = api.app.get(OutboxService);
    return api.app
      .get(EntityManager)
      .fork()
      .transactional((tem) => outbox.append(tem, ws.workspaceId, topic, data));
  }

  it('refuses unauthenticated and wrongly authenticated handshakes', async () => {
    await expect(connect(api.url, {})).rejects.toMatchObject({ message: expect.stringMatching(/Authentication/) });
    await expect(connect(api.url, { token: 'wsk_live_not-a-real-key' })).rejects.toMatchObject({
      data: { code: 'unauthenticated' },
    });
    await expect(connect(api.url, { cookie: 'retailos_session=forged' })).rejects.toMatchObject({
      data: { code: 'unauthenticated' },
    });
  });

  it('relays the event envelope to the workspace, filtered by the key scopes, never across workspaces', async () => {
    const ordersOnly = await connect(api.url, { token: await a.createKey(['orders:read']) });
    const everything = await connect(api.url, { token: a.apiKey });
    const otherWs = await connect(api.url, { token: b.apiKey });

    const order = await raise(a, 'order.created', { orderId: 'ord_1' });
    const product = await raise(a, 'product.updated', { productId: 'prod_1' });
    const bOrder = await raise(b, 'order.created', { orderId: 'ord_b' });
    await waitFor(() => everything.events.length >= 2 && otherWs.events.length >= 1);
    await waitFor(() => ordersOnly.events.length >= 1);
    // Absence, without a sleep: once these events' broadcast jobs have run, a last event each socket may read goes out
    // through the same Redis connection after any stray one, so when it has arrived everywhere, nothing else is coming.
    await broadcastDone([order, product, bOrder]);
    const fenceA = await raise(a, 'order.created', { orderId: 'ord_fence' });
    const fenceB = await raise(b, 'order.created', { orderId: 'ord_fence' });
    await waitFor(
      () =>
        ordersOnly.events.some((e) => e.id === fenceA) &&
        everything.events.some((e) => e.id === fenceA) &&
        otherWs.events.some((e) => e.id === fenceB),
    );
    for (const c of [ordersOnly, everything, otherWs])
      c.events.splice(
        c.events.findIndex((e) => e.id === fenceA || e.id === fenceB),
        1,
      );

    expect(ordersOnly.events.map((e) => e.id)).toEqual([order]);
    expect(everything.events.map((e) => e.id).sort()).toEqual([order, product].sort());
    expect(otherWs.events.map((e) => e.id)).toEqual([bOrder]);
    const envelope = everything.events.find((e) => e.id === order);
    expect(envelope).toEqual({
      id: order,
      topic: 'order.created',
      workspaceId: a.workspaceId,
      occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      data: { orderId: 'ord_1' },
    });
  });

  it('authenticates a staff session cookie, with the CSRF token (a cross-site page cannot open the socket)', async () => {
    const session = await a.login();
    await expect(connect(api.url, { cookie: sessionHeaders(session).cookie })).rejects.toMatchObject({
      data: { code: 'csrf_token_invalid' },
    });
    await expect(connect(api.url, { cookie: sessionHeaders(session).cookie, csrf: 'forged' })).rejects.toMatchObject({
      data: { code: 'csrf_token_invalid' },
    });
    const client = await connect(api.url, { cookie: sessionHeaders(session).cookie, csrf: session.csrf });
    const id = await raise(a, 'customer.created', { customerId: 'cus_1' });
    await waitFor(() => client.events.some((e) => e.id === id));
  });

  it('disconnects a socket whose key is revoked, with a revoked frame, and refuses the key afterwards', async () => {
    const facade = api.app.get<IdentityAdmin>(IDENTITY_ADMIN);
    const created = await facade.createApiKey({
      workspaceId: a.workspaceId,
      name: 'soon revoked',
      scopes: ['orders:read'],
    });
    const client = await connect(api.url, { token: created.key });
    let disconnected = false;
    client.socket.on('disconnect', () => (disconnected = true));
    const session = await a.login();
    const res = await fetch(`${api.url}/api/api-keys/${created.id}`, {
      method: 'DELETE',
      headers: sessionHeaders(session),
    });
    expect(res.status).toBe(200);
    await waitFor(() => disconnected, 5000);
    expect(client.revoked).toEqual([{ code: 'credentials_revoked' }]);
    await expect(connect(api.url, { token: created.key })).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
  });

  it('disconnects a session socket when the session ends (sign-out), with a revoked frame', async () => {
    const session = await a.login();
    const client = await connect(api.url, { cookie: session.cookie, csrf: session.csrf });
    let disconnected = false;
    client.socket.on('disconnect', () => (disconnected = true));
    const out = await fetch(`${api.url}/api/auth/logout`, { method: 'POST', headers: sessionHeaders(session) });
    expect(out.status).toBe(204);
    await waitFor(() => disconnected, 5000);
    expect(client.revoked).toEqual([{ code: 'credentials_revoked' }]);
    await expect(connect(api.url, { cookie: session.cookie, csrf: session.csrf })).rejects.toMatchObject({
      data: { code: 'unauthenticated' },
    });
  });

  describe('two api processes and one worker', () => {
    const apis: SpawnedProcess[] = [];
    afterAll(async () => {
      await Promise.all(apis.map((p) => p.stop()));
    });

    it('a key revoked through one api process disconnects its socket on another at once, with periodic re-checks off', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // REALTIME_REVALIDATE_MS=0: only the Redis revocation message can disconnect this socket.
      apis.push(
        await spawnApp(
          'apps/api/src/main.ts',
          { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REALTIME_REVALIDATE_MS: '0' },
          { url: `${url}/health/live`, timeoutMs: 60000 },
        ),
      );
      const facade = api.app.get<IdentityAdmin>(IDENTITY_ADMIN);
      const created = await facade.createApiKey({
        workspaceId: a.workspaceId,
        name: 'revoked elsewhere',
        scopes: ['orders:read'],
      });
      const kept = await facade.createApiKey({ workspaceId: a.workspaceId, name: 'kept', scopes: ['orders:read'] });
      const client = await connect(url, { token: created.key });
      const other = await connect(url, { token: kept.key });
      let disconnected = false;
      client.socket.on('disconnect', () => (disconnected = true));
      const session = await a.login();
      const res = await fetch(`${api.url}/api/api-keys/${created.id}`, {
        method: 'DELETE',
        headers: sessionHeaders(session),
      });
      expect(res.status).toBe(200);
      await waitFor(() => disconnected, 5000);
      expect(client.revoked).toEqual([{ code: 'credentials_revoked' }]);
      // The other key's socket stays, and still gets events.
      const id = await raise(a, 'order.created', { orderId: 'ord_after_revoke' });
      await waitFor(() => other.events.some((e) => e.id === id));
      expect(other.socket.connected).toBe(true);
      expect(other.revoked).toEqual([]);
    }, 90000);

    it('an event raised in the worker reaches a client on each api process', async () => {
      const ports = [await freePort(), await freePort()];
      apis.push(
        ...(await Promise.all(
          ports.map((port) =>
            spawnApp(
              'apps/api/src/main.ts',
              { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
              { url: `http://127.0.0.1:${port}/health/live`, timeoutMs: 60000 },
            ),
          ),
        )),
      );
      const clients = await Promise.all(ports.map((port) => connect(`http://127.0.0.1:${port}`, { token: a.apiKey })));
      const id = await raise(a, 'inventory.level.updated', { variantId: 'var_1', available: 7 });
      for (const c of clients) await waitFor(() => c.events.some((e) => e.id === id));
      for (const c of clients) expect(c.events.filter((e) => e.id === id)).toHaveLength(1);
    }, 90000);
  });
});
