import { type EntityName, MikroORM } from '@mikro-orm/postgresql';
import { TENANT_FILTER, TenantScopeMissingError } from '@retailos/server/core';
import { createOrmConfig, schemaDrift, tenantEm, WITHOUT_TENANT_FILTER } from '@retailos/server/database';
import { ALL_ENTITIES } from './entities';

/**
 * Documented differences between the migrations and the entities:
 * - inventory_levels.variant_id references the catalog's variants. Contexts point at each other's rows by id, never
 *   through an ORM relation, so the entity cannot declare that foreign key; the migration keeps it.
 */
const DRIFT_EXCEPTIONS = [/^alter table "inventory_levels" drop constraint "inventory_levels_variant_id_fkey";$/];

/** Workspace-owned tables that are global by design: the outbox relay reads every workspace's events in commit order. */
const GLOBAL_BY_DESIGN = new Set(['outbox']);

describe('entities (real Postgres, migrated)', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await MikroORM.init(
      createOrmConfig({ clientUrl: process.env['DATABASE_URL'] ?? '', entities: ALL_ENTITIES, poolMax: 2 }),
    );
  });

  afterAll(async () => {
    await orm.close(true);
  });

  it('the migrated schema is exactly what the entities declare (schema generator diff is empty)', async () => {
    expect(await schemaDrift(orm, DRIFT_EXCEPTIONS)).toEqual([]);
  });

  it('every table the migrations create has an entity', async () => {
    const rows = await orm.em
      .fork()
      .getConnection()
      .execute<{ table_name: string }[]>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'",
      );
    const mapped = new Set(Object.values(orm.getMetadata().getAll()).map((m) => m.tableName));
    expect(rows.map((r) => r.table_name).filter((t) => !mapped.has(t))).toEqual([]);
  });

  const workspaceOwned = () =>
    Object.values(orm.getMetadata().getAll()).filter(
      (m) => !m.abstract && m.properties['workspaceId'] && !GLOBAL_BY_DESIGN.has(m.tableName),
    );

  it('lists the workspace-owned entities it checks below', () => {
    expect(
      workspaceOwned()
        .map((m) => m.tableName)
        .sort(),
    ).toEqual(
      [
        'api_keys',
        'customers',
        'idempotency_keys',
        'inventory_levels',
        'inventory_movements',
        'locations',
        'order_lines',
        'order_return_lines',
        'order_returns',
        'orders',
        'products',
        'sessions',
        'shopify_connections',
        'shopify_imports',
        'shopify_location_maps',
        'shopify_webhooks',
        'sync_history',
        'sync_records',
        'sync_stock_expectations',
        'variants',
        'webhook_attempts',
        'webhook_deliveries',
        'webhook_events',
        'webhook_fanouts',
        'webhook_subscriptions',
        'workspace_members',
      ].sort(),
    );
  });

  describe.each(ALL_ENTITIES.map((e) => [e.name, e] as const))('%s', (_name, entity) => {
    const meta = () => orm.getMetadata().get(entity.name);
    const owned = () => workspaceOwned().some((m) => m.className === entity.name);

    it('carries the tenant filter, on by default, when it is workspace-owned', () => {
      if (!owned()) {
        expect(meta().filters[TENANT_FILTER]).toBeUndefined();
        return;
      }
      expect(meta().filters[TENANT_FILTER]).toMatchObject({ default: true });
    });

    it('refuses every query without a workspace in context, with a coded error', async () => {
      if (!owned()) return;
      const em = orm.em.fork();
      const name = entity as EntityName<object>;
      for (const attempt of [
        () => em.find(name, {}),
        () => em.findOne(name, {}),
        () => em.count(name, {}),
        () => em.nativeUpdate(name, {}, {}),
        () => em.nativeDelete(name, {}),
      ]) {
        await expect(attempt()).rejects.toBeInstanceOf(TenantScopeMissingError);
        await expect(attempt()).rejects.toMatchObject({ code: 'tenant_scope_missing' });
      }
    });

    it('runs through tenantEm (owned: only that workspace), and only an explicit opt-out lifts the filter', async () => {
      const name = entity as EntityName<object>;
      const scoped = tenantEm(orm.em, 'ws_entities_spec').find(name, {}, { limit: 1 });
      // A workspace-owned entity sees only that (empty) workspace; a global one (the outbox) is not filtered at all.
      if (owned()) await expect(scoped).resolves.toEqual([]);
      else await expect(scoped).resolves.toBeDefined();
      await expect(orm.em.fork().find(name, {}, { ...WITHOUT_TENANT_FILTER, limit: 1 })).resolves.toBeDefined();
    });
  });
});
