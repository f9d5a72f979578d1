import { Check, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';
import { Location } from './location.entity';

/** available = onHand - committed. `variant_id` references the catalog's variants (a cross-context key, no ORM relation). */
@Entity({ tableName: 'inventory_levels' })
@Unique({ name: 'inventory_levels_variant_id_location_id_key', properties: ['variantId', 'locationId'] })
@Index({ name: 'inventory_levels_ws_variant_idx', properties: ['workspaceId', 'variantId', 'locationId'] })
@Index({ name: 'inventory_levels_ws_location_idx', properties: ['workspaceId', 'locationId', 'id'] })
@Index({ name: 'inventory_levels_ws_id_idx', properties: ['workspaceId', 'id'] })
@Check({ name: 'inventory_levels_committed_check', expression: 'committed >= 0' })
export class InventoryLevel extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  variantId!: string;

  @ManyToOne(() => Location, {
    mapToPk: true,
    fieldName: 'location_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  locationId!: string;

  @Property({ type: 'integer', default: 0 })
  available = 0;

  @Property({ type: 'integer', default: 0 })
  onHand = 0;

  @Property({ type: 'integer', default: 0 })
  committed = 0;

  constructor(workspaceId: string, id?: string) {
    super('lvl', workspaceId, id);
  }
}
