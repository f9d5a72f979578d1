export * from './base.entity';
export * from './tenant';
export * from './orm-config';
export * from './migration-runner';
export * from './database.module';
export * from './naming-strategy';
export * from './schema-drift';
export * from './keyset';
