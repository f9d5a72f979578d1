import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000700Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table webhook_subscriptions (
        id text primary key,
        workspace_id text not null,
        url text not null,
        topics text[] not null,
        description text null,
        status text not null default 'active' check (status in ('active', 'disabled')),
        disabled_reason text null,
        disabled_at timestamptz null,
        secret_enc text not null,
        previous_secret_enc text null,
        previous_secret_expires_at timestamptz null,
        failing_since timestamptz null,
        last_success_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(`create index webhook_subscriptions_ws_idx on webhook_subscriptions (workspace_id, created_at, id);`);
    // Fan-out matches active subscriptions of one workspace by topic overlap.
    this.addSql(
      `create index webhook_subscriptions_topics_idx on webhook_subscriptions using gin (topics) where status = 'active';`,
    );
    this.addSql(`
      create table webhook_deliveries (
        id text primary key,
        workspace_id text not null,
        subscription_id text not null references webhook_subscriptions (id) on delete cascade,
        event_id text not null,
        event_seq bigint not null,
        topic text not null,
        status text not null default 'pending' check (status in ('pending', 'sending', 'failed', 'succeeded', 'dead')),
        attempt_count int not null default 0,
        replay_base int not null default 0,
        next_attempt_at timestamptz not null default now(),
        lease_until timestamptz null,
        last_attempt_at timestamptz null,
        last_status_code int null,
        last_error text null,
        succeeded_at timestamptz null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint webhook_deliveries_sub_event_uq unique (subscription_id, event_id)
      );`);
    this.addSql(
      `create index webhook_deliveries_ws_idx on webhook_deliveries (workspace_id, created_at desc, id desc);`,
    );
    // Per-subscription ordering looks up the older unfinished deliveries of one subscription.
    this.addSql(
      `create index webhook_deliveries_open_idx on webhook_deliveries (subscription_id, event_seq) where status in ('pending', 'sending', 'failed');`,
    );
    this.addSql(
      `create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status in ('pending', 'failed', 'sending');`,
    );
    this.addSql(`
      create table webhook_attempts (
        id bigserial primary key,
        workspace_id text not null,
        delivery_id text not null references webhook_deliveries (id) on delete cascade,
        attempt_no int not null,
        attempted_at timestamptz not null,
        status_code int null,
        latency_ms int not null,
        succeeded boolean not null,
        response_excerpt text null,
        error text null,
        constraint webhook_attempts_uq unique (delivery_id, attempt_no)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists webhook_attempts;');
    this.addSql('drop table if exists webhook_deliveries;');
    this.addSql('drop table if exists webhook_subscriptions;');
  }
}
