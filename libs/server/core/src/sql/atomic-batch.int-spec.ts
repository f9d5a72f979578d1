import { MikroORM } from '@mikro-orm/postgresql';
import {
  closeSqlSessions,
  positional,
  queryPrepared,
  runAtomicBatch,
  sql,
  sqlBatch,
  sqlPrepared,
  sqlRow,
  sqlRows,
  sqlRun,
  textArray,
} from '..';

describe('runAtomicBatch (real Postgres)', () => {
  let orm: MikroORM;
  const table = `atomic_batch_probe_${process.pid}`;

  beforeAll(async () => {
    orm = await MikroORM.init({
      clientUrl: process.env['DATABASE_URL'],
      entities: [],
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: true,
      pool: { min: 0, max: 1 },
    });
    await orm.em.execute(`create table ${table} (id int primary key, note text)`);
  });

  afterAll(async () => {
    await orm.em.execute(`drop table if exists ${table}`);
    await closeSqlSessions(orm.em);
    await orm.close(true);
  });

  const count = async (): Promise<number> =>
    ((await orm.em.fork().execute(`select count(*)::int as n from ${table}`)) as { n: number }[])[0]?.n ?? -1;

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
    const again = await Promise.all(
      Array.from({ length: 25 }, (_, i) => runAtomicBatch(orm.em, [positional('select ?::int as i', [i])])),
    );
    expect(again.every((r) => r.committed)).toBe(true);
  });

  it('prepared statements: prepared once per session, rolled back with the batch, prepared again when the session lost them', async () => {
    const insert = (id: number, note: string) =>
      positional(`insert into ${table} values (?, ?) returning id, note`, [id, note], { prepare: true });
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
    // Counted on the batch's own (single) session: prepared statements are per session.
    const preparedCount = async (): Promise<number> =>
      (
        (await runAtomicBatch(orm.em, [positional('select count(*)::int as n from pg_prepared_statements', [])]))
          .results[0]?.rows[0] as { n: number } | undefined
      )?.n ?? -1;
    expect(await preparedCount()).toBe(1);
    await runAtomicBatch(orm.em, [positional('deallocate all', [])]);
    expect(await preparedCount()).toBe(0);
    const again = await runAtomicBatch(orm.em, [insert(13, 'after deallocate')]);
    expect(again.error).toBeUndefined();
    expect(again.committed).toBe(true);
    expect(await preparedCount()).toBe(1);
    const rows = await queryPrepared<{ id: number }>(
      orm.em,
      positional(`select id from ${table} where note = any(?::text[]) order by id`, [
        textArray(['twice', 'after deallocate', 'doomed']),
      ]),
    );
    expect(rows).toEqual([{ id: 11 }, { id: 13 }]);
    // Sessions that run prepared statements use their generic plans (no re-planning per call).
    expect(
      await queryPrepared<{ m: string }>(orm.em, positional("select current_setting('plan_cache_mode') as m", [])),
    ).toEqual([{ m: 'force_generic_plan' }]);
  });
});

describe('the sql execution API (real Postgres)', () => {
  let orm: MikroORM;
  const table = `sql_api_probe_${process.pid}`;

  beforeAll(async () => {
    orm = await MikroORM.init({
      clientUrl: process.env['DATABASE_URL'],
      entities: [],
      discovery: { warnWhenNoEntities: false },
      allowGlobalContext: true,
      pool: { min: 0, max: 2 },
    });
    await orm.em.execute(`create table ${table} (id int primary key, note text, tags text[])`);
  });

  afterAll(async () => {
    await orm.em.execute(`drop table if exists ${table}`);
    await closeSqlSessions(orm.em);
    await closeSqlSessions(orm.em);
    await orm.close(true);
  });

  it('sqlRows / sqlRow / sqlRun run on the EntityManager, values in placeholder order, quotes and arrays intact', async () => {
    const em = orm.em.fork();
    expect(
      await sqlRun(
        em,
        sql(`insert into ${table} values (?, ?, ?::text[]), (?, ?, ?::text[])`, [
          1,
          "O'Brien ? $1",
          textArray(['a', 'b"c']),
          2,
          null,
          '{}',
        ]),
      ),
    ).toBe(2);
    expect(
      await sqlRows<{ id: number; note: string | null; tags: string[] }>(
        em,
        sql(`select id, note, tags from ${table} order by id`),
      ),
    ).toEqual([
      { id: 1, note: "O'Brien ? $1", tags: ['a', 'b"c'] },
      { id: 2, note: null, tags: [] },
    ]);
    expect(await sqlRow<{ id: number }>(em, sql(`select id from ${table} where id = ?`, [3]))).toBeNull();
    expect(await sqlRun(em, sql(`delete from ${table} where id = ?`, [2]))).toBe(1);
  });

  it('inside em.transactional the statements join the transaction (rolled back together)', async () => {
    await expect(
      orm.em.fork().transactional(async (tem) => {
        await sqlRun(tem, sql(`insert into ${table} (id, note) values (?, ?)`, [20, 'in tx']));
        expect(
          await sqlRow<{ n: number }>(tem, sql(`select count(*)::int as n from ${table} where id = ?`, [20])),
        ).toEqual({ n: 1 });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      await sqlRow<{ n: number }>(orm.em.fork(), sql(`select count(*)::int as n from ${table} where id = ?`, [20])),
    ).toEqual({ n: 0 });
  });

  it('sqlPrepared and sqlBatch use sessions of their own, never the ORM pool connections', async () => {
    const ormPid = await sqlRow<{ pid: number }>(orm.em.fork(), sql('select pg_backend_pid() as pid'));
    const [batchPid] = (await sqlBatch(orm.em, [sql('select pg_backend_pid() as pid')])).results.map(
      (r) => r.rows[0] as { pid: number },
    );
    const [preparedPid] = await sqlPrepared<{ pid: number }>(orm.em, sql('select pg_backend_pid() as pid'));
    expect(batchPid?.pid).toEqual(expect.any(Number));
    expect(preparedPid?.pid).toEqual(expect.any(Number));
    // The session pool is a pg Pool of its own, so its backends are other connections than the ORM's.
    const sessions = await sqlRows<{ n: number }>(
      orm.em.fork(),
      sql(
        'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid = any(?::int[]) and pid <> ?',
        [`{${batchPid?.pid},${preparedPid?.pid}}`, ormPid?.pid],
      ),
    );
    expect(sessions[0]?.n).toBeGreaterThanOrEqual(1);
  });

  it('closeSqlSessions ends the sessions; the next call opens new ones', async () => {
    await closeSqlSessions(orm.em);
    expect(await sqlPrepared<{ one: number }>(orm.em, sql('select 1 as one'))).toEqual([{ one: 1 }]);
  });
});
