import { BigIntType, Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A committed domain event waiting for (or kept after) the relay. Global by design, so no tenant filter: the relay
 * reads every workspace's rows in transaction order. Writers set workspace_id explicitly (OutboxService.append).
 */
@Entity({ tableName: 'outbox' })
@Index({
  name: 'outbox_unpublished_idx',
  expression: 'create index outbox_unpublished_idx on outbox (txid, seq) where published_at is null',
})
@Index({ name: 'outbox_workspace_seq_idx', properties: ['workspaceId', 'seq'] })
export class OutboxEvent {
  /** Filled by the table (identity, now(), the writing xid) or later by the relay. */
  [OptionalProps]?: 'seq' | 'occurredAt' | 'txid' | 'publishedAt';

  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  seq!: number;

  @Property({ type: 'text', unique: 'outbox_id_key' })
  id!: string;

  @Property({ type: 'text' })
  workspaceId!: string;

  @Property({ type: 'text' })
  topic!: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  occurredAt: Date = new Date();

  /** pg_current_xact_id() of the writing transaction: the relay publishes in commit order. */
  @Property({ type: 'string', columnType: 'xid8', defaultRaw: 'pg_current_xact_id()' })
  txid?: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt: Date | null = null;
}
