import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from '@retailos/shared/contracts';
import type { Job } from 'bullmq';

export const JOB_HANDLER = 'retailos:job-handler';

export type JobHandlerFn<N extends JobName> = (payload: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;

/** Marks a provider method as the one handler of a job name; the worker checks the registry is complete at boot. */
export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);
