import { Migration } from '@mikro-orm/migrations';

export class Migration20261123000300Inventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table locations (
        id text primary key,
        workspace_id text not null,
        name text not null,
        code text null,
        address jsonb null,
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
    this.addSql('create index locations_ws_created_idx on locations (workspace_id, created_at desc, id desc);');
    this.addSql('create unique index locations_ws_code_uq on locations (workspace_id, code) where code is not null;');
    // available = on_hand - committed. available may only go negative for a variant that allows backorders; the
    // variant lives in the catalog, so that rule is part of every conditional UPDATE rather than a CHECK.
    this.addSql(`
      create table inventory_levels (
        id text primary key,
        workspace_id text not null,
        variant_id text not null references variants (id) on delete cascade,
        location_id text not null references locations (id) on delete cascade,
        available integer not null default 0,
        on_hand integer not null default 0,
        committed integer not null default 0 check (committed >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (variant_id, location_id)
      );`);
    this.addSql(
      'create index inventory_levels_ws_variant_idx on inventory_levels (workspace_id, variant_id, location_id);',
    );
    this.addSql('create index inventory_levels_ws_location_idx on inventory_levels (workspace_id, location_id, id);');
    this.addSql('create index inventory_levels_ws_id_idx on inventory_levels (workspace_id, id);');
    this.addSql(`
      create table inventory_movements (
        id text primary key,
        workspace_id text not null,
        variant_id text not null,
        location_id text not null,
        delta integer not null,
        reason text not null,
        reference text null,
        actor text null,
        available_after integer not null,
        on_hand_after integer not null,
        created_at timestamptz not null default now()
      );`);
    this.addSql(
      'create index inventory_movements_level_idx on inventory_movements (workspace_id, variant_id, location_id, created_at desc, id desc);',
    );
    this.addSql('create index inventory_movements_reference_idx on inventory_movements (workspace_id, reference);');
    // The ledger is append-only: history is corrected by a new movement, never by editing an old one.
    this.addSql(`
      create function inventory_movements_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'inventory_movements is append-only';
      end $$;`);
    this.addSql(`
      create trigger inventory_movements_no_update before update or delete on inventory_movements
        for each row execute function inventory_movements_append_only();`);
    // Lets one statement refuse a sale: raising aborts the whole (single round-trip) order transaction.
    this.addSql(`
      create function inventory_require(ok boolean, variant_id text) returns boolean language plpgsql as $$
      begin
        if not ok then
          raise exception 'insufficient_stock' using errcode = 'P0001', detail = variant_id;
        end if;
        return true;
      end $$;`);
    // A read-only pre-check an order runs first in its batch: refuses (never sells) an order its location cannot
    // serve, listing every short line, before anything is written or an order number is drawn.
    this.addSql(`
      create function inventory_precheck(p_workspace text, p_location text, p_variants text[], p_quantities int[], p_backorder boolean[])
      returns boolean language plpgsql as $$
      declare short jsonb;
      begin
        if not exists (select 1 from locations where id = p_location and workspace_id = p_workspace) then
          raise exception 'unknown_location' using errcode = 'P0001', detail = p_location;
        end if;
        select jsonb_agg(jsonb_build_object('variantId', r.v, 'requested', r.q, 'available', greatest(coalesce(l.available, 0), 0)) order by r.v)
          into short
          from unnest(p_variants, p_quantities, p_backorder) as r(v, q, b)
          left join inventory_levels l on l.workspace_id = p_workspace and l.location_id = p_location and l.variant_id = r.v
         where not r.b and coalesce(l.available, 0) < r.q;
        if short is not null then
          raise exception 'insufficient_stock' using errcode = 'P0001', detail = short::text;
        end if;
        return true;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists inventory_precheck(text, text, text[], int[], boolean[]);');
    this.addSql('drop function if exists inventory_require(boolean, text);');
    this.addSql('drop table if exists inventory_movements;');
    this.addSql('drop function if exists inventory_movements_append_only();');
    this.addSql('drop table if exists inventory_levels;');
    this.addSql('drop table if exists locations;');
  }
}
