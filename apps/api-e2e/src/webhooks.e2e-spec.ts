import { EntityManager } from '@mikro-orm/postgresql';
import { OutboxService } from '@retailos/server/outbox';
import { JobProducer } from '@retailos/server/queue';
import { createTestApp, type TestApp } from '@retailos/server/testing';
import { QUEUES, type DomainEventTopic } from '@retailos/shared/contracts';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { createApiApp } from '../../api/src/bootstrap';
import { startWorker, type RunningWorker } from '../../worker/src/bootstrap';
import { bearer, seedWorkspace, type SeededWorkspace } from './support/identity';

// Retry waits of 1 s, 2 s, 4 s scaled by 0.05: 50, 100, 200 ms (+/- 20 % jitter), then a dead letter.
process.env['WEBHOOK_RETRY_SCHEDULE'] = '1s,2s,4s';
process.env['WEBHOOK_TIME_SCALE'] = '0.05';
process.env['WEBHOOK_ALLOWED_HOSTS'] = '127.0.0.1';
process.env['WEBHOOK_TIMEOUT_MS'] = '2000';
process.env['WEBHOOK_SWEEP_MS'] = '60000';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}
type Behaviour = (req: Received, nth: number) => Answer;

/** A local subscriber: records every request, answers per path as the test programs it. */
class Receiver {
  readonly requests: Received[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const rec = {
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        };
        this.requests.push(rec);
        const nth = this.requests.filter((r) => r.path === rec.path).length;
        const answer: Answer = (
          this.behaviours.get(rec.path) ?? ((): Answer => ({ status: 200, body: '{"ok":true}' }))
        )(rec, nth);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body ?? '');
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server?.address() as { port: number }).port}`;
  }

  on(path: string, behaviour: Behaviour): string {
    this.behaviours.set(path, behaviour);
    return `${this.url}${path}`;
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('outbound webhooks', () => {
  let api: TestApp;
  let worker: RunningWorker;
  let receiver: Receiver;
  let a: SeededWorkspace;
  let b: SeededWorkspace;

  beforeAll(async () => {
    api = await createTestApp(createApiApp);
    worker = await startWorker({ metricsPort: -1 });
    receiver = new Receiver();
    await receiver.start();
    a = await seedWorkspace(api);
    b = await seedWorkspace(api);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.stop();
  });

  const http = async (
    method: string,
    path: string,
    key: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> & { data?: Record<string, unknown>[] } }> => {
    const res = await fetch(`${api.url}/api${path}`, {
      method,
      headers: bearer(key, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  async function subscribe(
    ws: SeededWorkspace,
    url: string,
    topics: string[],
  ): Promise<{ id: string; secret: string }> {
    const res = await http('POST', '/webhooks/subscribe', ws.apiKey, { url, topics, description: 'e2e' });
    expect(res.status).toBe(201);
    return { id: res.body['id'] as string, secret: res.body['secret'] as string };
  }

  /** Raises a domain event the way every context does: an outbox row in a committed transaction. */
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

  /**
   * Waits until these events are fanned out and none of their deliveries is still pending or in flight. (Not
   * drainQueues(): other suites of this Jest worker may leave delayed jobs of their own in the shared prefix.)
   */
  async function settled(eventIds: string[]): Promise<void> {
    const queue = api.app.get(JobProducer).queue(QUEUES.webhooks);
    await waitFor(async () => {
      const states = await Promise.all(
        eventIds.map(async (id) => (await queue.getJob(`webhooks.fanout.${id}`))?.getState()),
      );
      return states.every((s) => s === 'completed');
    });
    await waitFor(async () => {
      const open = (await api.app
        .get(EntityManager)
        .fork()
        .execute(
          `select count(*)::int as n from webhook_deliveries where event_id = any(?::text[]) and status in ('pending', 'sending')`,
          [`{${eventIds.join(',')}}`],
        )) as { n: number }[];
      return open[0]?.n === 0;
    });
  }

  async function deliveries(ws: SeededWorkspace, query: string): Promise<Record<string, unknown>[]> {
    const res = await http('GET', `/webhooks/deliveries?${query}`, ws.apiKey);
    expect(res.status).toBe(200);
    return res.body.data as Record<string, unknown>[];
  }

  it('signs every delivery so standardwebhooks, svix and the X-Retailos-Signature scheme all verify it', async () => {
    const url = receiver.on('/signed', () => ({ status: 200, body: '{"received":true}' }));
    const sub = await subscribe(a, url, ['order.*', 'inventory.level.updated']);
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const e1 = await raise(a, 'order.created', { orderId: 'ord_1', total: { amount: 1234, currency: 'EUR' } });
    const e2 = await raise(a, 'inventory.level.updated', { variantId: 'var_1', available: 3 });
    const e3 = await raise(a, 'product.created', { productId: 'prod_x' }); // not subscribed
    const got = await waitFor(() => receiver.at('/signed').length >= 2 && receiver.at('/signed'));
    await settled([e1, e2, e3]);
    expect(receiver.at('/signed')).toHaveLength(2);
    expect(got.map((r) => r.headers['webhook-id']).sort()).toEqual([e1, e2].sort());

    for (const req of got) {
      const headers = req.headers as Record<string, string>;
      const std = new StandardWebhook(sub.secret).verify(req.body, headers) as Record<string, unknown>;
      const svix = new SvixWebhook(sub.secret).verify(req.body, headers) as Record<string, unknown>;
      expect(std).toEqual(svix);
      const expectedHex = createHmac('sha256', sub.secret).update(req.body).digest('hex');
      expect(headers['x-retailos-signature']).toBe(`sha256=${expectedHex}`);
      expect(headers['x-retailos-idempotency-key']).toBe(std['id']);
      expect(headers['x-retailos-topic']).toBe(std['topic']);
      expect(Object.keys(std).sort()).toEqual(['data', 'id', 'occurredAt', 'topic', 'workspaceId']);
      expect(std['workspaceId']).toBe(a.workspaceId);
      expect(new Date(std['occurredAt'] as string).toISOString()).toBe(std['occurredAt']);
      // A tampered body fails both libraries.
      expect(() => new StandardWebhook(sub.secret).verify(req.body.replace('}', ',"x":1}'), headers)).toThrow();
    }
    const created = JSON.parse(
      got.find((r) => r.headers['x-retailos-topic'] === 'order.created')?.body ?? '{}',
    ) as Record<string, unknown>;
    expect(created['data']).toEqual({ orderId: 'ord_1', total: { amount: 1234, currency: 'EUR' } });

    const list = await deliveries(a, `subscriptionId=${sub.id}`);
    expect(list).toHaveLength(2);
    for (const d of list) {
      expect(d['status']).toBe('succeeded');
      const attempts = d['attempts'] as Record<string, unknown>[];
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({
        attemptNo: 1,
        statusCode: 200,
        succeeded: true,
        responseExcerpt: '{"received":true}',
      });
    }
    // The secret is shown once: listings never carry it.
    const subs = await http('GET', '/webhooks/subscriptions', a.apiKey);
    expect(JSON.stringify(subs.body)).not.toContain(sub.secret);
    expect(JSON.stringify(subs.body)).not.toContain('secret_enc');
  });

  it('retries a failing receiver on schedule, dead-letters it, then replays it successfully', async () => {
    let healthy = false;
    const url = receiver.on('/flaky', () =>
      healthy ? { status: 200, body: '' } : { status: 500, body: '{"oops":"down"}' },
    );
    const sub = await subscribe(a, url, ['customer.created']);
    const eventId = await raise(a, 'customer.created', { customerId: 'cus_1' });
    const dead = await waitFor(async () => {
      const list = await deliveries(a, `subscriptionId=${sub.id}&status=dead`);
      return list.length === 1 && list[0];
    });
    const attempts = receiver.at('/flaky');
    expect(attempts).toHaveLength(4); // first try + 3 retries
    const gaps = attempts.slice(1).map((r, i) => r.at - (attempts[i] as Received).at);
    // 50, 100, 200 ms with +/- 20 % jitter (the upper side also carries queue and HTTP latency).
    [50, 100, 200].forEach((ms, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(ms * 0.8 - 5);
      expect(gaps[i]).toBeLessThan(ms * 1.2 + 1500);
    });
    expect(new Set(attempts.map((r) => r.headers['x-retailos-idempotency-key']))).toEqual(new Set([eventId]));
    const deadAttempts = dead['attempts'] as Record<string, unknown>[];
    expect(deadAttempts.map((x) => x['attemptNo'])).toEqual([1, 2, 3, 4]);
    for (const x of deadAttempts) {
      expect(x).toMatchObject({
        statusCode: 500,
        succeeded: false,
        responseExcerpt: '{"oops":"down"}',
        error: 'http_500',
      });
      expect(typeof x['latencyMs']).toBe('number');
    }

    healthy = true;
    const replay = await http('POST', `/webhooks/deliveries/${dead['id'] as string}/replay`, a.apiKey);
    expect(replay.status).toBe(202);
    const done = await waitFor(async () => {
      const list = await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`);
      return list.length === 1 && list[0];
    });
    expect((done['attempts'] as unknown[]).length).toBe(5);
    expect(receiver.at('/flaky')).toHaveLength(5);
    expect(receiver.at('/flaky')[4]?.headers['x-retailos-idempotency-key']).toBe(eventId);
    // Replaying a delivery that is not dead/failed/succeeded is a conflict; one that succeeded may be re-sent.
    expect((await http('POST', `/webhooks/deliveries/${dead['id'] as string}/replay`, a.apiKey)).status).toBe(202);
    await waitFor(() => receiver.at('/flaky').length === 6);
  });

  it('replays every dead letter of a subscription since a time', async () => {
    let healthy = false;
    const url = receiver.on('/bulk', () => ({ status: healthy ? 204 : 503 }));
    const sub = await subscribe(a, url, ['product.*']);
    const before = new Date().toISOString();
    await raise(a, 'product.created', { n: 1 });
    await raise(a, 'product.updated', { n: 2 });
    await waitFor(async () => (await deliveries(a, `subscriptionId=${sub.id}&status=dead`)).length === 2);
    healthy = true;
    const bad = await http('POST', `/webhooks/subscriptions/${sub.id}/replay?since=yesterday`, a.apiKey);
    expect(bad.status).toBe(400);
    const res = await http(
      'POST',
      `/webhooks/subscriptions/${sub.id}/replay?since=${encodeURIComponent(before)}`,
      a.apiKey,
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ replayed: 2 });
    await waitFor(async () => (await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`)).length === 2);
  });

  it('counts a 200 answer with {"errorCode": ...} as a failure', async () => {
    let calls = 0;
    const url = receiver.on('/lying', () => {
      calls++;
      return calls === 1
        ? { status: 200, body: '{"errorCode":"E42","errorMessage":"rejected"}' }
        : { status: 200, body: '{"ok":true}' };
    });
    const sub = await subscribe(a, url, ['order.cancelled']);
    await raise(a, 'order.cancelled', { orderId: 'ord_9' });
    const ok = await waitFor(async () => {
      const list = await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`);
      return list.length === 1 && list[0];
    });
    const attempts = ok['attempts'] as Record<string, unknown>[];
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ statusCode: 200, succeeded: false, error: 'receiver_error_body' });
    expect(attempts[1]).toMatchObject({ statusCode: 200, succeeded: true });
  });

  it('never produces two deliveries with different idempotency keys for a doubled event', async () => {
    const url = receiver.on('/dedupe', () => ({ status: 200 }));
    const sub = await subscribe(a, url, ['order.updated']);
    const eventId = await raise(a, 'order.updated', { orderId: 'ord_2' });
    await waitFor(() => receiver.at('/dedupe').length === 1);
    // The relay re-publishing after a crash, and a fan-out run twice by hand under fresh job ids.
    const producer = api.app.get(JobProducer);
    for (const suffix of ['dup1', 'dup2']) {
      await producer.enqueue(
        'webhooks.fanout',
        { eventId, workspaceId: a.workspaceId },
        { jobId: `webhooks.fanout.${eventId}.${suffix}` },
      );
    }
    await producer.enqueue(
      'webhooks.fanout',
      { eventId, workspaceId: a.workspaceId },
      { jobId: `webhooks.fanout.${eventId}` },
    );
    const queue = producer.queue(QUEUES.webhooks);
    await waitFor(async () => {
      const states = await Promise.all(
        ['dup1', 'dup2'].map(async (x) => (await queue.getJob(`webhooks.fanout.${eventId}.${x}`))?.getState()),
      );
      return states.every((st) => st === 'completed');
    });
    await settled([eventId]);
    const rows = (await api.app
      .get(EntityManager)
      .fork()
      .execute('select id from webhook_deliveries where subscription_id = ? and event_id = ?', [
        sub.id,
        eventId,
      ])) as unknown[];
    expect(rows).toHaveLength(1);
    expect(receiver.at('/dedupe').map((r) => r.headers['x-retailos-idempotency-key'])).toEqual([eventId]);
  });

  it('delivers the events of one subscription in event order', async () => {
    const url = receiver.on('/ordered', () => ({ status: 200 }));
    await subscribe(a, url, ['inventory.*']);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await raise(a, 'inventory.level.updated', { i }));
    await waitFor(() => receiver.at('/ordered').length === 8);
    expect(receiver.at('/ordered').map((r) => r.headers['webhook-id'])).toEqual(ids);
  });

  it('two worker instances drain one backlog: every delivery exactly once, each subscription in event order', async () => {
    // A second worker (its own BullMQ workers, Redis connections and Postgres pools) competes for the same jobs.
    const second = await startWorker({ metricsPort: -1 });
    try {
      const ws = await seedWorkspace(api);
      const paths = Array.from({ length: 6 }, (_, i) => `/two-workers-${i}`);
      for (const p of paths)
        await subscribe(
          ws,
          receiver.on(p, () => ({ status: 200 })),
          ['order.*'],
        );
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await raise(ws, 'order.created', { i }));
      await waitFor(() => paths.every((p) => receiver.at(p).length >= ids.length));
      await settled(ids);
      for (const p of paths) expect(receiver.at(p).map((r) => r.headers['webhook-id'])).toEqual(ids);
      const rows = (await api.app
        .get(EntityManager)
        .fork()
        .execute(`select status, count(*)::int as n from webhook_deliveries where workspace_id = ? group by status`, [
          ws.workspaceId,
        ])) as {
        status: string;
        n: number;
      }[];
      expect(rows).toEqual([{ status: 'succeeded', n: paths.length * ids.length }]);
    } finally {
      await second.close();
    }
  });

  it('refuses SSRF targets at subscribe time and again at delivery time', async () => {
    const targets = [
      'http://127.0.0.2/hook', // loopback, but only 127.0.0.1 is allowed in this suite
      'http://10.1.2.3/hook',
      'http://172.16.0.5/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[fd00:ec2::254]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'ftp://example.com/hook',
      'http://user:pw@127.0.0.1/hook',
      'not a url',
    ];
    for (const url of targets) {
      const res = await http('POST', '/webhooks/subscribe', a.apiKey, { url, topics: ['*'] });
      expect({ url, status: res.status, code: res.body['code'] }).toEqual({
        url,
        status: 400,
        code: 'url_not_allowed',
      });
    }
    // A URL that became private after subscribing (DNS change): the delivery-time check refuses to connect.
    const sub = await subscribe(
      a,
      receiver.on('/moved', () => ({ status: 200 })),
      ['customer.updated'],
    );
    await api.app
      .get(EntityManager)
      .fork()
      .execute(
        `update webhook_subscriptions set url = 'http://10.255.255.1:9/hook' where id = ? and workspace_id = ?`,
        [sub.id, a.workspaceId],
      );
    await raise(a, 'customer.updated', { customerId: 'cus_2' });
    const failed = await waitFor(async () => {
      const list = await deliveries(a, `subscriptionId=${sub.id}`);
      return list.length === 1 && (list[0]?.['attempts'] as unknown[]).length > 0 && list[0];
    });
    const attempt = (failed['attempts'] as Record<string, unknown>[])[0];
    expect(attempt?.['statusCode']).toBeNull();
    expect(String(attempt?.['error'])).toMatch(/^ssrf_blocked_address/);
  });

  it('keeps workspaces apart: B never receives A events and gets 404 for A ids', async () => {
    const urlA = receiver.on('/tenant-a', () => ({ status: 200 }));
    const urlB = receiver.on('/tenant-b', () => ({ status: 200 }));
    const subA = await subscribe(a, urlA, ['*']);
    await subscribe(b, urlB, ['*']);
    const eA = await raise(a, 'order.returned', { orderId: 'ord_a' });
    const eB = await raise(b, 'order.returned', { orderId: 'ord_b' });
    await waitFor(
      () =>
        receiver.at('/tenant-a').some((r) => r.headers['webhook-id'] === eA) && receiver.at('/tenant-b').length >= 1,
    );
    await settled([eA, eB]);
    expect(receiver.at('/tenant-b').map((r) => r.headers['webhook-id'])).toEqual([eB]);
    expect(receiver.at('/tenant-a').map((r) => r.headers['webhook-id'])).not.toContain(eB);

    const deliveryA = (await deliveries(a, `subscriptionId=${subA.id}`))[0]?.['id'] as string;
    expect(deliveryA).toMatch(/^whd_/);
    for (const [method, path] of [
      ['GET', `/webhooks/subscriptions/${subA.id}`],
      ['DELETE', `/webhooks/subscriptions/${subA.id}`],
      ['POST', `/webhooks/subscriptions/${subA.id}/rotate-secret`],
      ['POST', `/webhooks/subscriptions/${subA.id}/test`],
      ['POST', `/webhooks/subscriptions/${subA.id}/enable`],
      ['POST', `/webhooks/subscriptions/${subA.id}/replay?since=2020-01-01T00:00:00Z`],
      ['GET', `/webhooks/deliveries/${deliveryA}`],
      ['POST', `/webhooks/deliveries/${deliveryA}/replay`],
      ['GET', `/webhooks/deliveries/whd_doesnotexist`],
    ] as const) {
      const res = await http(method, path, b.apiKey);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    const listB = await http('GET', `/webhooks/deliveries?subscriptionId=${subA.id}`, b.apiKey);
    expect(listB.body.data).toEqual([]);
    const subsB = await http('GET', '/webhooks/subscriptions', b.apiKey);
    expect((subsB.body.data ?? []).map((s) => s['id'])).not.toContain(subA.id);
    // A's subscription still exists after B's DELETE attempt.
    expect((await http('GET', `/webhooks/subscriptions/${subA.id}`, a.apiKey)).status).toBe(200);
  });

  it('enforces scopes and rejects bad input', async () => {
    const reader = await a.createKey(['webhooks:read']);
    const none = await a.createKey(['orders:read']);
    expect((await http('GET', '/webhooks/subscriptions', reader)).status).toBe(200);
    expect(
      (await http('POST', '/webhooks/subscribe', reader, { url: `${receiver.url}/x`, topics: ['*'] })).status,
    ).toBe(403);
    expect((await http('GET', '/webhooks/deliveries', none)).status).toBe(403);
    const unknownField = await http('POST', '/webhooks/subscribe', a.apiKey, {
      url: `${receiver.url}/x`,
      topics: ['*'],
      secret: 'mine',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'secret' })]));
    const badTopic = await http('POST', '/webhooks/subscribe', a.apiKey, {
      url: `${receiver.url}/x`,
      topics: ['order.created', 'nope.*', 'ORDER'],
    });
    expect(badTopic.status).toBe(400);
    expect((badTopic.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['topics.1', 'topics.2']);
    expect((await http('POST', '/webhooks/subscribe', a.apiKey, { url: `${receiver.url}/x`, topics: [] })).status).toBe(
      400,
    );
    expect((await http('GET', '/webhooks/deliveries?status=lost', a.apiKey)).status).toBe(400);
    expect((await http('GET', '/webhooks/deliveries?cursor=forged.cursor', a.apiKey)).status).toBe(400);
  });

  it('rotates the secret: both secrets sign during the overlap', async () => {
    const url = receiver.on('/rotate', () => ({ status: 200 }));
    const sub = await subscribe(a, url, ['webhook.test']);
    const rotated = await http('POST', `/webhooks/subscriptions/${sub.id}/rotate-secret`, a.apiKey);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body['secret'] as string;
    expect(newSecret).not.toBe(sub.secret);
    expect(rotated.body['previousSecretExpiresAt']).toEqual(expect.any(String));
    const test = await http('POST', `/webhooks/subscriptions/${sub.id}/test`, a.apiKey);
    expect(test.status).toBe(202);
    const [req] = await waitFor(() => receiver.at('/rotate').length === 1 && receiver.at('/rotate'));
    const headers = req?.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new StandardWebhook(newSecret).verify(req?.body ?? '', headers)).toMatchObject({ topic: 'webhook.test' });
    expect(new StandardWebhook(sub.secret).verify(req?.body ?? '', headers)).toMatchObject({
      id: test.body['eventId'],
    });
    expect(headers['x-retailos-signature']?.split(' ')).toEqual([
      `sha256=${createHmac('sha256', newSecret)
        .update(req?.body ?? '')
        .digest('hex')}`,
      `sha256=${createHmac('sha256', sub.secret)
        .update(req?.body ?? '')
        .digest('hex')}`,
    ]);
  });

  it('a test ping goes only to its subscription; 410 disables the subscription and raises webhook.subscription.disabled', async () => {
    const goneUrl = receiver.on('/gone', () => ({ status: 410 }));
    const watcherUrl = receiver.on('/watcher', () => ({ status: 200 }));
    const gone = await subscribe(a, goneUrl, ['customer.*']);
    await subscribe(a, watcherUrl, ['webhook.*']);
    await http('POST', `/webhooks/subscriptions/${gone.id}/test`, a.apiKey);
    await waitFor(
      async () => (await http('GET', `/webhooks/subscriptions/${gone.id}`, a.apiKey)).body['status'] === 'disabled',
    );
    const sub = await http('GET', `/webhooks/subscriptions/${gone.id}`, a.apiKey);
    expect(sub.body).toMatchObject({ status: 'disabled', disabledReason: 'receiver_gone_410' });
    const disabledEvent = await waitFor(() =>
      receiver.at('/watcher').find((r) => r.headers['x-retailos-topic'] === 'webhook.subscription.disabled'),
    );
    expect(JSON.parse(disabledEvent.body)).toMatchObject({
      data: { subscriptionId: gone.id, reason: 'receiver_gone_410' },
    });
    // The watcher subscribes to webhook.* but never saw the other subscription's test ping.
    expect(receiver.at('/watcher').map((r) => r.headers['x-retailos-topic'])).not.toContain('webhook.test');
    // Nothing more goes to a disabled subscription; enabling it lets it receive again.
    await settled([await raise(a, 'customer.created', { customerId: 'cus_3' })]);
    expect(receiver.at('/gone')).toHaveLength(1);
    expect((await http('POST', `/webhooks/subscriptions/${gone.id}/test`, a.apiKey)).status).toBe(409);
    expect((await http('POST', `/webhooks/subscriptions/${gone.id}/enable`, a.apiKey)).body['status']).toBe('active');
  });

  it('lists deliveries with signed cursors and deletes subscriptions', async () => {
    const url = receiver.on('/paged', () => ({ status: 200 }));
    const sub = await subscribe(a, url, ['order.created']);
    for (let i = 0; i < 5; i++) await raise(a, 'order.created', { i });
    await waitFor(() => receiver.at('/paged').length === 5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await http(
        'GET',
        `/webhooks/deliveries?subscriptionId=${sub.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        a.apiKey,
      );
      seen.push(...(res.body.data ?? []).map((d) => d['id'] as string));
      cursor = res.body['nextCursor'] as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await http('DELETE', `/webhooks/subscriptions/${sub.id}`, a.apiKey)).status).toBe(204);
    expect((await http('GET', `/webhooks/subscriptions/${sub.id}`, a.apiKey)).status).toBe(404);
    await settled([await raise(a, 'order.created', { after: 'delete' })]);
    expect(receiver.at('/paged')).toHaveLength(5);
  });

  it('replay?since= replays the dead letters created at or after since, and leaves the earlier ones dead', async () => {
    let healthy = false;
    const url = receiver.on('/since', () => ({ status: healthy ? 200 : 500 }));
    const w = await seedWorkspace(api); // its own workspace: no other subscription shares the topic
    const sub = await subscribe(w, url, ['customer.created']);
    const early = await raise(w, 'customer.created', { n: 'early' });
    await waitFor(async () => (await deliveries(w, `subscriptionId=${sub.id}&status=dead`)).length === 1);
    // since falls between the two dead letters' creation.
    const since = new Date().toISOString();
    const late = await raise(w, 'customer.created', { n: 'late' });
    await waitFor(async () => (await deliveries(w, `subscriptionId=${sub.id}&status=dead`)).length === 2);
    const createdAt = (await api.app
      .get(EntityManager)
      .fork()
      .execute('select event_id, created_at from webhook_deliveries where subscription_id = ? and workspace_id = ?', [
        sub.id,
        w.workspaceId,
      ])) as {
      event_id: string;
      created_at: Date;
    }[];
    const at = (id: string): number => new Date(createdAt.find((r) => r.event_id === id)?.created_at ?? 0).getTime();
    expect(at(early)).toBeLessThan(new Date(since).getTime());
    expect(at(late)).toBeGreaterThanOrEqual(new Date(since).getTime());

    healthy = true;
    const before = receiver.at('/since').length;
    const res = await http(
      'POST',
      `/webhooks/subscriptions/${sub.id}/replay?since=${encodeURIComponent(since)}`,
      w.apiKey,
    );
    expect([res.status, res.body]).toEqual([202, { replayed: 1 }]);
    await waitFor(async () => (await deliveries(w, `subscriptionId=${sub.id}&status=succeeded`)).length === 1);
    await settled([early, late]);
    expect(
      receiver
        .at('/since')
        .slice(before)
        .map((r) => r.headers['webhook-id']),
    ).toEqual([late]);
    expect((await deliveries(w, `subscriptionId=${sub.id}&status=dead`)).map((d) => d['eventId'])).toEqual([early]);
    expect((await deliveries(w, `subscriptionId=${sub.id}&status=succeeded`)).map((d) => d['eventId'])).toEqual([late]);
  });

  it('replaying a delivery that is being sent is a 409 delivery_in_progress', async () => {
    // A receiver that holds its answers until told: the delivery stays in 'sending' meanwhile.
    const waiting: ServerResponse[] = [];
    const releaseAll = (): void => {
      for (const res of waiting.splice(0)) res.writeHead(200).end();
    };
    const held = createServer((req, res) => {
      req.resume();
      waiting.push(res);
    });
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', () => r()));
    try {
      const sub = await subscribe(a, `http://127.0.0.1:${(held.address() as { port: number }).port}/held`, [
        'webhook.test',
      ]);
      expect((await http('POST', `/webhooks/subscriptions/${sub.id}/test`, a.apiKey)).status).toBe(202);
      const sending = await waitFor(async () => {
        const list = await deliveries(a, `subscriptionId=${sub.id}`);
        return list[0]?.['status'] === 'sending' && list[0];
      });
      const res = await http('POST', `/webhooks/deliveries/${sending['id'] as string}/replay`, a.apiKey);
      expect([res.status, res.body['code']]).toEqual([409, 'delivery_in_progress']);
      releaseAll();
      await waitFor(async () => (await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`)).length === 1);
    } finally {
      releaseAll();
      held.closeAllConnections();
      await new Promise((r) => held.close(r));
    }
  });

  it('honours Retry-After on a 429 end to end: the retry waits at least the (scaled) Retry-After, not the shorter schedule', async () => {
    // Schedule: first retry after 1 s x 0.05 = 50 ms; Retry-After: 20 s x 0.05 = 1 s is the floor.
    const url = receiver.on('/busy', (_req, nth) =>
      nth === 1 ? { status: 429, headers: { 'retry-after': '20' } } : { status: 200 },
    );
    const sub = await subscribe(a, url, ['webhook.test']);
    expect((await http('POST', `/webhooks/subscriptions/${sub.id}/test`, a.apiKey)).status).toBe(202);
    await waitFor(() => receiver.at('/busy').length === 2, 20000);
    const [first, second] = receiver.at('/busy') as [Received, Received];
    expect(second.at - first.at).toBeGreaterThanOrEqual(950);
    const done = await waitFor(async () => {
      const list = await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`);
      return list.length === 1 && list[0];
    });
    expect((done['attempts'] as Record<string, unknown>[]).map((x) => x['statusCode'])).toEqual([429, 200]);
  });

  it('after the rotation overlap ends only the new secret signs', async () => {
    const url = receiver.on('/rotated-out', () => ({ status: 200 }));
    const sub = await subscribe(a, url, ['webhook.test']);
    const rotated = await http('POST', `/webhooks/subscriptions/${sub.id}/rotate-secret`, a.apiKey);
    const newSecret = rotated.body['secret'] as string;
    // WEBHOOK_SECRET_OVERLAP (24 h) x WEBHOOK_TIME_SCALE (0.05) = 72 min from now.
    const overlapEnd = new Date(rotated.body['previousSecretExpiresAt'] as string).getTime();
    expect(Math.abs(overlapEnd - (Date.now() + 72 * 60_000))).toBeLessThan(60_000);
    // The overlap is over (its end moved into the past rather than waited for).
    await api.app
      .get(EntityManager)
      .fork()
      .execute(
        `update webhook_subscriptions set previous_secret_expires_at = now() - interval '1 second' where id = ? and workspace_id = ?`,
        [sub.id, a.workspaceId],
      );
    expect((await http('POST', `/webhooks/subscriptions/${sub.id}/test`, a.apiKey)).status).toBe(202);
    const [req] = await waitFor(() => receiver.at('/rotated-out').length === 1 && receiver.at('/rotated-out'));
    const headers = req?.headers as Record<string, string>;
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(headers['x-retailos-signature']).toBe(
      `sha256=${createHmac('sha256', newSecret)
        .update(req?.body ?? '')
        .digest('hex')}`,
    );
    expect(new StandardWebhook(newSecret).verify(req?.body ?? '', headers)).toMatchObject({ topic: 'webhook.test' });
    expect(() => new StandardWebhook(sub.secret).verify(req?.body ?? '', headers)).toThrow();
  });

  it('a subscription disabled by a 410 receives events again once re-enabled', async () => {
    let gone = true;
    const url = receiver.on('/comeback', () => ({ status: gone ? 410 : 200 }));
    const sub = await subscribe(a, url, ['webhook.test', 'customer.updated']);
    await http('POST', `/webhooks/subscriptions/${sub.id}/test`, a.apiKey);
    await waitFor(
      async () => (await http('GET', `/webhooks/subscriptions/${sub.id}`, a.apiKey)).body['status'] === 'disabled',
    );
    const whileDisabled = await raise(a, 'customer.updated', { customerId: 'cus_off' });
    await settled([whileDisabled]);
    expect(receiver.at('/comeback')).toHaveLength(1);

    gone = false;
    const enabled = await http('POST', `/webhooks/subscriptions/${sub.id}/enable`, a.apiKey);
    expect(enabled.body).toMatchObject({ status: 'active', disabledReason: null });
    const after = await raise(a, 'customer.updated', { customerId: 'cus_on' });
    await waitFor(() => receiver.at('/comeback').some((r) => r.headers['webhook-id'] === after));
    await settled([after]);
    // The event raised while it was disabled was never matched to it; the new one arrived once.
    expect(receiver.at('/comeback').map((r) => r.headers['webhook-id'])).not.toContain(whileDisabled);
    expect(receiver.at('/comeback').filter((r) => r.headers['webhook-id'] === after)).toHaveLength(1);
    expect((await deliveries(a, `subscriptionId=${sub.id}&status=succeeded`)).map((d) => d['eventId'])).toEqual([
      after,
    ]);
  });
});
