import type { MigrationObject } from '@mikro-orm/core';
import { sortMigrations } from '@retailos/server/database';
import { identityMigrations } from '@retailos/server/identity';
import { outboxMigrations } from '@retailos/server/outbox';
import { webhooksMigrations } from '@retailos/server/webhooks';
import { idempotencyMigrations } from '@retailos/server/core';
import { catalogMigrations } from '@retailos/server/catalog';
import { inventoryMigrations } from '@retailos/server/inventory';
import { customersMigrations } from '@retailos/server/customers';
import { ordersMigrations } from '@retailos/server/orders';
import { syncMigrations } from '@retailos/server/sync';

/** Every context's migrations, composed in one ordered list (contexts own their files; this only lists them). */
export const ALL_MIGRATIONS: MigrationObject[] = sortMigrations([
  outboxMigrations,
  identityMigrations,
  webhooksMigrations,
  catalogMigrations,
  inventoryMigrations,
  customersMigrations,
  ordersMigrations,
  idempotencyMigrations,
  syncMigrations,
]);
