import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000500Orders } from './20261123000500-orders';

export const ordersMigrations: MigrationObject[] = [
  { name: 'Migration20261123000500Orders', class: Migration20261123000500Orders },
];
