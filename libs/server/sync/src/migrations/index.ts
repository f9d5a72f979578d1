import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261130000900SyncConnections } from './20261130000900-sync-connections';
import { Migration20261130000901SyncRecordsHistory } from './20261130000901-sync-records-history';
import { Migration20261130000920SyncStockExpectations } from './20261130000920-sync-stock-expectations';
import { Migration20261130001000SyncInboxQueued } from './20261130001000-sync-inbox-queued';
import { Migration20261130001400ShopifyImports } from './20261130001400-shopify-imports';

export const syncMigrations: MigrationObject[] = [
  { name: 'Migration20261130000900SyncConnections', class: Migration20261130000900SyncConnections },
  { name: 'Migration20261130000901SyncRecordsHistory', class: Migration20261130000901SyncRecordsHistory },
  { name: 'Migration20261130000920SyncStockExpectations', class: Migration20261130000920SyncStockExpectations },
  { name: 'Migration20261130001000SyncInboxQueued', class: Migration20261130001000SyncInboxQueued },
  { name: 'Migration20261130001400ShopifyImports', class: Migration20261130001400ShopifyImports },
];
