import { Migration } from '@mikro-orm/migrations';

/** The inbox is drained by the worker (no enqueue per delivery): `queued_at` marks rows whose apply job exists. */
export class Migration20261130001000SyncInboxQueued extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table shopify_webhooks add column queued_at timestamptz;');
    // Rows received before this migration had their apply job enqueued by the api at ingest.
    this.addSql('update shopify_webhooks set queued_at = created_at;');
    this.addSql('create index shopify_webhooks_unqueued_idx on shopify_webhooks (created_at) where queued_at is null;');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists shopify_webhooks_unqueued_idx;');
    this.addSql('alter table shopify_webhooks drop column if exists queued_at;');
  }
}
