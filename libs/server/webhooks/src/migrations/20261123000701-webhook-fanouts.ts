import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000701WebhookFanouts extends Migration {
  override async up(): Promise<void> {
    // One row per event already matched to subscriptions: fan-out of a workspace runs in event order, catching up
    // earlier events first, so every subscription gets its deliveries created in event order.
    this.addSql(`
      create table webhook_fanouts (
        event_id text primary key,
        workspace_id text not null,
        event_seq bigint not null,
        fanned_out_at timestamptz not null default now()
      );`);
    this.addSql(`create index webhook_fanouts_ws_seq_idx on webhook_fanouts (workspace_id, event_seq);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_fanouts;');
  }
}
