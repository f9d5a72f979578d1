import { Module } from '@nestjs/common';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { OutboxModule, OutboxRelayModule } from '@retailos/server/outbox';
import { QueueModule, WorkerRunnerModule } from '@retailos/server/queue';
import { MaintenanceProcessor } from './maintenance.processor';

/** The worker composes the same context modules as the api, plus the processors and the outbox relay. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, OutboxRelayModule, WorkerRunnerModule],
  providers: [MaintenanceProcessor],
})
export class WorkerModule {}
