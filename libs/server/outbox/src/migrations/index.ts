import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000Outbox } from './20261123000000-outbox';

export const outboxMigrations: MigrationObject[] = [
  { name: 'Migration20261123000000Outbox', class: Migration20261123000000Outbox },
];
