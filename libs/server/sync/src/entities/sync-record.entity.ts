import { Entity, Index, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';
import type { FieldStamp, FieldValues } from '../domain/field-merge';

export type SyncEntityType =
  'customer' | 'product' | 'variant' | 'order' | 'inventory_item' | 'inventory_level' | 'location';

/**
 * One Shopify resource and our row it is linked to (keyed on the GID, never the numeric id): the last state seen from
 * Shopify (the base of the three-way merge), its updated_at, and per synced field the time and source of its last write.
 */
@Entity({ tableName: 'sync_records' })
@Unique({ name: 'sync_records_gid_uq', properties: ['workspaceId', 'entityType', 'gid'] })
@Index({ name: 'sync_records_local_idx', properties: ['workspaceId', 'entityType', 'localId'] })
export class SyncRecord extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  entityType: SyncEntityType;

  @Property({ type: 'text' })
  gid: string;

  @Property({ type: 'text' })
  localId: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  shopifyUpdatedAt: Date;

  /** X-Shopify-Triggered-At of the state held (millisecond precision): orders two states of one updated_at second. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  shopifyTriggeredAt: Date | null = null;

  @Property({ type: 'json', columnType: 'jsonb' })
  lastSeen: FieldValues;

  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: `'{}'` })
  fieldStamps: Record<string, FieldStamp> = {};

  constructor(
    workspaceId: string,
    entityType: SyncEntityType,
    gid: string,
    localId: string,
    shopifyUpdatedAt: Date,
    lastSeen: FieldValues,
  ) {
    super('syr', workspaceId);
    this.entityType = entityType;
    this.gid = gid;
    this.localId = localId;
    this.shopifyUpdatedAt = shopifyUpdatedAt;
    this.lastSeen = lastSeen;
  }
}
