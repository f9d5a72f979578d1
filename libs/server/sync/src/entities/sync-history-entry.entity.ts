import { Entity, Index, Property } from '@mikro-orm/core';
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
@Index({ name: 'sync_history_ws_time_idx', properties: ['workspaceId', 'occurredAt', 'id'] })
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

  @Property({ type: 'text' })
  direction: SyncDirection;

  @Property({ type: 'text' })
  source: FieldSource;

  @Property({ type: 'json' })
  changes: FieldChange[];

  @Property({ type: 'json' })
  conflicts: FieldConflict[];

  @Property({ type: 'json' })
  cause: SyncCause;

  @Property({ type: 'text' })
  actor: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
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
