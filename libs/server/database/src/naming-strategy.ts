import { UnderscoreNamingStrategy } from '@mikro-orm/core';

/**
 * Constraint names as Postgres itself picks them (`<table>_<cols>_fkey`, `_key`, `_check`): our migrations are
 * hand-written SQL that leaves most names to Postgres, and the entities must describe the same schema.
 */
export class PostgresNamingStrategy extends UnderscoreNamingStrategy {
  override indexName(
    tableName: string,
    columns: string[],
    type: 'primary' | 'foreign' | 'unique' | 'index' | 'sequence' | 'check',
  ): string {
    const suffix = type === 'foreign' ? 'fkey' : type === 'unique' ? 'key' : null;
    if (!suffix) return super.indexName(tableName, columns, type);
    const table = tableName.includes('.') ? tableName.substring(tableName.indexOf('.') + 1) : tableName;
    return `${table}_${columns.map((c) => c.replace(/\./g, '_')).join('_')}_${suffix}`;
  }
}
