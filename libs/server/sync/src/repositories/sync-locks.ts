import type { EntityManager } from '@mikro-orm/postgresql';
import { advisoryXactLock } from '@retailos/server/core';

/**
 * Serializes every write about one Shopify resource (per workspace) for the rest of the transaction: two deliveries
 * for one product never race, whichever worker copy runs them. A transaction-scoped advisory lock has no ORM
 * equivalent, so it goes through core's execution API.
 */
export async function lockResource(tx: EntityManager, workspaceId: string, gid: string): Promise<void> {
  await advisoryXactLock(tx, `${workspaceId}|${gid}`);
}
