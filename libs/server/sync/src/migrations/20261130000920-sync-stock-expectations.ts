import { Migration } from '@mikro-orm/migrations';

export class Migration20261130000920SyncStockExpectations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table sync_stock_expectations (
      id text primary key,
      workspace_id text not null,
      level_gid text not null,
      cause_key text not null,
      order_gid text,
      delta int not null,
      occurred_at timestamptz not null,
      status text not null default 'pending' check (status in ('pending', 'absorbed')),
      absorbed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint sync_stock_expectations_cause_uq unique (workspace_id, level_gid, cause_key)
    );`);
    this.addSql(
      `create index sync_stock_expectations_pending_idx on sync_stock_expectations (workspace_id, level_gid, occurred_at, id) where status = 'pending';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists sync_stock_expectations;');
  }
}
