import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';

export type ConnectionStatus = 'active' | 'revoked' | 'disconnected';

/** A workspace's link to its one Shopify shop. The access token is stored sealed (AES-256-GCM), never in clear. */
@Entity({ tableName: 'shopify_connections' })
@Index({ name: 'shopify_connections_shop_idx', properties: ['shopDomain'] })
@Index({
  name: 'shopify_connections_ws_uq',
  expression: 'create unique index shopify_connections_ws_uq on shopify_connections (workspace_id)',
})
@Index({
  name: 'shopify_connections_active_shop_uq',
  expression:
    "create unique index shopify_connections_active_shop_uq on shopify_connections (shop_domain) where status = 'active'",
})
export class ShopifyConnection extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  shopDomain: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  accessTokenSealed: string;

  @Property({ type: 'text' })
  scopes: string;

  @Enum({ items: ['active', 'revoked', 'disconnected'], type: 'text', default: 'active' })
  status: ConnectionStatus = 'active';

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  connectedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt?: Date | null = null;

  /** When the webhook subscriptions this sync needs were last confirmed on the shop. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  webhooksRegisteredAt?: Date | null = null;

  @Property({ type: 'json', columnType: 'jsonb', nullable: true })
  webhookTopics?: string[] | null = null;

  constructor(workspaceId: string, shopDomain: string, accessTokenSealed: string, scopes: string) {
    super('shc', workspaceId);
    this.shopDomain = shopDomain;
    this.accessTokenSealed = accessTokenSealed;
    this.scopes = scopes;
  }
}
