import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The statements MikroORM's schema generator would run to make the database match the entities, one per line, minus
 * the documented exceptions. Empty means the migrations and the entities describe the same schema.
 */
export async function schemaDrift(orm: MikroORM, exceptions: readonly RegExp[] = []): Promise<string[]> {
  const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
  return sql
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !exceptions.some((re) => re.test(line)));
}
