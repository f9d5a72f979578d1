import { MikroORM } from '@mikro-orm/postgresql';
import { positional, queryPrepared, runAtomicBatch, textArray } from '..';

describe('runAtomicBatch (real Postgres)', () => {
  let orm: MikroORM;
  const table = `atomic_batch_probe_${process.pid}`;

  beforeAll(async () => {
    orm = await MikroORM.init({ clientUrl: process.env['DATABASE_URL'], entities: [], discovery: { warnWhenNoEntities: false }, allowGlobalContext: true, pool: { min: 0, max: 1 } });
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

  it('prepared statements: prepared once per session, rolled back with the batch, prepared again when the session lost them', async () => {
    const insert = (id: number, note: string) => positional(`insert into ${table} values (?, ?) returning id, note`, [id, note], { prepare: true });
    const ok = await runAtomicBatch(orm.em, [insert(10, "it's prepared"), insert(11, 'twice')]);
    expect(ok.committed).toBe(true);
    expect(ok.results.map((r) => r.rows[0])).toEqual([
      { id: 10, note: "it's prepared" },
      { id: 11, note: 'twice' },
    ]);
    const failed = await runAtomicBatch(orm.em, [insert(12, 'doomed'), insert(10, 'duplicate key')]);
    expect(failed.committed).toBe(false);
    expect(failed.error?.code).toBe('23505');
    // The (single) pooled session forgets its prepared statements; the next batch prepares again instead of failing.
    const preparedCount = async (): Promise<number> =>
      ((await orm.em.fork().execute('select count(*)::int as n from pg_prepared_statements')) as { n: number }[])[0]?.n ?? -1;
    expect(await preparedCount()).toBe(1);
    await runAtomicBatch(orm.em, [positional('deallocate all', [])]);
    expect(await preparedCount()).toBe(0);
    const again = await runAtomicBatch(orm.em, [insert(13, 'after deallocate')]);
    expect(again.error).toBeUndefined();
    expect(again.committed).toBe(true);
    expect(await preparedCount()).toBe(1);
    const rows = await queryPrepared<{ id: number }>(orm.em, positional(`select id from ${table} where note = any(?::text[]) order by id`, [textArray(['twice', 'after deallocate', 'doomed'])]));
    expect(rows).toEqual([{ id: 11 }, { id: 13 }]);
    // Sessions that run prepared statements use their generic plans (no re-planning per call).
    expect(await queryPrepared<{ m: string }>(orm.em, positional("select current_setting('plan_cache_mode') as m", []))).toEqual([{ m: 'force_generic_plan' }]);
  });
});
