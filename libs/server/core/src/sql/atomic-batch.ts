import type { EntityManager } from '@mikro-orm/postgresql';
import type { SqlStatement } from '@retailos/shared/contracts';
import type { Client, QueryResult } from 'pg';

/** Rewrites knex-style `?` placeholders to `$n` (our SQL never uses the jsonb `?` operators). */
export function positional(sql: string, values: unknown[]): SqlStatement {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (n !== values.length) throw new Error(`positional: ${n} placeholders for ${values.length} values`);
  return { text, values };
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
 * typed), because the simple protocol has no bind parameters.
 */
export async function runAtomicBatch(em: EntityManager, statements: SqlStatement[]): Promise<AtomicBatchOutcome> {
  const knexClient = em.getConnection().getKnex().client as { acquireConnection(): Promise<Client>; releaseConnection(c: Client): Promise<void> };
  const conn = await knexClient.acquireConnection();
  try {
    const text = statements.map((s) => inlineStatement(conn, s)).join(';\n');
    let raw: QueryResult | QueryResult[];
    try {
      raw = (await conn.query(text)) as unknown as QueryResult | QueryResult[];
    } catch (err) {
      return { committed: false, results: [], error: err as AtomicBatchOutcome['error'] };
    }
    return { committed: true, results: Array.isArray(raw) ? raw : [raw] };
  } finally {
    await knexClient.releaseConnection(conn);
  }
}
