import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
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
import { InboundProductsService } from './services/inbound-products.service';
import { LocationMapsService } from './services/location-maps.service';
import { SyncHistoryService } from './services/sync-history.service';
import { OAuthStateStore } from './services/oauth-state.store';
import { ShopifyConnectService } from './services/shopify-connect.service';
import { ShopifySetupService } from './services/shopify-setup.service';
import { ShopifyTokens } from './services/shopify-tokens.service';
import { WebhookApplyService } from './services/webhook-apply.service';
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
export class SyncModule {}

/** Worker: connection setup, the initial import and applying inbound webhooks. */
@Module({
  imports: [MikroOrmModule.forFeature(SYNC_ENTITIES)],
  providers: [
    ...SHARED,
    ShopifySetupService,
    InboundCustomersService,
    InboundProductsService,
    WebhookApplyService,
    SyncProcessor,
    ShopifyImportService,
    ShopifyImportProcessor,
  ],
})
export class SyncWorkerModule {}
