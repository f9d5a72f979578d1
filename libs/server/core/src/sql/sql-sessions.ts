import type { EntityManager } from '@mikro-orm/postgresql';
import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';

/**
 * Sessions for the statements that need one connection of their own for a moment: the single-round-trip atomic batch
 * and named prepared statements (both keep per-session state the ORM's pool cannot show us). One documented node-postgres
 * Pool per ORM connection, built from the ORM's own connection options and pool size, created on first use and ended
 * by closeSqlSessions (the DatabaseModule does it at shutdown). Nothing outside this folder opens a Pool.
 */
const pools = new WeakMap<object, Pool>();

function connectionConfig(em: EntityManager): PoolConfig {
  const o = em.getConnection().getConnectionOptions();
  const secret = o.password;
  const password =
    typeof secret === 'function'
      ? async (): Promise<string> => {
          const p = await secret();
          return typeof p === 'string' ? p : p.password;
        }
      : secret;
  // An URL without a port parses as 0: leave it to the driver's default.
  return { host: o.host, port: o.port || undefined, user: o.user, password, database: o.database };
}

export function sessionPool(em: EntityManager): Pool {
  const key = em.getConnection();
  let pool = pools.get(key);
  if (!pool) {
    pool = new Pool({
      ...connectionConfig(em),
      max: em.config.get('pool')?.max ?? 20,
      idleTimeoutMillis: 30_000,
      // A CLI or a test that forgets closeSqlSessions still exits once its sessions are idle.
      allowExitOnIdle: true,
    });
    // An idle session dropped by the server (restart, DROP DATABASE ... WITH (FORCE)) must not crash the process;
    // the pool discards it and the next checkout opens a new one.
    pool.on('error', () => undefined);
    pools.set(key, pool);
  }
  return pool;
}

/** A pooled session for the duration of fn. */
export async function withSession<T>(em: EntityManager, fn: (session: PoolClient) => Promise<T>): Promise<T> {
  const session = await sessionPool(em).connect();
  let broken: Error | undefined;
  try {
    return await fn(session);
  } catch (err) {
    // A connection-level failure (not a SQL error with a SQLSTATE) leaves the session unusable: do not pool it again.
    if (!(err as { code?: string }).code) broken = err as Error;
    throw err;
  } finally {
    session.release(broken);
  }
}

/** Ends the sessions opened for this ORM (idempotent). */
export async function closeSqlSessions(em: EntityManager): Promise<void> {
  const key = em.getConnection();
  const pool = pools.get(key);
  if (!pool) return;
  pools.delete(key);
  await pool.end();
}

/** A dedicated connection outside every pool (LISTEN holds its session for the life of the process). */
export function dedicatedClient(em: EntityManager): Client {
  return new Client(connectionConfig(em));
}
