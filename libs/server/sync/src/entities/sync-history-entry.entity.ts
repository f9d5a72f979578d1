import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';
import type { FieldChange, FieldConflict, FieldSource } from '../domain/field-merge';
import type { SyncEntityType } from './sync-record.entity';

export type SyncDirection = 'inbound' | 'outbound';

export interface SyncCause {
  webhookId?: string;
  eventId?: string;
  jobId?: string;
}

/** One change applied in either direction, written in the same transaction as the change itself. */
@Entity({ tableName: 'sync_history' })
@Index({
  name: 'sync_history_ws_time_idx',
  expression: 'create index sync_history_ws_time_idx on sync_history (workspace_id, occurred_at desc, id desc)',
})
@Index({
  name: 'sync_history_ws_entity_idx',
  expression:
    'create index sync_history_ws_entity_idx on sync_history (workspace_id, entity_type, entity_id, occurred_at desc)',
})
export class SyncHistoryEntry extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  entityType: SyncEntityType;

  @Property({ type: 'text', nullable: true })
  entityId: string | null;

  @Property({ type: 'text', nullable: true })
  gid: string | null;

  @Property({ type: 'text', nullable: true })
  sku: string | null = null;

  @Property({ type: 'text', nullable: true })
  orderCode: string | null = null;

  @Enum({ items: ['inbound', 'outbound'], type: 'text' })
  direction: SyncDirection;

  @Enum({ items: ['import', 'webhook', 'push', 'reconciliation', 'revert', 'redo', 'local'], type: 'text' })
  source: FieldSource;

  @Property({ type: 'json', columnType: 'jsonb' })
  changes: FieldChange[];

  @Property({ type: 'json', columnType: 'jsonb' })
  conflicts: FieldConflict[];

  @Property({ type: 'json', columnType: 'jsonb' })
  cause: SyncCause;

  @Property({ type: 'text' })
  actor: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  occurredAt: Date = new Date();

  constructor(input: {
    workspaceId: string;
    entityType: SyncEntityType;
    entityId: string | null;
    gid: string | null;
    direction: SyncDirection;
    source: FieldSource;
    changes: FieldChange[];
    conflicts: FieldConflict[];
    cause: SyncCause;
    actor: string;
    sku?: string | null;
    orderCode?: string | null;
  }) {
    super('shi', input.workspaceId);
    this.entityType = input.entityType;
    this.entityId = input.entityId;
    this.gid = input.gid;
    this.direction = input.direction;
    this.source = input.source;
    this.changes = input.changes;
    this.conflicts = input.conflicts;
    this.cause = input.cause;
    this.actor = input.actor;
    this.sku = input.sku ?? null;
    this.orderCode = input.orderCode ?? null;
  }
}
