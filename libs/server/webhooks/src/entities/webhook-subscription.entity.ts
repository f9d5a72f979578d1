import { Enum, Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';

export type WebhookSubscriptionStatus = 'active' | 'disabled';

@Entity({ tableName: 'webhook_subscriptions' })
@Index({ name: 'webhook_subscriptions_ws_idx', properties: ['workspaceId', 'createdAt', 'id'] })
@Index({
  name: 'webhook_subscriptions_topics_idx',
  expression:
    "create index webhook_subscriptions_topics_idx on webhook_subscriptions using gin (topics) where status = 'active'",
})
export class WebhookSubscription extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'text[]', columnType: 'text[]' })
  topics!: string[];

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Enum({ items: ['active', 'disabled'], type: 'text', default: 'active' })
  status: WebhookSubscriptionStatus = 'active';

  @Property({ type: 'text', nullable: true })
  disabledReason: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disabledAt: Date | null = null;

  /** AES-GCM ciphertext of the signing secret. */
  @Property({ type: 'text', hidden: true })
  secretEnc!: string;

  @Property({ type: 'text', nullable: true, hidden: true })
  previousSecretEnc: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  failingSince: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null = null;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('whs', workspaceId, id);
  }
}
