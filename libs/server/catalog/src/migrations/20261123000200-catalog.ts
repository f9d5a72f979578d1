import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000200Catalog extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql(`
      create table products (
        id text primary key,
        workspace_id text not null,
        title text not null,
        handle text not null,
        description text null,
        vendor text null,
        product_type text null,
        status text not null default 'active' check (status in ('active', 'draft', 'archived')),
        tags text[] not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create unique index products_ws_handle_uq on products (workspace_id, handle);');
    // Keyset pagination (newest first) and the updatedSince filter.
    this.addSql('create index products_ws_created_idx on products (workspace_id, created_at desc, id desc);');
    this.addSql('create index products_ws_id_idx on products (workspace_id, id);');
    this.addSql('create index products_ws_updated_idx on products (workspace_id, updated_at);');
    this.addSql('create index products_title_trgm_idx on products using gin (title gin_trgm_ops);');
    this.addSql(`
      create table variants (
        id text primary key,
        workspace_id text not null,
        product_id text not null references products (id) on delete cascade,
        sku text not null,
        barcode text null,
        title text not null default 'Default',
        price bigint not null check (price >= 0),
        compare_at_price bigint null check (compare_at_price >= 0),
        currency char(3) not null,
        options jsonb not null default '{}',
        allow_backorder boolean not null default false,
        position integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create unique index variants_ws_sku_uq on variants (workspace_id, sku);');
    this.addSql('create index variants_ws_id_idx on variants (workspace_id, id);');
    this.addSql('create index variants_product_idx on variants (product_id, position);');
    this.addSql('create index variants_ws_barcode_idx on variants (workspace_id, barcode) where barcode is not null;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists variants;');
    this.addSql('drop table if exists products;');
  }
}
