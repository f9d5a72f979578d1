import { Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceRow } from '@retailos/server/database';

/** The append-only stock ledger (a trigger refuses UPDATE and DELETE). */
@Entity({ tableName: 'inventory_movements' })
@Index({
  name: 'inventory_movements_level_idx',
  expression:
    'create index inventory_movements_level_idx on inventory_movements (workspace_id, variant_id, location_id, created_at desc, id desc)',
})
@Index({ name: 'inventory_movements_reference_idx', properties: ['workspaceId', 'reference'] })
@Index({
  name: 'inventory_movements_sale_uq',
  expression:
    "create unique index inventory_movements_sale_uq on inventory_movements (workspace_id, reference, variant_id, location_id) where reason = 'order_placed' and reference is not null",
})
export class InventoryMovement extends WorkspaceRow {
  @Property({ type: 'text' })
  variantId!: string;

  @Property({ type: 'text' })
  locationId!: string;

  @Property({ type: 'integer' })
  delta!: number;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'text', nullable: true })
  reference: string | null = null;

  @Property({ type: 'text', nullable: true })
  actor: string | null = null;

  @Property({ type: 'integer' })
  availableAfter!: number;

  @Property({ type: 'integer' })
  onHandAfter!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;
}
