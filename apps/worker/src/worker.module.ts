import { Module } from '@nestjs/common';
import { ConfigModule } from '@retailos/server/core';
import { CatalogModule } from '@retailos/server/catalog';
import { CustomersModule } from '@retailos/server/customers';
import { InventoryFacadeModule } from '@retailos/server/inventory';
import { OrdersFacadeModule } from '@retailos/server/orders';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule, OutboxRelayModule } from '@retailos/server/outbox';
import { QueueModule, WorkerRunnerModule } from '@retailos/server/queue';
import { RealtimeWorkerModule } from '@retailos/server/realtime';
import { SyncWorkerModule } from '@retailos/server/sync';
import { WebhooksWorkerModule } from '@retailos/server/webhooks';

// The commerce facades the sync's apply and import jobs use, composed as in the api (see apps/api/src/app.module.ts).
const catalog = CatalogModule.register([InventoryFacadeModule, IdentityModule]);
const ordersFacade = OrdersFacadeModule.register([InventoryFacadeModule]);
const customers = CustomersModule.register([ordersFacade, IdentityModule]);

/** The worker composes the contexts its jobs need, plus the processors and the outbox relay. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    OutboxModule,
    IdentityModule,
    OutboxRelayModule,
    WebhooksWorkerModule,
    RealtimeWorkerModule,
    SyncWorkerModule.register([catalog, InventoryFacadeModule, customers, ordersFacade]),
    WorkerRunnerModule,
  ],
})
export class WorkerModule {}
