import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { PostgresNamingStrategy } from './naming-strategy';

export interface OrmConfigInput {
  clientUrl: string;
  poolMax?: number;
  entities?: Options['entities'];
  migrations?: MigrationObject[];
  debug?: boolean;
}

/** One MikroORM configuration for api, worker, CLI and tests. Migrations are a composed list, run only by the CLI. */
export function createOrmConfig(input: OrmConfigInput): Options {
  return defineConfig({
    clientUrl: input.clientUrl,
    entities: input.entities ?? [],
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: input.poolMax ?? 20 },
    forceUtcTimezone: true,
    namingStrategy: PostgresNamingStrategy,
    debug: input.debug ?? false,
    allowGlobalContext: false,
    migrations: {
      migrationsList: input.migrations ?? [],
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  });
}
