import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ConfigModule, GlobalAuthGuard, IdempotencyModule } from '@retailos/server/core';
import { CatalogModule } from '@retailos/server/catalog';
import { CustomersModule } from '@retailos/server/customers';
import { ExportModule } from '@retailos/server/export';
import { InventoryFacadeModule, InventoryModule } from '@retailos/server/inventory';
import { OrdersFacadeModule, OrdersModule } from '@retailos/server/orders';
import { DatabaseModule } from '@retailos/server/database';
import { IdentityModule } from '@retailos/server/identity';
import { OutboxModule } from '@retailos/server/outbox';
import { QueueModule } from '@retailos/server/queue';
import { RealtimeModule } from '@retailos/server/realtime';
import { SyncModule } from '@retailos/server/sync';
import { WebhooksModule } from '@retailos/server/webhooks';
import { HealthController } from './health/health.controller';

// Each context receives the modules that bind the facade tokens it consumes (no context imports another, none is
// global). Inventory's and orders' facades stand alone, which keeps catalog <-> inventory and customers <-> orders
// acyclic: catalog reads stock through InventoryFacadeModule, customers read order history through OrdersFacadeModule.
const catalog = CatalogModule.register([InventoryFacadeModule, IdentityModule]);
const ordersFacade = OrdersFacadeModule.register([InventoryFacadeModule]);
const customers = CustomersModule.register([ordersFacade, IdentityModule]);
const inventory = InventoryModule.register([catalog]);
const orders = OrdersModule.register([catalog, InventoryFacadeModule, customers, IdentityModule]);

/** Composes the contexts; no domain code lives here. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    QueueModule,
    OutboxModule,
    IdentityModule,
    WebhooksModule,
    RealtimeModule.register([IdentityModule]),
    catalog,
    inventory,
    customers,
    orders,
    ExportModule.register([catalog, InventoryFacadeModule, customers, ordersFacade]),
    IdempotencyModule,
    SyncModule.register([InventoryFacadeModule]),
  ],
  controllers: [HealthController],
  // AppModule imports IdentityModule, so the guard gets its AUTHENTICATOR and REQUEST_POLICIES.
  providers: [{ provide: APP_GUARD, useClass: GlobalAuthGuard }],
})
export class AppModule {}
