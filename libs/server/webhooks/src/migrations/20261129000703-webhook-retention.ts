import { Migration } from '@mikro-orm/migrations';

export class Migration20261129000703WebhookRetention extends Migration {
  override async up(): Promise<void> {
    // Lookups by event: fan-out's "deliveries of these events" and the pruner's "is this event still referenced".
    // Without it both scanned every delivery of the workspace.
    this.addSql('create index if not exists webhook_deliveries_event_idx on webhook_deliveries (event_id);');
    // The pruner finds old envelopes and fan-out markers without scanning the tables.
    this.addSql('create index if not exists webhook_events_occurred_idx on webhook_events (occurred_at);');
    this.addSql('create index if not exists webhook_fanouts_at_idx on webhook_fanouts (fanned_out_at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists webhook_fanouts_at_idx;');
    this.addSql('drop index if exists webhook_events_occurred_idx;');
    this.addSql('drop index if exists webhook_deliveries_event_idx;');
  }
}
