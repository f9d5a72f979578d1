import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { JOB_QUEUES, type JobName, type JobPayloads, type QueueName } from '@retailos/shared/contracts';
import { Queue, type JobsOptions } from 'bullmq';
import { redisOptionsFromUrl } from './redis';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept a day so a re-add with the same deterministic jobId collapses instead of re-running.
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Typed enqueueing: the job name fixes the queue and the payload type. */
@Injectable()
export class JobProducer implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, {
        connection: redisOptionsFromUrl(this.config.REDIS_URL),
        prefix: this.config.REDIS_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: JobsOptions = {}): Promise<void> {
    await this.queue(JOB_QUEUES[name]).add(name, payload, opts);
  }

  async enqueueBulk<N extends JobName>(jobs: { name: N; data: JobPayloads[N]; opts?: JobsOptions }[]): Promise<void> {
    const byQueue = new Map<QueueName, { name: string; data: unknown; opts?: JobsOptions }[]>();
    for (const j of jobs) {
      const qn = JOB_QUEUES[j.name];
      const list = byQueue.get(qn) ?? [];
      list.push({ name: j.name, data: j.data, opts: j.opts });
      byQueue.set(qn, list);
    }
    await Promise.all([...byQueue].map(([qn, list]) => this.queue(qn).addBulk(list)));
  }

  /**
   * Runs a payload-less job every `everyMs` from BullMQ's job scheduler: idempotent (upsert), so every process may call
   * it at boot and any number of copies share one schedule.
   */
  async every<N extends JobName>(
    name: N & (JobPayloads[N] extends Record<string, never> ? N : never),
    everyMs: number,
  ): Promise<void> {
    await this.queue(JOB_QUEUES[name]).upsertJobScheduler(name, { every: everyMs }, { name, data: {} });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
