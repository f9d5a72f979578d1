import { Client } from 'pg';
import { ensureDatabaseExists } from './migration-runner';

describe('ensureDatabaseExists (real Postgres)', () => {
  const name = `rt_ensure_${process.pid}_${Date.now()}`;
  const url = new URL(process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  url.pathname = `/${name}`;

  const exists = async (): Promise<boolean> => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      return ((await c.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
    } finally {
      await c.end();
    }
  };

  afterAll(async () => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    await c.query(`drop database if exists "${name}" with (force)`);
    await c.end();
  });

  it('creates a missing database once, even when three callers race, and leaves an existing one alone', async () => {
    expect(await exists()).toBe(false);
    await Promise.all([
      ensureDatabaseExists(url.toString()),
      ensureDatabaseExists(url.toString()),
      ensureDatabaseExists(url.toString()),
    ]);
    expect(await exists()).toBe(true);
    await ensureDatabaseExists(url.toString());
    expect(await exists()).toBe(true);
  });
});
