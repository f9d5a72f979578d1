import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000000Outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table outbox (
        seq bigserial primary key,
        id text not null unique,
        workspace_id text not null,
        topic text not null,
        payload jsonb not null,
        occurred_at timestamptz not null default now(),
        txid xid8 not null default pg_current_xact_id(),
        published_at timestamptz null
      );`);
    // The relay reads only unpublished rows, in transaction order.
    this.addSql(`create index outbox_unpublished_idx on outbox (txid, seq) where published_at is null;`);
    this.addSql(`create index outbox_workspace_seq_idx on outbox (workspace_id, seq);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists outbox;');
  }
}
