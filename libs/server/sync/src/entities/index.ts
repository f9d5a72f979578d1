export * from './shopify-connection.entity';
export * from './shopify-location-map.entity';
export * from './shopify-webhook.entity';
export * from './sync-record.entity';
export * from './sync-history-entry.entity';
export * from './sync-stock-expectation.entity';
export * from './shopify-import.entity';

import { ShopifyConnection } from './shopify-connection.entity';
import { ShopifyImport } from './shopify-import.entity';
import { ShopifyLocationMap } from './shopify-location-map.entity';
import { ShopifyWebhook } from './shopify-webhook.entity';
import { SyncHistoryEntry } from './sync-history-entry.entity';
import { SyncRecord } from './sync-record.entity';
import { SyncStockExpectation } from './sync-stock-expectation.entity';

export const SYNC_ENTITIES = [
  ShopifyConnection,
  ShopifyLocationMap,
  ShopifyWebhook,
  SyncRecord,
  SyncHistoryEntry,
  SyncStockExpectation,
  ShopifyImport,
];
