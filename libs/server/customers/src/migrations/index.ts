import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000400Customers } from './20261123000400-customers';

export const customersMigrations: MigrationObject[] = [
  { name: 'Migration20261123000400Customers', class: Migration20261123000400Customers },
];
