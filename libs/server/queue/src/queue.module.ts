import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobProducer } from './job-producer.service';
import { WorkerRunner } from './worker-runner.service';

@Global()
@Module({ providers: [JobProducer], exports: [JobProducer] })
export class QueueModule {}

/** Only the worker app imports this: it turns the process into a job consumer. */
@Module({ imports: [DiscoveryModule], providers: [WorkerRunner] })
export class WorkerRunnerModule {}
