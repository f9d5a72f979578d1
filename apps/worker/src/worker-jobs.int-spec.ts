import { EntityManager } from '@mikro-orm/postgresql';
import { OutboxService } from '@retailos/server/outbox';
import { redisOptionsFromUrl } from '@retailos/server/queue';
import { JOB_QUEUES, QUEUES, type JobName, type JobPayloads } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';
import { Queue } from 'bullmq';
import { startWorker, type RunningWorker } from './bootstrap';

// Queues of its own: other suites of this Jest worker may leave jobs on the shared prefix.
process.env['REDIS_PREFIX'] = `${process.env['REDIS_PREFIX'] ?? 'retailos'}:worker-jobs`;

interface SampleContext {
  workspaceId: string;
  /** A committed domain event of that workspace. */
  eventId: string;
}

/**
 * One valid payload per registered job. The mapped type makes a new job name without a sample a type error, and the
 * first test fails at run time too (the runtime registry is JOB_QUEUES).
 */
const SAMPLES: { [K in JobName]: (ctx: SampleContext) => JobPayloads[K] } = {
  'webhooks.fanout': ({ workspaceId, eventId }) => ({ workspaceId, eventId }),
  'realtime.broadcast': ({ workspaceId, eventId }) => ({ workspaceId, eventId }),
  'webhooks.deliver': ({ workspaceId }) => ({ workspaceId, deliveryId: newId('whd') }),
  'outbox.prune': () => ({}),
  'webhooks.prune': () => ({}),
  // Unknown ids take the handlers' "nothing to do" path; the sync e2e suites run them on real connections and deliveries.
  'sync.connection.setup': ({ workspaceId }) => ({ workspaceId, connectionId: newId('shc') }),
  'sync.webhook.apply': ({ workspaceId }) => ({ workspaceId, inboxId: newId('swh') }),
  'sync.import.run': ({ workspaceId }) => ({ workspaceId, importId: newId('sim') }),
};

describe('the real worker runs every registered job (BullMQ, Postgres, Redis)', () => {
  let worker: RunningWorker;
  const queues = new Map<string, Queue>();
  const connection = redisOptionsFromUrl(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');

  beforeAll(async () => {
    worker = await startWorker({ metricsPort: -1 });
    for (const name of Object.values(QUEUES))
      queues.set(name, new Queue(name, { connection, prefix: process.env['REDIS_PREFIX'] }));
  });

  afterAll(async () => {
    await Promise.all([...queues.values()].map((q) => q.close()));
    await worker?.close();
  });

  it('has a sample payload for every job name in the registry', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(JOB_QUEUES).sort());
  });

  it('handles a job of every name, enqueued through BullMQ, without error', async () => {
    const em = worker.app.get(EntityManager).fork();
    const workspaceId = newId('ws');
    const eventId = await em.transactional((tem) =>
      worker.app.get(OutboxService).append(tem, workspaceId, 'customer.created', { customerId: newId('cus') }),
    );
    const ctx: SampleContext = { workspaceId, eventId };

    const names = Object.keys(JOB_QUEUES) as JobName[];
    // One attempt: a failing handler shows as failed at once instead of waiting out the retry backoff.
    const jobs = await Promise.all(
      names.map((name) => queues.get(JOB_QUEUES[name])!.add(name, SAMPLES[name](ctx), { attempts: 1 })),
    );
    const outcomes: Record<string, { state: string; failedReason?: string }> = {};
    const deadline = Date.now() + 20000;
    for (const job of jobs) {
      let state = await job.getState();
      while (state !== 'completed' && state !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        state = await job.getState();
      }
      const fresh = await queues.get(JOB_QUEUES[job.name as JobName])!.getJob(job.id!);
      outcomes[job.name] = { state, ...(fresh?.failedReason ? { failedReason: fresh.failedReason } : {}) };
    }
    expect(outcomes).toEqual(Object.fromEntries(names.map((n) => [n, { state: 'completed' }])));
  });

  it('leaves no failed job behind: the scheduled prunes at boot and the relay-published event jobs all succeed', async () => {
    // A failed attempt waiting for its retry is delayed, not failed: look at both.
    const failed = await Promise.all(
      [...queues.values()].map(async (q) =>
        (await q.getJobs(['failed', 'delayed']))
          .filter((j) => j.failedReason)
          .map((j) => `${j.name}: ${j.failedReason}`),
      ),
    );
    expect(failed.flat()).toEqual([]);
  });
});
