// Raw SQL justified by the export stream benchmark in docs/BENCHMARKS.md (flat memory at a million rows): one keyset batch joins levels, variants and locations.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, sqlRows } from '@retailos/server/core';

/** One export batch of levels with their SKU and location name, in level-id order, scoped to the workspace. */
export function inventoryExportBatch(
  em: EntityManager,
  workspaceId: string,
  after: string | null,
  limit: number,
): Promise<Record<string, unknown>[]> {
  return sqlRows<Record<string, unknown>>(
    em,
    sql(
      `select l.id as "levelId", l.variant_id as "variantId", v.sku, l.location_id as "locationId", loc.name as "locationName",
            l.available, l.on_hand as "onHand", l.committed, l.updated_at as "updatedAt"
       from inventory_levels l
       join variants v on v.id = l.variant_id and v.workspace_id = l.workspace_id
       join locations loc on loc.id = l.location_id and loc.workspace_id = l.workspace_id
      where l.workspace_id = ? and l.id > ? order by l.id limit ?`,
      [workspaceId, after ?? '', limit],
    ),
  );
}
