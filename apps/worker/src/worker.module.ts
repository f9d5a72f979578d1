import { Module } from '@nestjs/common';
import { ConfigModule } from '@retailos/server/core';
import { CatalogModule } from '@retailos/server/catalog';
import { CustomersModule } from '@retailos/server/customers';
import { InventoryModule } from '@retailos/server/inventory';
import { OrdersModule } from '@retailos/server/orders';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule, OutboxRelayModule } from '@retailos/server/outbox';
import { QueueModule, WorkerRunnerModule } from '@retailos/server/queue';
import { RealtimeWorkerModule } from '@retailos/server/realtime';
import { SyncWorkerModule } from '@retailos/server/sync';
import { WebhooksWorkerModule } from '@retailos/server/webhooks';

/** The worker composes the same context modules as the api, plus the processors and the outbox relay. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, IdentityModule, OutboxRelayModule, WebhooksWorkerModule, RealtimeWorkerModule,
    // The commerce contexts' facades, for the sync's apply and import jobs.
    CatalogModule, InventoryModule, CustomersModule, OrdersModule, SyncWorkerModule, WorkerRunnerModule],
})
export class WorkerModule {}
