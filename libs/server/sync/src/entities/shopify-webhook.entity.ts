import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';

export type InboxStatus = 'received' | 'applied' | 'skipped' | 'failed';

/** One verified Shopify delivery as the inbox stores it: its headers' facts and its exact bytes. */
export interface InboundDelivery {
  shopDomain: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  triggeredAt: Date | null;
  body: string;
}

/**
 * The inbox: every verified Shopify delivery, once (unique on shop + X-Shopify-Webhook-Id), with its exact bytes
 * (ids above 2^53 stay intact), before anything is applied.
 */
@Entity({ tableName: 'shopify_webhooks' })
@Unique({ name: 'shopify_webhooks_delivery_uq', properties: ['shopDomain', 'webhookId'] })
@Index({ name: 'shopify_webhooks_ws_status_idx', properties: ['workspaceId', 'status', 'createdAt'] })
@Index({
  name: 'shopify_webhooks_unqueued_idx',
  expression: 'create index shopify_webhooks_unqueued_idx on shopify_webhooks (created_at) where queued_at is null',
})
export class ShopifyWebhook extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  shopDomain: string;

  @Property({ type: 'text' })
  webhookId: string;

  @Property({ type: 'text', nullable: true })
  eventId: string | null;

  @Property({ type: 'text' })
  topic: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  triggeredAt: Date | null;

  /** The raw body as received (the signature covered these bytes). */
  @Property({ type: 'text', lazy: true })
  body: string;

  @Enum({ items: ['received', 'applied', 'skipped', 'failed'], type: 'text', default: 'received' })
  status: InboxStatus = 'received';

  @Property({ type: 'integer', default: 0 })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  appliedAt: Date | null = null;

  /** When the worker's inbox drain enqueued the apply job (null: not yet; the api enqueues nothing per delivery). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  queuedAt: Date | null = null;

  constructor(input: InboundDelivery & { workspaceId: string }) {
    super('swh', input.workspaceId);
    this.shopDomain = input.shopDomain;
    this.webhookId = input.webhookId;
    this.eventId = input.eventId;
    this.topic = input.topic;
    this.triggeredAt = input.triggeredAt;
    this.body = input.body;
  }
}
