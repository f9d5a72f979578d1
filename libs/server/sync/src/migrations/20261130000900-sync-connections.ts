import { Migration } from '@mikro-orm/migrations';

export class Migration20261130000900SyncConnections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table shopify_connections (
      id text primary key,
      workspace_id text not null,
      shop_domain text not null,
      access_token_sealed text not null,
      scopes text not null,
      status text not null default 'active' check (status in ('active', 'revoked', 'disconnected')),
      connected_at timestamptz not null default now(),
      revoked_at timestamptz,
      webhooks_registered_at timestamptz,
      webhook_topics jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
    // One shop per workspace (the row is reused on reconnect), and a shop feeds at most one workspace at a time.
    this.addSql('create unique index shopify_connections_ws_uq on shopify_connections (workspace_id);');
    this.addSql(
      `create unique index shopify_connections_active_shop_uq on shopify_connections (shop_domain) where status = 'active';`,
    );
    this.addSql('create index shopify_connections_shop_idx on shopify_connections (shop_domain);');

    this.addSql(`create table shopify_location_maps (
      id text primary key,
      workspace_id text not null,
      shopify_location_gid text not null,
      shopify_name text not null,
      shopify_active boolean not null,
      location_id text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint shopify_location_maps_gid_uq unique (workspace_id, shopify_location_gid)
    );`);

    this.addSql(`create table shopify_webhooks (
      id text primary key,
      workspace_id text not null,
      shop_domain text not null,
      webhook_id text not null,
      event_id text,
      topic text not null,
      triggered_at timestamptz,
      body text not null,
      status text not null default 'received' check (status in ('received', 'applied', 'skipped', 'failed')),
      attempts int not null default 0,
      error text,
      applied_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint shopify_webhooks_delivery_uq unique (shop_domain, webhook_id)
    );`);
    this.addSql('create index shopify_webhooks_ws_status_idx on shopify_webhooks (workspace_id, status, created_at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists shopify_webhooks;');
    this.addSql('drop table if exists shopify_location_maps;');
    this.addSql('drop table if exists shopify_connections;');
  }
}
