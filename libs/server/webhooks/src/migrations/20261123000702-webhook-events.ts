import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000702WebhookEvents extends Migration {
  override async up(): Promise<void> {
    // The envelope of every event that has deliveries, owned by webhooks: retries and replays do not depend on the
    // outbox's retention (published outbox rows are pruned after OUTBOX_RETENTION_HOURS).
    this.addSql(`
      create table webhook_events (
        id text primary key,
        workspace_id text not null,
        topic text not null,
        payload jsonb not null,
        occurred_at timestamptz not null
      );`);
    this.addSql(`
      insert into webhook_events (id, workspace_id, topic, payload, occurred_at)
      select o.id, o.workspace_id, o.topic, o.payload, o.occurred_at from outbox o
       where exists (select 1 from webhook_deliveries d where d.event_id = o.id)
      on conflict (id) do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_events;');
  }
}
