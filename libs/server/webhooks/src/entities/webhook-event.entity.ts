import { BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { WorkspaceOwned, WorkspaceRow } from '@retailos/server/database';

/** The envelope of an event that has deliveries (kept apart from the outbox's retention). */
@Entity({ tableName: 'webhook_events' })
@Index({ name: 'webhook_events_occurred_idx', properties: ['occurredAt'] })
export class WebhookEvent extends WorkspaceRow {
  @Property({ type: 'text' })
  topic!: string;

  @Property({ type: 'json', columnType: 'jsonb' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;
}

/** An event already matched to subscriptions: fan-out of a workspace runs in event order. */
@Entity({ tableName: 'webhook_fanouts' })
@WorkspaceOwned()
@Index({ name: 'webhook_fanouts_ws_seq_idx', properties: ['workspaceId', 'eventSeq'] })
@Index({ name: 'webhook_fanouts_at_idx', properties: ['fannedOutAt'] })
export class WebhookFanout {
  @PrimaryKey({ type: 'text' })
  eventId!: string;

  @Property({ type: 'text' })
  workspaceId!: string;

  @Property({ type: new BigIntType('number') })
  eventSeq!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  fannedOutAt: Date = new Date();
}
