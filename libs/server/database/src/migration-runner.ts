import { MikroORM } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { createOrmConfig } from './orm-config';

/** Creates the database named in the URL when it does not exist yet (MikroORM's schema generator, via the `postgres` db). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  if (!decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''))) return;
  const orm = await MikroORM.init({ ...createOrmConfig({ clientUrl: databaseUrl, poolMax: 1 }), connect: false });
  try {
    await orm.schema.ensureDatabase();
  } catch (err) {
    // Two processes racing to create the same database: the loser sees 42P04 or, mid-insert, 23505; both are fine.
    const code = (err as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw err;
  } finally {
    await orm.close(true);
  }
}

/** Migrations are sorted by name (a timestamp prefix), so contexts interleave in the order they were written. */
export function sortMigrations(lists: MigrationObject[][]): MigrationObject[] {
  const all = lists.flat();
  const seen = new Set<string>();
  for (const m of all) {
    if (seen.has(m.name)) throw new Error(`Duplicate migration name: ${m.name}`);
    seen.add(m.name);
  }
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function migrate(
  databaseUrl: string,
  migrations: MigrationObject[],
  direction: 'up' | 'down',
  options: { to?: string } = {},
): Promise<string[]> {
  const orm = await MikroORM.init(createOrmConfig({ clientUrl: databaseUrl, migrations, poolMax: 2 }));
  try {
    const migrator = orm.getMigrator();
    const ran =
      direction === 'up'
        ? await migrator.up(options.to ? { to: options.to } : undefined)
        : await migrator.down(options.to ? { to: options.to } : undefined);
    return ran.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
