import { Enum, BigIntType, Entity, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';
import { WebhookSubscription } from './webhook-subscription.entity';

export type WebhookDeliveryStatus = 'pending' | 'sending' | 'failed' | 'succeeded' | 'dead';

@Entity({ tableName: 'webhook_deliveries' })
@Unique({ name: 'webhook_deliveries_sub_event_uq', properties: ['subscriptionId', 'eventId'] })
@Index({
  name: 'webhook_deliveries_ws_idx',
  expression: 'create index webhook_deliveries_ws_idx on webhook_deliveries (workspace_id, created_at desc, id desc)',
})
@Index({
  name: 'webhook_deliveries_open_idx',
  expression:
    "create index webhook_deliveries_open_idx on webhook_deliveries (subscription_id, event_seq) where status in ('pending', 'sending', 'failed')",
})
@Index({
  name: 'webhook_deliveries_due_idx',
  expression:
    "create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'failed', 'sending')",
})
@Index({ name: 'webhook_deliveries_event_idx', properties: ['eventId'] })
export class WebhookDelivery extends WorkspaceScopedEntity {
  @ManyToOne(() => WebhookSubscription, {
    mapToPk: true,
    fieldName: 'subscription_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  subscriptionId!: string;

  @Property({ type: 'text' })
  eventId!: string;

  @Property({ type: new BigIntType('number') })
  eventSeq!: number;

  @Property({ type: 'text' })
  topic!: string;

  @Enum({ items: ['pending', 'sending', 'failed', 'succeeded', 'dead'], type: 'text', default: 'pending' })
  status: WebhookDeliveryStatus = 'pending';

  @Property({ type: 'integer', default: 0 })
  attemptCount = 0;

  @Property({ type: 'integer', default: 0 })
  replayBase = 0;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  leaseUntil: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  succeededAt: Date | null = null;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('whd', workspaceId, id);
  }
}
