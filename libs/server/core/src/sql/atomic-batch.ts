import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlStatement } from '@retailos/shared/contracts';
import type { Client, QueryResult } from 'pg';
import { withSession } from './sql-sessions';

/** Rewrites knex-style `?` placeholders to `$n` (our SQL never uses the jsonb `?` operators). */
export function positional(sql: string, values: unknown[], options: { prepare?: boolean } = {}): SqlStatement {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (n !== values.length) throw new Error(`positional: ${n} placeholders for ${values.length} values`);
  return options.prepare ? { text, values, prepare: true } : { text, values };
}

/** int[] / bigint[] literal for a `?::int[]` binding (see textArray for text). */
export function numberArray(values: readonly number[]): string {
  return `{${values
    .map((v) => {
      if (!Number.isFinite(v)) throw new TypeError('non-finite number in SQL array');
      return String(v);
    })
    .join(',')}}`;
}

/** A value as a SQL literal. Strings go through the driver's escapeLiteral; anything else unexpected is refused. */
export function sqlLiteral(client: Pick<Client, 'escapeLiteral'>, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('non-finite number in SQL');
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return client.escapeLiteral(value);
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  throw new TypeError(`unsupported SQL value of type ${typeof value}`);
}

export function inlineStatement(client: Pick<Client, 'escapeLiteral'>, statement: SqlStatement): string {
  return statement.text.replace(/\$(\d+)/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= statement.values.length) throw new Error(`no value for $${n}`);
    return sqlLiteral(client, statement.values[i]);
  });
}

// Keyed by the text itself (a constant string from code, whose hash V8 keeps): no per-call string building.
const preparedNames = { rb: new Map<string, string>(), rq: new Map<string, string>() };

/**
 * A stable name per statement text (the same on every process, so a pooled session never sees two meanings). Batch
 * statements (SQL `PREPARE`, `rb_`) and protocol-level ones (queryPrepared, `rq_`) share a session's namespace but
 * are bookkept apart, hence the two prefixes.
 */
export function preparedName(text: string, prefix: 'rb' | 'rq' = 'rb'): string {
  const names = preparedNames[prefix];
  let name = names.get(text);
  if (!name) {
    name = `${prefix}_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    // Prepared texts are a handful of constants; the bound only guards against a caller preparing dynamic SQL.
    if (names.size >= 1000) names.clear();
    names.set(text, name);
  }
  return name;
}

/** `EXECUTE name(literal, ...)`: the simple protocol's way to run a statement prepared on this session. */
export function executeStatement(client: Pick<Client, 'escapeLiteral'>, statement: SqlStatement): string {
  const name = preparedName(statement.text);
  return statement.values.length === 0
    ? `execute ${name}`
    : `execute ${name}(${statement.values.map((v) => sqlLiteral(client, v)).join(', ')})`;
}

/** Statements prepared on each pooled session; a new connection starts empty. */
const preparedOn = new WeakMap<object, Set<string>>();

/**
 * A session runs our prepared statements with their generic plan. Left to `auto`, Postgres keeps re-planning any whose
 * generic estimate looks worse than the custom plans (unnest of arrays is estimated at 10 rows, a one-line order has
 * 1), which is every call: measured 280 us of Postgres CPU for the variant lookup, most of it planning. Only named
 * statements are affected; the ORM's unnamed ones are planned per call as before.
 */
async function sessionOf(conn: Client): Promise<Set<string>> {
  let done = preparedOn.get(conn);
  if (!done) {
    await conn.query('set plan_cache_mode = force_generic_plan');
    done = new Set();
    preparedOn.set(conn, done);
  }
  return done;
}

async function ensurePrepared(conn: Client, statements: SqlStatement[]): Promise<void> {
  if (!statements.some((s) => s.prepare)) return;
  const done = await sessionOf(conn);
  for (const s of statements) {
    if (!s.prepare) continue;
    const name = preparedName(s.text);
    if (done.has(name)) continue;
    try {
      await conn.query(`prepare ${name} as ${s.text}`);
    } catch (err) {
      // 42P05: prepared on this session already (by an earlier life of this process's bookkeeping).
      if ((err as { code?: string }).code !== '42P05') throw err;
    }
    done.add(name);
  }
}

/** SQLSTATE 26000: the session lost a prepared statement (DISCARD ALL, DEALLOCATE): prepare again and retry once. */
const PREPARED_STATEMENT_MISSING = '26000';

export interface AtomicBatchOutcome {
  committed: boolean;
  /** One per statement when committed. */
  results: QueryResult[];
  error?: Error & { code?: string; constraint?: string; detail?: string };
}

/**
 * Runs the statements as ONE simple-protocol message: Postgres executes them in order as a single implicit
 * transaction that commits at the end, or rolls back entirely at the first error. The whole transaction is one round
 * trip, so a hot row locked by a late statement is held only for the rest of the server-side work and the commit;
 * it never waits for this process's (busy) event loop. The price: values are inlined as literals (escapeLiteral,
 * typed), because the simple protocol has no bind parameters, and Postgres parses and plans every statement anew.
 * Statements marked `prepare` avoid the planning: each is prepared once per pooled session (`PREPARE`, one extra round
 * trip the first time only) and the batch carries `EXECUTE name(literals)` for it. Sessions come from sql-sessions.ts
 * (a documented pg Pool), so this never reaches into the ORM's query builder internals.
 */
export function runAtomicBatch(em: EntityManager, statements: SqlStatement[]): Promise<AtomicBatchOutcome> {
  return withSession(em, async (conn) => {
    const text = statements.map((s) => (s.prepare ? executeStatement(conn, s) : inlineStatement(conn, s))).join(';\n');
    for (let attempt = 0; ; attempt++) {
      await ensurePrepared(conn, statements);
      try {
        const raw = (await conn.query(text)) as unknown as QueryResult | QueryResult[];
        return { committed: true, results: Array.isArray(raw) ? raw : [raw] };
      } catch (err) {
        if ((err as { code?: string }).code === PREPARED_STATEMENT_MISSING && attempt === 0) {
          preparedOn.delete(conn);
          continue;
        }
        return { committed: false, results: [], error: err as AtomicBatchOutcome['error'] };
      }
    }
  });
}

/**
 * One statement as a named prepared statement (extended protocol) on a pooled connection: node-postgres parses it
 * once per session and only binds afterwards, so a hot read outside any transaction is planned once, not per call.
 * The text must not vary between calls (values only; arrays as one `?::text[]` value).
 */
export function queryPrepared<T>(em: EntityManager, statement: SqlStatement): Promise<T[]> {
  return withSession(em, async (conn) => {
    await sessionOf(conn);
    const res = await conn.query({
      name: preparedName(statement.text, 'rq'),
      text: statement.text,
      values: statement.values,
    });
    return res.rows as T[];
  });
}
