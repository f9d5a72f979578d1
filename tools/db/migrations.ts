import type { MigrationObject } from '@mikro-orm/core';
import { sortMigrations } from '@retailos/server/database';
import { outboxMigrations } from '@retailos/server/outbox';

/** Every context's migrations, composed in one ordered list (contexts own their files; this only lists them). */
export const ALL_MIGRATIONS: MigrationObject[] = sortMigrations([outboxMigrations]);
