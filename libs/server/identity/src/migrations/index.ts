import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000100Identity } from './20261123000100-identity';

export const identityMigrations: MigrationObject[] = [
  { name: 'Migration20261123000100Identity', class: Migration20261123000100Identity },
];
