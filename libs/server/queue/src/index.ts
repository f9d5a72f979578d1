export * from './redis';
export * from './job-handler.decorator';
export * from './job-producer.service';
export * from './worker-runner.service';
export * from './queue.module';
