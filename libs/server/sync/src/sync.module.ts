import { Module } from '@nestjs/common';
import { ShopifyBudget } from './shopify/shopify-budget';
import { ShopifyGraphql } from './shopify/shopify-graphql.service';
import { ShopifySettings } from './shopify/shopify-settings';

const SHOPIFY_CLIENT = [ShopifySettings, ShopifyBudget, ShopifyGraphql];

/** Api: connect (OAuth), inbound webhooks, locations mapping, import progress, Sync History. */
@Module({
  providers: [...SHOPIFY_CLIENT],
})
export class SyncModule {}

/** Worker: applies inbound webhooks and runs imports. */
@Module({
  providers: [...SHOPIFY_CLIENT],
})
export class SyncWorkerModule {}
