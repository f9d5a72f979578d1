import type { EntityManager } from '@mikro-orm/postgresql';
import { TENANT_FILTER } from '@retailos/server/core';

/** A forked entity manager bound to one workspace: ORM queries through it are filtered to that tenant. */
export function tenantEm(em: EntityManager, workspaceId: string): EntityManager {
  const fork = em.fork({ clear: true });
  fork.setFilterParams(TENANT_FILTER, { workspaceId });
  return fork;
}

/** Options that switch the tenant filter off for one query: only for lookups that are global by design. */
export const WITHOUT_TENANT_FILTER = { filters: { [TENANT_FILTER]: false } } as const;
