import type { EntityManager } from '@mikro-orm/postgresql';

/** Raw SQL through the ORM's connection (knex bindings: `?` placeholders). Callers scope every query by workspace. */
export async function query<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await em.execute(sql, params as never[])) as T[];
}


