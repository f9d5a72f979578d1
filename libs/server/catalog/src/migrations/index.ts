import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000200Catalog } from './20261123000200-catalog';

export const catalogMigrations: MigrationObject[] = [
  { name: 'Migration20261123000200Catalog', class: Migration20261123000200Catalog },
];
