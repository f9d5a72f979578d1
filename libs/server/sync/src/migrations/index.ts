import type { MigrationObject } from '@mikro-orm/core';

export const syncMigrations: MigrationObject[] = [];
