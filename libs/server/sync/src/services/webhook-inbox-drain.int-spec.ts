import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { JobProducer, QueueModule } from '@retailos/server/queue';
import { QUEUES } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { WebhookInboxDrain } from './webhook-inbox-drain.service';

describe('webhook inbox drain (real Postgres + Redis)', () => {
  let moduleRef: TestingModule;
  let em: EntityManager;
  let drain: WebhookInboxDrain;
  let producer: JobProducer;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, QueueModule],
      providers: [WebhookInboxDrain],
    }).compile();
    // Not init(): the drain's own poll stays off so the test drives drainOnce deterministically.
    em = moduleRef.get(EntityManager);
    drain = moduleRef.get(WebhookInboxDrain);
    producer = moduleRef.get(JobProducer);
  });

  afterAll(async () => {
    await producer.onApplicationShutdown();
    await moduleRef.close();
  });

  async function receive(workspaceId: string, n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => newId('swh'));
    for (const id of ids) {
      await em
        .fork()
        .execute(
          `insert into shopify_webhooks (id, workspace_id, shop_domain, webhook_id, topic, body) values (?, ?, ?, ?, 'customers/update', '{}')`,
          [id, workspaceId, `${workspaceId}.myshopify.com`, newId('whid')],
        );
    }
    return ids;
  }

  const unqueued = async (ids: string[]): Promise<number> =>
    (
      (await em
        .fork()
        .execute('select count(*)::int as n from shopify_webhooks where id in (?) and queued_at is null', [ids])) as {
        n: number;
      }[]
    )[0]?.n ?? -1;

  async function drainAll(): Promise<void> {
    while ((await drain.drainOnce(7)) > 0);
  }

  it('turns every new row into one apply job carrying its own workspace, even with two drains racing', async () => {
    const a = await receive(newId('ws'), 12);
    const b = await receive(newId('ws'), 9);
    // Two copies draining at once (small batches): skip locked hands each row to exactly one of them.
    await Promise.all([drainAll(), drainAll()]);
    expect(await unqueued([...a, ...b])).toBe(0);
    const queue = producer.queue(QUEUES.sync);
    for (const ids of [a, b]) {
      const jobs = await Promise.all(ids.map((id) => queue.getJob(`apply-${id}`)));
      expect(jobs.map((j) => j?.name)).toEqual(ids.map(() => 'sync.webhook.apply'));
      const workspace = (
        (await em.fork().execute('select workspace_id from shopify_webhooks where id = ?', [ids[0]])) as {
          workspace_id: string;
        }[]
      )[0]?.workspace_id;
      expect(new Set(jobs.map((j) => (j?.data as { workspaceId: string }).workspaceId))).toEqual(new Set([workspace]));
      expect(jobs.map((j) => (j?.data as { inboxId: string }).inboxId)).toEqual(ids);
    }
    // Nothing is enqueued twice: a second pass finds no unqueued row of ours.
    const before = await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');
    await drainAll();
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed')).toBe(
      before,
    );
  });

  it('a failed enqueue leaves the rows unqueued, and the next pass enqueues them', async () => {
    const ids = await receive(newId('ws'), 3);
    const spy = jest.spyOn(producer, 'enqueueBulk').mockRejectedValueOnce(new Error('redis unavailable'));
    await expect(drain.drainOnce()).rejects.toThrow('redis unavailable');
    spy.mockRestore();
    expect(await unqueued(ids)).toBe(3);
    await drainAll();
    expect(await unqueued(ids)).toBe(0);
    const jobs = await Promise.all(ids.map((id) => producer.queue(QUEUES.sync).getJob(`apply-${id}`)));
    expect(jobs.every((j) => j?.name === 'sync.webhook.apply')).toBe(true);
  });
});
