import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000600IdempotencyKeys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table idempotency_keys (
        workspace_id text not null,
        key text not null,
        request_hash text not null,
        state text not null check (state in ('in_flight', 'completed')),
        response_status integer null,
        response_content_type text null,
        response_body text null,
        locked_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        primary key (workspace_id, key)
      );`);
    this.addSql('create index idempotency_keys_expires_idx on idempotency_keys (expires_at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists idempotency_keys;');
  }
}
