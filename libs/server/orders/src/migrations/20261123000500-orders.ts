import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000500Orders extends Migration {
  override async up(): Promise<void> {
    // Order numbers come from one sequence per workspace (order_number_<workspace>), created on first use:
    // nextval never blocks concurrent orders and a number is never handed out twice.
    this.addSql(`
      create table orders (
        id text primary key,
        workspace_id text not null,
        number bigint not null,
        name text not null,
        channel text not null check (channel in ('pos', 'online', 'b2b')),
        source text not null default 'retailos' check (source in ('retailos', 'shopify', 'pos')),
        external_id text null,
        status text not null default 'open' check (status in ('open', 'partially_returned', 'returned', 'cancelled')),
        customer_id text null,
        location_id text not null,
        currency char(3) not null,
        subtotal bigint not null,
        total bigint not null,
        refunded_total bigint not null default 0,
        note text null,
        cancelled_at timestamptz null,
        cancel_reason text null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create unique index orders_ws_number_uq on orders (workspace_id, number);');
    this.addSql(
      'create unique index orders_ws_external_uq on orders (workspace_id, source, external_id) where external_id is not null;',
    );
    // Keyset pages (newest first) stay as fast at depth 900,000 as on page one.
    this.addSql('create index orders_ws_created_idx on orders (workspace_id, created_at desc, id desc);');
    this.addSql(
      'create index orders_ws_customer_idx on orders (workspace_id, customer_id, created_at desc, id desc) where customer_id is not null;',
    );
    this.addSql('create index orders_ws_id_idx on orders (workspace_id, id);');
    this.addSql(`
      create table order_lines (
        id text primary key,
        workspace_id text not null,
        order_id text not null references orders (id) on delete cascade,
        variant_id text not null,
        sku text not null,
        title text not null,
        quantity integer not null check (quantity > 0),
        unit_price bigint not null check (unit_price >= 0),
        total bigint not null,
        returned_quantity integer not null default 0,
        position integer not null,
        constraint order_lines_returned_le_sold check (returned_quantity >= 0 and returned_quantity <= quantity)
      );`);
    this.addSql('create index order_lines_order_idx on order_lines (order_id, position);');
    this.addSql(`
      create table order_returns (
        id text primary key,
        workspace_id text not null,
        order_id text not null references orders (id) on delete cascade,
        location_id text not null,
        reason text null,
        refund_amount bigint not null,
        created_at timestamptz not null default now()
      );`);
    this.addSql('create index order_returns_order_idx on order_returns (order_id, created_at);');
    this.addSql(`
      create table order_return_lines (
        id text primary key,
        workspace_id text not null,
        return_id text not null references order_returns (id) on delete cascade,
        order_line_id text not null references order_lines (id) on delete cascade,
        quantity integer not null check (quantity > 0),
        amount bigint not null
      );`);
    this.addSql('create index order_return_lines_return_idx on order_return_lines (return_id);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists order_return_lines;');
    this.addSql('drop table if exists order_returns;');
    this.addSql('drop table if exists order_lines;');
    this.addSql('drop table if exists orders;');
    this.addSql(`
      do $$
      declare s record;
      begin
        for s in select sequence_name from information_schema.sequences where sequence_name like 'order\\_number\\_%' loop
          execute format('drop sequence if exists %I', s.sequence_name);
        end loop;
      end $$;`);
  }
}
