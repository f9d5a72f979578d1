import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000100Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table workspaces (
        id text primary key,
        name text not null,
        plan text not null check (plan in ('free', 'pro', 'enterprise')),
        currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$'),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(`
      create table users (
        id text primary key,
        email text not null,
        password_hash text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    // Sign-in is by email, case-insensitively.
    this.addSql(`create unique index users_email_key on users (lower(email));`);
    this.addSql(`
      create table workspace_members (
        workspace_id text not null references workspaces (id) on delete cascade,
        user_id text not null references users (id) on delete cascade,
        role text not null check (role in ('owner', 'admin', 'staff')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (workspace_id, user_id)
      );`);
    this.addSql(`create index workspace_members_user_idx on workspace_members (user_id);`);
    this.addSql(`
      create table sessions (
        id text primary key,
        workspace_id text not null references workspaces (id) on delete cascade,
        user_id text not null references users (id) on delete cascade,
        token_hash text not null,
        expires_at timestamptz not null,
        revoked_at timestamptz null,
        ip text null,
        user_agent text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql(`create unique index sessions_token_hash_key on sessions (token_hash);`);
    this.addSql(`create index sessions_workspace_user_idx on sessions (workspace_id, user_id);`);
    this.addSql(`
      create table api_keys (
        id text primary key,
        workspace_id text not null references workspaces (id) on delete cascade,
        name text not null,
        prefix text not null,
        key_hash text not null,
        scopes text[] not null,
        expires_at timestamptz null,
        last_used_at timestamptz null,
        revoked_at timestamptz null,
        created_by text null references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    // Every authenticated API call looks a key up by its hash.
    this.addSql(`create unique index api_keys_key_hash_key on api_keys (key_hash);`);
    this.addSql(`create index api_keys_workspace_created_idx on api_keys (workspace_id, created_at desc, id desc);`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists api_keys;');
    this.addSql('drop table if exists sessions;');
    this.addSql('drop table if exists workspace_members;');
    this.addSql('drop table if exists users;');
    this.addSql('drop table if exists workspaces;');
  }
}
