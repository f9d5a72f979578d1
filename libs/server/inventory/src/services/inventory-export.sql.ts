// Raw SQL justified by tools/bench/inventory-export.bench.ts (the export against the paginated ORM list of the same levels): one keyset batch joins levels, variants and locations.
import { sqlExportBatch } from '@retailos/server/core';

/** One export batch of levels with their SKU and location name, in level-id order, scoped to the workspace. */
export const inventoryExportBatch = sqlExportBatch(
  // The batch of levels is taken first, then joined: joined before the limit, the planner may join every level of the
  // workspace and sort them for each batch (measured: ~1 s a batch at 200,000 levels).
  `select l.id as "levelId", l.variant_id as "variantId", v.sku, l.location_id as "locationId", loc.name as "locationName",
          l.available, l.on_hand as "onHand", l.committed, l.updated_at as "updatedAt"
     from (select * from inventory_levels where workspace_id = ? and id > ? order by id limit ?) l
     join variants v on v.id = l.variant_id and v.workspace_id = l.workspace_id
     join locations loc on loc.id = l.location_id and loc.workspace_id = l.workspace_id
    order by l.id`,
  'levelId',
);
