import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000300Inventory } from './20261123000300-inventory';
import { Migration20261130000910InventorySaleMovementUq } from './20261130000910-inventory-sale-movement-uq';

export const inventoryMigrations: MigrationObject[] = [
  { name: 'Migration20261123000300Inventory', class: Migration20261123000300Inventory },
  { name: 'Migration20261130000910InventorySaleMovementUq', class: Migration20261130000910InventorySaleMovementUq },
];
