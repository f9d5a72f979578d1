import { Module } from '@nestjs/common';
import { ConfigModule } from '@retailos/server/core';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule, OutboxRelayModule } from '@retailos/server/outbox';
import { QueueModule, WorkerRunnerModule } from '@retailos/server/queue';
import { RealtimeWorkerModule } from '@retailos/server/realtime';
import { SyncWorkerModule } from '@retailos/server/sync';
import { WebhooksWorkerModule } from '@retailos/server/webhooks';

/** The worker composes the same context modules as the api, plus the processors and the outbox relay. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, IdentityModule, OutboxRelayModule, WebhooksWorkerModule, RealtimeWorkerModule, SyncWorkerModule, WorkerRunnerModule],
})
export class WorkerModule {}
