import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { OutboxModule, OutboxService } from '@retailos/server/outbox';
import { JobProducer, QueueModule } from '@retailos/server/queue';
import { QUEUES } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { createServer, type Server } from 'node:http';
import { WebhooksWorkerModule } from '../webhooks.module';
import { WebhookFanoutService } from './webhook-fanout.service';
import { WebhookSender } from './webhook-sender.service';
import { generateSigningSecret } from './webhook-signature';
import { WebhookSettings } from './webhook-settings.service';
import { WebhookPruner } from './webhook-pruner.service';
import { WebhookSweeper } from './webhook-sweeper.service';

process.env['WEBHOOK_ALLOWED_HOSTS'] = '127.0.0.1';
// Long enough that no sweep in this file disables a subscription by the clock; the disable test backdates its own.
process.env['WEBHOOK_DISABLE_AFTER'] = '1h';
process.env['WEBHOOK_RETRY_SCHEDULE'] = '1h,1h,1h';

describe('webhook fan-out, sender, recorder and sweeper (real Postgres + Redis, jobs driven by hand)', () => {
  let moduleRef: TestingModule;
  let em: EntityManager;
  let fanouts: WebhookFanoutService;
  let sender: WebhookSender;
  let sweeper: WebhookSweeper;
  let producer: JobProducer;
  let server: Server;
  let url = '';
  let status = 500;
  const received: string[] = [];

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, WebhooksWorkerModule],
    }).compile();
    // Not init(): the sweeper's timer stays off; the test calls sweep() itself.
    em = moduleRef.get(EntityManager);
    fanouts = moduleRef.get(WebhookFanoutService);
    sender = moduleRef.get(WebhookSender);
    sweeper = moduleRef.get(WebhookSweeper);
    producer = moduleRef.get(JobProducer);
    server = createServer((req, res) => {
      received.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.writeHead(status).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });

  afterAll(async () => {
    await producer.onApplicationShutdown();
    await moduleRef.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function subscription(ws: string, topics = ['*']): Promise<string> {
    const id = newId('whs');
    const sealed = moduleRef.get(WebhookSettings).secrets.seal(generateSigningSecret());
    await em
      .fork()
      .execute(
        `insert into webhook_subscriptions (id, workspace_id, url, topics, secret_enc) values (?, ?, ?, ?::text[], ?)`,
        [id, ws, url, `{${topics.join(',')}}`, sealed],
      );
    return id;
  }

  async function event(ws: string, topic: 'order.created' | 'customer.created' = 'order.created'): Promise<string> {
    const outbox = moduleRef.get(OutboxService);
    return em.fork().transactional((tem) => outbox.append(tem, ws, topic, { at: Date.now() }));
  }

  async function deliveryOf(
    ws: string,
    eventId: string,
  ): Promise<{ id: string; status: string; attempt_count: number }> {
    const rows = (await em
      .fork()
      .execute('select id, status, attempt_count from webhook_deliveries where workspace_id = ? and event_id = ?', [
        ws,
        eventId,
      ])) as {
      id: string;
      status: string;
      attempt_count: number;
    }[];
    if (!rows[0]) throw new Error('no delivery');
    return rows[0];
  }

  async function jobIds(prefix: string): Promise<string[]> {
    const jobs = await producer.queue(QUEUES.webhookDeliveries).getJobs(['waiting', 'delayed', 'prioritized']);
    return jobs.map((j) => j.id ?? '').filter((id) => id.startsWith(prefix));
  }

  it('sends first attempts of one subscription in event order, draining a backlog in one job', async () => {
    status = 200;
    const ws = newId('ws');
    await subscription(ws);
    const events = [await event(ws), await event(ws), await event(ws)];
    for (const e of events) expect(await fanouts.fanout(ws, e)).toBe(1);
    expect(await fanouts.fanout(ws, events[1] as string)).toBe(1); // a re-run creates nothing new
    const [d1, d2, d3] = await Promise.all(events.map((e) => deliveryOf(ws, e)));
    expect(await sender.deliver(ws, d2?.id ?? '')).toBe('skipped'); // an older delivery is still pending
    expect(await sender.deliver(ws, d1?.id ?? '')).toBe('sent');
    expect(received.slice(-3)).toEqual(events);
    expect((await deliveryOf(ws, events[2] as string)).status).toBe('succeeded');
    expect(await sender.deliver(ws, d3?.id ?? '')).toBe('skipped'); // already done
    expect(await sender.deliver('ws_other', d1?.id ?? '')).toBe('skipped'); // another workspace's id does nothing
  });

  it('concurrent deliveries of many subscriptions (two workspaces) are recorded together, each in event order', async () => {
    status = 200;
    const wss = [newId('ws'), newId('ws')];
    const subs = new Map<string, string[]>();
    for (const ws of wss)
      subs.set(ws, [await subscription(ws), await subscription(ws), await subscription(ws), await subscription(ws)]);
    const eventsOf = new Map<string, string[]>();
    for (const ws of wss) {
      const evs = [await event(ws), await event(ws), await event(ws)];
      for (const e of evs) expect(await fanouts.fanout(ws, e)).toBe(4);
      eventsOf.set(ws, evs);
    }
    const firsts = (await em
      .fork()
      .execute(
        `select workspace_id, id from webhook_deliveries where workspace_id = any(?::text[]) and event_id = any(?::text[])`,
        [`{${wss.join(',')}}`, `{${wss.map((ws) => eventsOf.get(ws)?.[0]).join(',')}}`],
      )) as { workspace_id: string; id: string }[];
    expect(firsts).toHaveLength(8);
    const outcomes = await Promise.all(firsts.map((d) => sender.deliver(d.workspace_id, d.id)));
    expect(outcomes).toEqual(firsts.map(() => 'sent'));
    const rows = (await em.fork().execute(
      `select d.workspace_id, d.subscription_id, d.status, d.attempt_count, d.succeeded_at,
              (select count(*)::int from webhook_attempts a where a.delivery_id = d.id) as attempts
         from webhook_deliveries d where d.workspace_id = any(?::text[]) order by d.subscription_id, d.event_seq`,
      [`{${wss.join(',')}}`],
    )) as {
      workspace_id: string;
      subscription_id: string;
      status: string;
      attempt_count: number;
      succeeded_at: Date;
      attempts: number;
    }[];
    expect(rows).toHaveLength(24);
    for (const r of rows) expect([r.status, r.attempt_count, r.attempts]).toEqual(['succeeded', 1, 1]);
    for (let i = 1; i < rows.length; i++) {
      const [prev, cur] = [rows[i - 1], rows[i]];
      if (prev && cur && prev.subscription_id === cur.subscription_id) {
        expect(new Date(cur.succeeded_at).getTime()).toBeGreaterThanOrEqual(new Date(prev.succeeded_at).getTime());
      }
    }
    // Every event reached each of the workspace's four subscriptions exactly once.
    for (const ws of wss) {
      const evs = eventsOf.get(ws) ?? [];
      for (const e of evs) expect(received.filter((id) => id === e)).toHaveLength(4);
    }
  });

  it('a failed delivery steps aside: the next one is handed on at once and the retry does not wait', async () => {
    status = 500;
    const ws = newId('ws');
    await subscription(ws);
    const [e1, e2] = [await event(ws), await event(ws)];
    await fanouts.fanout(ws, e1);
    await fanouts.fanout(ws, e2);
    const [d1, d2] = [await deliveryOf(ws, e1), await deliveryOf(ws, e2)];
    expect(await sender.deliver(ws, d1.id)).toBe('failed');
    const attempts = await em
      .fork()
      .execute(
        'select attempt_no, status_code, succeeded from webhook_attempts where delivery_id = ? and workspace_id = ?',
        [d1.id, ws],
      );
    expect(attempts).toEqual([{ attempt_no: 1, status_code: 500, succeeded: false }]);
    expect(await deliveryOf(ws, e1)).toMatchObject({ status: 'failed', attempt_count: 1 });
    expect(await jobIds(`${d1.id}.a2`)).toHaveLength(1); // the retry, delayed by the schedule
    expect(await jobIds(`${d2.id}.a1.after.${d1.id}.a1`)).toHaveLength(1);
    expect(await sender.deliver(ws, d2.id)).toBe('failed'); // not blocked by the failed one
  });

  it('retries and replays do not depend on the outbox row, which the pruner deletes after its retention', async () => {
    status = 200;
    const ws = newId('ws');
    await subscription(ws);
    const e = await event(ws);
    await fanouts.fanout(ws, e);
    await em.fork().execute('delete from outbox where id = ?', [e]);
    const d = await deliveryOf(ws, e);
    expect(await sender.deliver(ws, d.id)).toBe('sent');
    expect(received[received.length - 1]).toBe(e);
  });

  it('re-enqueues a delivery whose job was lost or whose sender crashed mid-flight', async () => {
    const ws = newId('ws');
    await subscription(ws);
    const lost = await event(ws, 'customer.created');
    await fanouts.fanout(ws, lost);
    const d = await deliveryOf(ws, lost);
    // The sender claimed it and died: the lease ran out, the job is gone.
    await em
      .fork()
      .execute(
        `update webhook_deliveries set status = 'sending', lease_until = now() - interval '1 minute', next_attempt_at = now() - interval '1 minute' where id = ?`,
        [d.id],
      );
    await producer.queue(QUEUES.webhookDeliveries).remove(`${d.id}.a1`);
    const swept = await sweeper.sweep(1000);
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect((await jobIds(`${d.id}.a1.sweep.`)).length).toBe(1);
    status = 200;
    expect(await sender.deliver(ws, d.id)).toBe('sent');
    expect((await deliveryOf(ws, lost)).status).toBe('succeeded');
  });

  it('disables a subscription that failed without a success for WEBHOOK_DISABLE_AFTER and raises an event', async () => {
    status = 500;
    const ws = newId('ws');
    const sub = await subscription(ws, ['order.*']);
    const e1 = await event(ws);
    await fanouts.fanout(ws, e1);
    const d1 = await deliveryOf(ws, e1);
    expect(await sender.deliver(ws, d1.id)).toBe('failed');
    expect((await deliveryOf(ws, e1)).status).toBe('failed'); // retry scheduled in an hour
    const statusOf = async (): Promise<{ status: string; failing_since: string | null }> =>
      (
        (await em
          .fork()
          .execute('select status, failing_since::text from webhook_subscriptions where id = ?', [sub])) as {
          status: string;
          failing_since: string | null;
        }[]
      )[0] ?? {
        status: 'missing',
        failing_since: null,
      };
    // The sweep is global, so assert on this subscription's row, never on counts other tests' rows can change.
    expect(await statusOf()).toMatchObject({ status: 'active', failing_since: expect.any(String) });
    await sweeper.sweep();
    expect((await statusOf()).status).toBe('active'); // failing, but not for long enough yet
    // Past WEBHOOK_DISABLE_AFTER (1 h) without waiting for it: the failure started 61 minutes ago.
    await em
      .fork()
      .execute(`update webhook_subscriptions set failing_since = now() - interval '61 minutes' where id = ?`, [sub]);
    const swept = await sweeper.sweep();
    expect(swept.disabled).toBeGreaterThanOrEqual(1);
    const [row] = (await em
      .fork()
      .execute('select status, disabled_reason from webhook_subscriptions where id = ?', [sub])) as {
      status: string;
      disabled_reason: string;
    }[];
    expect(row).toEqual({ status: 'disabled', disabled_reason: 'failing_too_long' });
    expect((await deliveryOf(ws, e1)).status).toBe('dead');
    const events = (await em
      .fork()
      .execute(`select payload from outbox where workspace_id = ? and topic = 'webhook.subscription.disabled'`, [
        ws,
      ])) as {
      payload: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.payload)).toEqual([{ subscriptionId: sub, url, reason: 'failing_too_long' }]);
    // Nothing is matched to a disabled subscription any more.
    expect(await fanouts.fanout(ws, await event(ws))).toBe(0);
  });

  it('prunes finished deliveries past WEBHOOK_RETENTION with their attempts and orphaned envelopes, never unfinished ones', async () => {
    status = 200;
    const ws = newId('ws');
    await subscription(ws);
    const [oldSent, oldDead, oldRetrying, recentSent] = [
      await event(ws),
      await event(ws),
      await event(ws),
      await event(ws),
    ];
    for (const e of [oldSent, oldDead, oldRetrying, recentSent]) await fanouts.fanout(ws, e);
    const first = await deliveryOf(ws, oldSent);
    expect(await sender.deliver(ws, first.id)).toBe('sent'); // drains all four in order
    const db = em.fork();
    await db.execute(`update webhook_deliveries set status = 'dead' where workspace_id = ? and event_id = ?`, [
      ws,
      oldDead,
    ]);
    await db.execute(`update webhook_deliveries set status = 'failed' where workspace_id = ? and event_id = ?`, [
      ws,
      oldRetrying,
    ]);
    // Three of them (and their envelopes) are 31 days old; the default retention is 30 days.
    await db.execute(
      `update webhook_deliveries set created_at = now() - interval '31 days' where workspace_id = ? and event_id <> ?`,
      [ws, recentSent],
    );
    await db.execute(
      `update webhook_events set occurred_at = now() - interval '31 days' where workspace_id = ? and id <> ?`,
      [ws, recentSent],
    );
    const attemptsBefore = (await db.execute('select count(*)::int as n from webhook_attempts where workspace_id = ?', [
      ws,
    ])) as { n: number }[];
    expect(attemptsBefore[0]?.n).toBe(4);

    const pruned = await moduleRef.get(WebhookPruner).prune();
    expect(pruned.deliveries).toBeGreaterThanOrEqual(2);
    const left = (await db.execute(
      'select event_id, status from webhook_deliveries where workspace_id = ? order by event_seq',
      [ws],
    )) as {
      event_id: string;
      status: string;
    }[];
    expect(left).toEqual([
      { event_id: oldRetrying, status: 'failed' },
      { event_id: recentSent, status: 'succeeded' },
    ]);
    const envelopes = (await db.execute('select id from webhook_events where workspace_id = ? order by id', [ws])) as {
      id: string;
    }[];
    expect(envelopes.map((e) => e.id).sort()).toEqual([oldRetrying, recentSent].sort());
    const attemptsAfter = (await db.execute('select count(*)::int as n from webhook_attempts where workspace_id = ?', [
      ws,
    ])) as { n: number }[];
    expect(attemptsAfter[0]?.n).toBe(2);
    // A second run finds nothing more of this workspace's to prune.
    await moduleRef.get(WebhookPruner).prune();
    expect(
      (
        (await db.execute('select count(*)::int as n from webhook_deliveries where workspace_id = ?', [ws])) as {
          n: number;
        }[]
      )[0]?.n,
    ).toBe(2);
  });
});
