import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000600IdempotencyKeys } from './20261123000600-idempotency-keys';

export const idempotencyMigrations: MigrationObject[] = [
  { name: 'Migration20261123000600IdempotencyKeys', class: Migration20261123000600IdempotencyKeys },
];
