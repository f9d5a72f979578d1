import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from '@retailos/shared/contracts';
import type { Job } from 'bullmq';

export const JOB_HANDLER = 'retailos:job-handler';

export type JobHandlerFn<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;

/**
 * Marks a provider method as the one handler of a job name; the worker checks the registry is complete at boot.
 * The method must accept the job's payload as its first argument (the runner calls it with `(payload, job)`).
 */
export const JobHandler =
  <N extends JobName>(name: N) =>
  <T extends JobHandlerFn<N>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>): void => {
    SetMetadata(JOB_HANDLER, name)(target, key, descriptor);
  };
