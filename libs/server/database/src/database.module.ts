import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Module } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { createOrmConfig } from './orm-config';

/** MikroORM for the Nest apps; entities come from each context's MikroOrmModule.forFeature (autoLoadEntities). */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [AppConfig],
      driver: PostgreSqlDriver,
      useFactory: (config: AppConfig) => ({
        ...createOrmConfig({ clientUrl: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX }),
        autoLoadEntities: true,
      }),
    }),
  ],
})
export class DatabaseModule {}
