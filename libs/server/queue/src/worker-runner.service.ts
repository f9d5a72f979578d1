import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AppConfig, jobDuration, jobOutcomes, queueDepth, registerScrapeCollector } from '@retailos/server/core';
import { JOB_QUEUES, type JobName, type QueueName } from '@retailos/shared/contracts';
import { Worker, type Job } from 'bullmq';
import { JOB_HANDLER, type JobHandlerFn } from './job-handler.decorator';
import { JobProducer } from './job-producer.service';
import { redisOptionsFromUrl } from './redis';

export class JobRegistryError extends Error {}

type BoundHandler = (payload: unknown, job: Job) => Promise<unknown>;

/** Collects @JobHandler methods, checks every registered job has exactly one, and runs one BullMQ Worker per queue. */
export function collectHandlers(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): Map<JobName, BoundHandler> {
  const handlers = new Map<JobName, BoundHandler>();
  const owners = new Map<JobName, string>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
    const proto = Object.getPrototypeOf(instance) as object;
    for (const methodName of scanner.getAllMethodNames(proto)) {
      const method = instance[methodName];
      if (typeof method !== 'function') continue;
      const name = reflector.get<JobName | undefined>(JOB_HANDLER, method as (...args: unknown[]) => unknown);
      if (!name) continue;
      const owner = `${instance.constructor.name}.${methodName}`;
      if (!(name in JOB_QUEUES))
        throw new JobRegistryError(`${owner} handles "${name}", which is not a registered job name.`);
      const existing = owners.get(name);
      if (existing) throw new JobRegistryError(`Job "${name}" has two handlers: ${existing} and ${owner}.`);
      owners.set(name, owner);
      handlers.set(name, (method as JobHandlerFn<JobName>).bind(instance) as BoundHandler);
    }
  }
  const missing = (Object.keys(JOB_QUEUES) as JobName[]).filter((n) => !handlers.has(n));
  if (missing.length > 0) {
    throw new JobRegistryError(
      `No handler registered for job(s): ${missing.join(', ')}. Import the module that handles them into the worker, or remove them from JOB_QUEUES.`,
    );
  }
  return handlers;
}

@Injectable()
export class WorkerRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerRunner');
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly producer: JobProducer,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = collectHandlers(this.discovery, this.scanner, this.reflector);
    const queues = new Set<QueueName>(Object.values(JOB_QUEUES));
    for (const queueName of queues) {
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = handlers.get(job.name as JobName);
          if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${queueName}"`);
          const end = jobDuration.startTimer({ queue: queueName, job: job.name });
          try {
            const result = await handler(job.data, job);
            jobOutcomes.inc({ queue: queueName, job: job.name, outcome: 'completed' });
            return result;
          } catch (err) {
            jobOutcomes.inc({ queue: queueName, job: job.name, outcome: 'failed' });
            throw err;
          } finally {
            end();
          }
        },
        {
          connection: redisOptionsFromUrl(this.config.REDIS_URL),
          prefix: this.config.REDIS_PREFIX,
          concurrency: this.config.WORKER_CONCURRENCY,
        },
      );
      worker.on('failed', (job, err) => {
        this.logger.warn(
          { queue: queueName, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
          'job failed',
        );
      });
      worker.on('error', (err) => this.logger.error({ queue: queueName, err: err.message }, 'worker error'));
      this.workers.push(worker);
    }
    registerScrapeCollector(async () => {
      for (const qn of queues) {
        const counts = await this.producer.queue(qn).getJobCounts('waiting', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(counts)) queueDepth.set({ queue: qn, state }, n);
      }
    });
    this.logger.log(`Processing ${handlers.size} job types on ${queues.size} queues`);
  }

  /** SIGTERM: stop taking jobs and wait for the in-flight ones to finish. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
