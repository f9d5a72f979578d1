import { Migration } from '@mikro-orm/migrations';

export class Migration20261130001400ShopifyImports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table shopify_imports (
      id text primary key,
      workspace_id text not null,
      connection_id text not null,
      status text not null default 'running' check (status in ('running', 'completed', 'failed')),
      stage text not null default 'locations' check (stage in ('locations', 'products', 'inventory', 'customers', 'orders', 'webhooks', 'done')),
      bulk_operation_id text null,
      line_offset integer not null default 0,
      counts jsonb not null default '{}',
      orders_since timestamptz null,
      started_at timestamptz not null default now(),
      checkpoint_at timestamptz null,
      finished_at timestamptz null,
      error text null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
    this.addSql('create index shopify_imports_ws_idx on shopify_imports (workspace_id, started_at desc);');
    // One import at a time per workspace: a second start while one runs finds the running one.
    this.addSql(
      "create unique index shopify_imports_running_uq on shopify_imports (workspace_id) where status = 'running';",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists shopify_imports;');
  }
}
