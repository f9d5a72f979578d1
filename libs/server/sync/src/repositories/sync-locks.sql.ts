import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Serializes every write about one Shopify resource (per workspace) for the rest of the transaction: two deliveries
 * for one product never race, whichever worker copy runs them. A transaction-scoped advisory lock has no ORM
 * equivalent; this is a correctness primitive, not a measured hot path (no benchmark claims a speed-up from it).
 */
export async function lockResource(tx: EntityManager, workspaceId: string, gid: string): Promise<void> {
  await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`${workspaceId}|${gid}`]);
}
