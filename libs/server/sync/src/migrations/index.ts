import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261130000900SyncConnections } from './20261130000900-sync-connections';

export const syncMigrations: MigrationObject[] = [{ name: 'Migration20261130000900SyncConnections', class: Migration20261130000900SyncConnections }];
