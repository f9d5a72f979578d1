export * from './shopify-connection.entity';
export * from './shopify-location-map.entity';
export * from './shopify-webhook.entity';

import { ShopifyConnection } from './shopify-connection.entity';
import { ShopifyLocationMap } from './shopify-location-map.entity';
import { ShopifyWebhook } from './shopify-webhook.entity';

export const SYNC_ENTITIES = [ShopifyConnection, ShopifyLocationMap, ShopifyWebhook];
