import { MikroORM } from '@mikro-orm/postgresql';
import { positional, runAtomicBatch } from './atomic-batch';

describe('runAtomicBatch (real Postgres)', () => {
  let orm: MikroORM;
  const table = `atomic_batch_probe_${process.pid}`;

  beforeAll(async () => {
    orm = await MikroORM.init({ clientUrl: process.env['DATABASE_URL'], entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true });
    await orm.em.execute(`create table ${table} (id int primary key, note text)`);
  });

  afterAll(async () => {
    await orm.em.execute(`drop table if exists ${table}`);
    await orm.close(true);
  });

  const count = async (): Promise<number> => ((await orm.em.fork().execute(`select count(*)::int as n from ${table}`)) as { n: number }[])[0]?.n ?? -1;

  it('commits every statement together and returns one result per statement', async () => {
    const out = await runAtomicBatch(orm.em, [
      positional(`insert into ${table} values (?, ?) returning id`, [1, "it's quoted"]),
      positional(`insert into ${table} values (?, ?) returning note`, [2, null]),
    ]);
    expect(out.committed).toBe(true);
    expect(out.results.map((r) => r.rows[0])).toEqual([{ id: 1 }, { note: null }]);
    expect(await count()).toBe(2);
  });

  it('a failing later statement rolls back the earlier ones, and the connection stays usable', async () => {
    const out = await runAtomicBatch(orm.em, [
      positional(`insert into ${table} values (?, ?)`, [3, 'doomed']),
      positional(`insert into ${table} values (?, ?)`, [1, 'duplicate key']),
    ]);
    expect(out.committed).toBe(false);
    expect(out.error?.code).toBe('23505');
    expect(await count()).toBe(2);
    // Every pooled connection is still healthy afterwards.
    const again = await Promise.all(Array.from({ length: 25 }, (_, i) => runAtomicBatch(orm.em, [positional('select ?::int as i', [i])])));
    expect(again.every((r) => r.committed)).toBe(true);
  });
});
