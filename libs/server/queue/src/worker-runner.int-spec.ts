import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigModule } from '@retailos/server/core';
import { JOB_QUEUES, type JobName } from '@retailos/shared/contracts';
import { Queue } from 'bullmq';
import { JobHandler } from './job-handler.decorator';
import { redisOptionsFromUrl } from './redis';
import { JobProducer } from './job-producer.service';
import { QueueModule, WorkerRunnerModule } from './queue.module';
import { JobRegistryError } from './worker-runner.service';

// Queues of its own: other suites of this Jest worker may leave jobs (or queue-level limits) on the shared prefix.
process.env['REDIS_PREFIX'] = `${process.env['REDIS_PREFIX'] ?? 'retailos'}:worker-runner`;

const ALL_JOBS = Object.keys(JOB_QUEUES) as JobName[];
const [firstJob] = ALL_JOBS as [JobName, ...JobName[]];

/** Handles every registered job; the first one slowly, to observe graceful shutdown. */
function completeHandlers(seen: string[]): new () => object {
  class Handlers {}
  for (const name of ALL_JOBS) {
    const method = async (payload: unknown): Promise<void> => {
      if (name === firstJob) await new Promise((r) => setTimeout(r, 400));
      seen.push(`${name}:${JSON.stringify(payload)}`);
    };
    const key = `handle_${name.replace(/\W/g, '_')}`;
    Object.defineProperty(Handlers.prototype, key, { value: method, writable: true });
    JobHandler(name)(Handlers.prototype, key, { value: method });
  }
  Injectable()(Handlers);
  return Handlers;
}

describe('job registry and worker runner', () => {
  it('refuses to boot when a registered job has no handler, naming it', async () => {
    @Module({ imports: [ConfigModule, QueueModule, WorkerRunnerModule] })
    class NoHandlers {}
    const moduleRef = await Test.createTestingModule({ imports: [NoHandlers] }).compile();
    const boot = moduleRef.init();
    await expect(boot).rejects.toThrow(JobRegistryError);
    await expect(boot).rejects.toThrow(
      new RegExp(`No handler registered for job\\(s\\): .*${firstJob.replace('.', '\\.')}`),
    );
  });

  it('refuses two handlers for one job', async () => {
    @Injectable()
    class A {
      @JobHandler(firstJob)
      async run(): Promise<void> {}
    }
    @Injectable()
    class B {
      @JobHandler(firstJob)
      async run(): Promise<void> {}
    }
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, QueueModule, WorkerRunnerModule],
      providers: [A, B],
    }).compile();
    await expect(moduleRef.init()).rejects.toThrow(/has two handlers: A\.run and B\.run/);
  });

  it('runs jobs and, on shutdown, finishes the one in flight before exiting', async () => {
    const seen: string[] = [];
    const Handlers = completeHandlers(seen);
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule, QueueModule, WorkerRunnerModule],
      providers: [Handlers],
    }).compile();
    const ctx = await moduleRef.init();
    const producer = ctx.get(JobProducer);
    const queue = producer.queue(JOB_QUEUES[firstJob]);
    const job = await queue.add(firstJob, { marker: 'slow' });
    // Wait until it is active, then shut down while it runs.
    const deadline = Date.now() + 10000;
    while ((await job.getState()) !== 'active' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await job.getState()).toBe('active');
    await ctx.close();
    expect(seen).toContain(`${firstJob}:{"marker":"slow"}`);
    // The app's own queues closed with it; read the job back through a fresh connection.
    const fresh = new Queue(JOB_QUEUES[firstJob], {
      connection: redisOptionsFromUrl(process.env['REDIS_URL'] ?? ''),
      prefix: process.env['REDIS_PREFIX'],
    });
    const reread = await fresh.getJob(job.id as string);
    expect(await reread?.getState()).toBe('completed');
    await fresh.close();
  });
});
