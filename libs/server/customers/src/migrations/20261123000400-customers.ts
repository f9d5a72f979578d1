import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000400Customers extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table customers (
        id text primary key,
        workspace_id text not null,
        email text null,
        first_name text null,
        last_name text null,
        phone text null,
        addresses jsonb not null default '[]',
        tags text[] not null default '{}',
        accepts_marketing boolean not null default false,
        marketing_consent_updated_at timestamptz null,
        note text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(
      'create unique index customers_ws_email_uq on customers (workspace_id, lower(email)) where email is not null;',
    );
    this.addSql('create index customers_ws_created_idx on customers (workspace_id, created_at desc, id desc);');
    this.addSql('create index customers_ws_id_idx on customers (workspace_id, id);');
    this.addSql(
      "create index customers_name_trgm_idx on customers using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) gin_trgm_ops);",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists customers;');
  }
}
