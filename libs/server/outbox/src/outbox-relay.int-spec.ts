import { EntityManager } from '@mikro-orm/postgresql';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { JobProducer, QueueModule } from '@retailos/server/queue';
import { EVENT_CONSUMER_JOBS, QUEUES } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { OutboxModule, OutboxRelayModule } from './outbox.module';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxPruner } from './outbox-pruner.service';
import { OutboxService } from './outbox.service';

describe('outbox relay (real Postgres + Redis)', () => {
  let moduleRef: TestingModule;
  let em: EntityManager;
  let outbox: OutboxService;
  let relay: OutboxRelay;
  let producer: JobProducer;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, OutboxRelayModule],
    }).compile();
    // Not init(): the relay's own loop stays off so the test drives publishBatch deterministically.
    em = moduleRef.get(EntityManager);
    outbox = moduleRef.get(OutboxService);
    relay = moduleRef.get(OutboxRelay);
    producer = moduleRef.get(JobProducer);
  });

  afterAll(async () => {
    await producer.onApplicationShutdown();
    await moduleRef.close();
  });

  async function jobsFor(eventIds: string[]): Promise<string[]> {
    const jobs = await producer.queue(QUEUES.webhooks).getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    return jobs.map((j) => (j.data as { eventId: string }).eventId).filter((id) => eventIds.includes(id));
  }

  /**
   * Publishes until the given events are published (or, with none given, until nothing publishable is left). The relay
   * only publishes rows older than the cluster's oldest open transaction, and that horizon is shared by every database
   * of the server: another suite's transaction can hold it back for a moment, so waiting for "nothing visible" alone
   * could return before our rows were ever eligible.
   */
  async function drainRelay(ids: string[] = []): Promise<void> {
    const deadline = Date.now() + 20000;
    for (;;) {
      const published = await relay.publishBatch();
      const rows = ids.length
        ? ((await em
            .fork()
            .execute('select count(*)::int as n from outbox where id in (?) and published_at is null', [ids])) as {
            n: number;
          }[])
        : ((await em
            .fork()
            .execute(
              'select count(*)::int as n from outbox where published_at is null and txid < pg_snapshot_xmin(pg_current_snapshot())',
            )) as { n: number }[]);
      if (published === 0 && rows[0]?.n === 0) return;
      if (Date.now() > deadline) throw new Error('outbox did not drain');
      if (published === 0) await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('publishes every committed row exactly once and nothing from a rolled-back transaction', async () => {
    const ws = newId('ws');
    const committed: string[] = [];
    for (let i = 0; i < 5; i++) {
      await em.fork().transactional(async (tem) => {
        committed.push(await outbox.append(tem, ws, 'product.created', { i }));
      });
    }
    let rolledBack = '';
    await expect(
      em.fork().transactional(async (tem) => {
        rolledBack = await outbox.append(tem, ws, 'product.created', { doomed: true });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    await drainRelay(committed);
    const published = await jobsFor([...committed, rolledBack]);
    expect(published.sort()).toEqual([...committed].sort());
    const webhookJobs = EVENT_CONSUMER_JOBS.filter((n) => n.startsWith('webhooks.'));
    expect(webhookJobs.length).toBe(1);
    const rows = (await em
      .fork()
      .execute('select count(*)::int as n from outbox where workspace_id = ? and published_at is null', [ws])) as {
      n: number;
    }[];
    expect(rows[0]?.n).toBe(0);
  });

  it('a crash between publish and mark re-publishes, and the queue still holds each event once', async () => {
    const ws = newId('ws');
    const ids: string[] = [];
    await em.fork().transactional(async (tem) => {
      for (let i = 0; i < 3; i++) ids.push(await outbox.append(tem, ws, 'order.created', { i }));
    });
    relay.hooks.afterPublish = () => {
      throw new Error('killed after publish, before mark');
    };
    // Our rows become publishable once every older transaction of the server has ended (see drainRelay): until then
    // a batch publishes nothing and never reaches the hook.
    const deadline = Date.now() + 20000;
    let crash: unknown = null;
    while (!crash && Date.now() < deadline) {
      crash = await relay.publishBatch().then(
        () => null,
        (err: unknown) => err,
      );
      if (!crash) await new Promise((r) => setTimeout(r, 50));
    }
    relay.hooks = {};
    expect((crash as Error | null)?.message).toContain('killed');
    // The rows are still unpublished (the mark rolled back)...
    const pending = (await em
      .fork()
      .execute('select count(*)::int as n from outbox where workspace_id = ? and published_at is null', [ws])) as {
      n: number;
    }[];
    expect(pending[0]?.n).toBe(3);
    // ...so the next relay publishes them again, and BullMQ collapses the duplicates on the deterministic job id.
    await drainRelay(ids);
    const published = await jobsFor(ids);
    expect(published.sort()).toEqual([...ids].sort());
  });

  it('never publishes past a transaction that is still open', async () => {
    const ws = newId('ws');
    const slow = em.fork();
    await slow.begin();
    const early = await outbox.append(slow, ws, 'order.created', { early: true });
    let late = '';
    await em.fork().transactional(async (tem) => {
      late = await outbox.append(tem, ws, 'order.created', { late: true });
    });
    await drainRelay();
    // The later transaction committed, but an older one is open: publishing it now could reorder events.
    expect(await jobsFor([early, late])).toEqual([]);
    await slow.commit();
    await drainRelay([early, late]);
    expect((await jobsFor([early, late])).sort()).toEqual([early, late].sort());
  });
});

describe('outbox pruner', () => {
  it('deletes published rows past retention and keeps the rest', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, OutboxRelayModule],
    }).compile();
    const em = moduleRef.get(EntityManager);
    const outbox = moduleRef.get(OutboxService);
    const ws = newId('ws');
    const ids: string[] = [];
    await em.fork().transactional(async (tem) => {
      for (let i = 0; i < 3; i++) ids.push(await outbox.append(tem, ws, 'customer.created', { i }));
    });
    const [old, recent, unpublished] = ids as [string, string, string];
    await em.fork().execute("update outbox set published_at = now() - interval '200 hours' where id = ?", [old]);
    await em.fork().execute("update outbox set published_at = now() - interval '1 hour' where id = ?", [recent]);
    const result = await moduleRef.get(OutboxPruner).prune();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = (await em.fork().execute('select id from outbox where workspace_id = ? order by seq', [ws])) as {
      id: string;
    }[];
    expect(left.map((r) => r.id)).toEqual([recent, unpublished]);
    await moduleRef.get(JobProducer).onApplicationShutdown();
    await moduleRef.close();
  });
});
