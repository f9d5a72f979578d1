import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExportBatch, SqlStatement } from '@retailos/shared/contracts';
import { positional, queryPrepared, runAtomicBatch, type AtomicBatchOutcome } from './atomic-batch';
import { dedicatedClient } from './sql-sessions';

/**
 * The one way raw SQL reaches Postgres (only from `*.sql.ts` files; everything else uses the EntityManager or the
 * QueryBuilder of its repository):
 *
 * - `sqlRows` / `sqlRow` / `sqlRun`: one statement on the EntityManager, so inside the caller's transaction when there
 *   is one (MikroORM's public `execute`, values formatted by the ORM's platform);
 * - `sqlPrepared`: a hot read as a named prepared statement on a pooled session, outside any transaction;
 * - `sqlBatch`: several statements as one implicit transaction in one round trip (see runAtomicBatch).
 *
 * Statements are built with `sql(text, values)` (`?` placeholders), so every path takes the same value.
 */
export function sql(text: string, values: unknown[] = [], options: { prepare?: boolean } = {}): SqlStatement {
  return positional(text, values, options);
}

/** The statement back in the ORM's `?` form, values in placeholder order. */
function ormQuery(statement: SqlStatement): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = statement.text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= statement.values.length) throw new Error(`no value for $${n}`);
    values.push(statement.values[i]);
    return '?';
  });
  return { text, values };
}

/** The statement's rows, typed by the caller's row interface (the one place a row shape is asserted). */
export async function sqlRows<T>(em: EntityManager, statement: SqlStatement): Promise<T[]> {
  const q = ormQuery(statement);
  return (await em.execute(q.text, q.values, 'all')) as T[];
}

export async function sqlRow<T>(em: EntityManager, statement: SqlStatement): Promise<T | null> {
  return (await sqlRows<T>(em, statement))[0] ?? null;
}

/** Runs a statement for its effect; returns the rows it affected. */
export async function sqlRun(em: EntityManager, statement: SqlStatement): Promise<number> {
  const q = ormQuery(statement);
  const res = await em.execute<{ affectedRows: number }>(q.text, q.values, 'run');
  return res.affectedRows;
}

/**
 * An export stream's batch reader over one statement whose `?` placeholders take the workspace, the key to start
 * after ('' from the start) and the limit, in that order, and which orders its rows by the column `key`.
 */
export function sqlExportBatch(
  text: string,
  key: string,
): (em: EntityManager, workspaceId: string, after: string | null, limit: number) => Promise<ExportBatch> {
  return async (em, workspaceId, after, limit) => {
    const rows = await sqlRows<Record<string, unknown>>(em, sql(text, [workspaceId, after ?? '', limit]));
    const last = rows[rows.length - 1];
    return { rows, next: rows.length === limit && last ? String(last[key]) : null };
  };
}

export function sqlPrepared<T>(em: EntityManager, statement: SqlStatement): Promise<T[]> {
  return queryPrepared<T>(em, statement);
}

export function sqlBatch(em: EntityManager, statements: SqlStatement[]): Promise<AtomicBatchOutcome> {
  return runAtomicBatch(em, statements);
}

/** Transaction-scoped advisory lock (released at commit or rollback); `wait: false` answers whether it was taken. */
export async function advisoryXactLock(
  em: EntityManager,
  key: number | string,
  options: { wait?: boolean } = {},
): Promise<boolean> {
  // A string key is hashed by Postgres, so callers can lock a name (a resource id) rather than invent numbers.
  const arg = typeof key === 'number' ? '?::bigint' : 'hashtextextended(?, 0)';
  const text =
    options.wait === false
      ? `select pg_try_advisory_xact_lock(${arg}) as ok`
      : `select true as ok from pg_advisory_xact_lock(${arg})`;
  const row = await sqlRow<{ ok: boolean }>(em, sql(text, [key]));
  return row?.ok === true;
}

/** NOTIFY on the channel, delivered by Postgres at commit of the caller's transaction. */
export async function notifyChannel(em: EntityManager, channel: string): Promise<void> {
  await sqlRows(em, sql('select pg_notify(?, ?)', [channel, '']));
}

export interface Listener {
  close(): Promise<void>;
}

/** LISTEN on a dedicated connection (a pooled one would be handed to others); onLost fires once if it drops. */
export async function listenChannel(
  em: EntityManager,
  channel: string,
  onNotify: () => void,
  onLost: (err: Error) => void,
): Promise<Listener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new TypeError(`not a channel name: ${channel}`);
  const client = dedicatedClient(em);
  client.on('error', onLost);
  await client.connect();
  try {
    await client.query(`listen ${channel}`);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  client.on('notification', onNotify);
  return { close: () => client.end().catch(() => undefined) };
}
