import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, closeSqlSessions } from '@retailos/server/core';
import { createOrmConfig } from './orm-config';

/** Ends the pooled sessions of the raw-SQL execution API (`@retailos/server/core` sql/) with the app. */
@Injectable()
class SqlSessionsShutdown implements OnApplicationShutdown {
  constructor(private readonly orm: MikroORM) {}

  async onApplicationShutdown(): Promise<void> {
    await closeSqlSessions(this.orm.em);
  }
}

/** MikroORM for the Nest apps; entities come from each context's MikroOrmModule.forFeature (autoLoadEntities). */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [AppConfig],
      driver: PostgreSqlDriver,
      useFactory: (config: AppConfig) => ({
        ...createOrmConfig({ clientUrl: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX }),
        autoLoadEntities: true,
        // No per-request EntityManager fork (a middleware, a RequestContext and an AsyncLocalStorage scope on every
        // request): every service forks explicitly (`this.em.fork()`, `tenantEm`) or runs raw SQL on a pooled
        // connection, and allowGlobalContext stays false, so code leaning on an implicit context would still throw.
        // (With forRootAsync the module reads this from the factory's result.)
        registerRequestContext: false,
      }),
    }),
  ],
  providers: [SqlSessionsShutdown],
})
export class DatabaseModule {}
