import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000300Inventory } from './20261123000300-inventory';

export const inventoryMigrations: MigrationObject[] = [
  { name: 'Migration20261123000300Inventory', class: Migration20261123000300Inventory },
];
