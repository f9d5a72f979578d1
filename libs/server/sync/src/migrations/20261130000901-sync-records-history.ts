import { Migration } from '@mikro-orm/migrations';

export class Migration20261130000901SyncRecordsHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table sync_records (
      id text primary key,
      workspace_id text not null,
      entity_type text not null,
      gid text not null,
      local_id text not null,
      shopify_updated_at timestamptz not null,
      shopify_triggered_at timestamptz,
      last_seen jsonb not null,
      field_stamps jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sync_records_gid_uq unique (workspace_id, entity_type, gid)
    );`);
    this.addSql('create index sync_records_local_idx on sync_records (workspace_id, entity_type, local_id);');

    this.addSql(`create table sync_history (
      id text primary key,
      workspace_id text not null,
      entity_type text not null,
      entity_id text,
      gid text,
      sku text,
      order_code text,
      direction text not null check (direction in ('inbound', 'outbound')),
      source text not null check (source in ('import', 'webhook', 'push', 'reconciliation', 'revert', 'redo', 'local')),
      changes jsonb not null,
      conflicts jsonb not null,
      cause jsonb not null,
      actor text not null,
      occurred_at timestamptz not null default now(),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );`);
    // Newest first, keyset on (occurred_at, id); the entity filter is the common narrow one.
    this.addSql('create index sync_history_ws_time_idx on sync_history (workspace_id, occurred_at desc, id desc);');
    this.addSql(
      'create index sync_history_ws_entity_idx on sync_history (workspace_id, entity_type, entity_id, occurred_at desc);',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sync_history;');
    this.addSql('drop table if exists sync_records;');
  }
}
