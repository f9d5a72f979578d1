import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule, GlobalAuthGuard, IdempotencyModule } from '@retailos/server/core';
import { CatalogModule } from '@retailos/server/catalog';
import { CustomersModule } from '@retailos/server/customers';
import { ExportModule } from '@retailos/server/export';
import { InventoryModule } from '@retailos/server/inventory';
import { OrdersModule } from '@retailos/server/orders';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import { QueueModule } from '@retailos/server/queue';
import { RealtimeModule } from '@retailos/server/realtime';
import { SyncModule } from '@retailos/server/sync';
import { WebhooksModule } from '@retailos/server/webhooks';
import { HealthController } from './health/health.controller';

/** Composes the contexts; no domain code lives here. */
@Module({
  imports: [ConfigModule, DatabaseModule, QueueModule, OutboxModule, IdentityModule, WebhooksModule, RealtimeModule,
    CatalogModule, InventoryModule, CustomersModule, OrdersModule, ExportModule, IdempotencyModule, SyncModule],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: GlobalAuthGuard }],
})
export class AppModule {}
