import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Ports } from '@retailos/server/core';
import { ShopifyController } from './controllers/shopify.controller';
import { SyncHistoryController } from './controllers/sync-history.controller';
import { SYNC_ENTITIES } from './entities';
import { ShopifyImportController } from './import/shopify-import.controller';
import { ShopifyImportProcessor } from './import/shopify-import.processor';
import { ShopifyImportRepository } from './import/shopify-import.repository';
import { ShopifyImportService } from './import/shopify-import.service';
import { SyncProcessor } from './processors/sync.processor';
import { ShopifyConnectionRepository } from './repositories/shopify-connection.repository';
import { ShopifyLocationMapRepository } from './repositories/shopify-location-map.repository';
import { ShopifyWebhookRepository } from './repositories/shopify-webhook.repository';
import { InboundCustomersService } from './services/inbound-customers.service';
import { InboundInventoryService } from './services/inbound-inventory.service';
import { InboundOrdersService } from './services/inbound-orders.service';
import { InboundProductsService } from './services/inbound-products.service';
import { LocationMapsService } from './services/location-maps.service';
import { SyncHistoryService } from './services/sync-history.service';
import { OAuthStateStore } from './services/oauth-state.store';
import { ShopifyConnectService } from './services/shopify-connect.service';
import { ShopifySetupService } from './services/shopify-setup.service';
import { ShopifyTokens } from './services/shopify-tokens.service';
import { WebhookApplyService } from './services/webhook-apply.service';
import { WebhookInboxDrain } from './services/webhook-inbox-drain.service';
import { WebhookIngestService } from './services/webhook-ingest.service';
import { ShopifyBudget } from './shopify/shopify-budget';
import { ShopifyGraphql } from './shopify/shopify-graphql.service';
import { ShopifySettings } from './shopify/shopify-settings';

const SHARED = [
  ShopifySettings,
  ShopifyBudget,
  ShopifyGraphql,
  ShopifyTokens,
  ShopifyConnectionRepository,
  ShopifyLocationMapRepository,
  ShopifyWebhookRepository,
  ShopifyImportRepository,
  SyncHistoryService,
];

/** Api: connect (OAuth), inbound webhooks, location mapping. */
@Module({
  imports: [MikroOrmModule.forFeature(SYNC_ENTITIES)],
  controllers: [ShopifyController, SyncHistoryController, ShopifyImportController],
  providers: [...SHARED, OAuthStateStore, ShopifyConnectService, LocationMapsService, WebhookIngestService],
})
export class SyncModule {
  /** `ports` export INVENTORY_FACADE (location mapping). */
  static register(ports: Ports): DynamicModule {
    return { module: SyncModule, imports: ports };
  }
}

/** Worker: connection setup, the initial import, draining the webhook inbox into apply jobs, applying them. */
@Module({
  imports: [MikroOrmModule.forFeature(SYNC_ENTITIES)],
  providers: [
    ...SHARED,
    ShopifySetupService,
    InboundCustomersService,
    InboundProductsService,
    InboundInventoryService,
    InboundOrdersService,
    WebhookApplyService,
    WebhookInboxDrain,
    SyncProcessor,
    ShopifyImportService,
    ShopifyImportProcessor,
  ],
})
export class SyncWorkerModule {
  /** `ports` export CATALOG_FACADE, INVENTORY_FACADE, CUSTOMERS_FACADE and ORDERS_FACADE (applying Shopify's changes). */
  static register(ports: Ports): DynamicModule {
    return { module: SyncWorkerModule, imports: ports };
  }
}
