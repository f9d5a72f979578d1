import { EntityManager } from '@mikro-orm/postgresql';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from './support/identity';
import { fixtureContext, fixtureFor } from './support/route-fixtures';
import { createWalkableApp, fillPath, type RegisteredRoute, type WalkableApp } from './support/routes';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Tables without a workspace_id column, each reached through its parent; a new one must be added here.
const BY_PARENT: Record<string, string> = {
  workspaces: 'id = ?',
  users: 'id in (select user_id from workspace_members where workspace_id = ?)',
};
const NOT_TENANT_DATA = ['mikro_orm_migrations'];

/**
 * One digest of every row workspace B owns: every table with a workspace_id column (the outbox included, so an effect
 * that only raises an event shows) and the tables without one, through their parent.
 */
async function fingerprint(em: EntityManager, workspaceId: string): Promise<Record<string, string>> {
  const tables = (await em.fork().execute(
    `select t.table_name, exists (select 1 from information_schema.columns c
        where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'workspace_id') as scoped
       from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by t.table_name`,
  )) as { table_name: string; scoped: boolean }[];
  const unscoped = tables.filter((t) => !t.scoped).map((t) => t.table_name);
  expect(unscoped.sort()).toEqual([...Object.keys(BY_PARENT), ...NOT_TENANT_DATA].sort());
  const out: Record<string, string> = {};
  for (const { table_name, scoped } of tables) {
    const where = scoped ? 'workspace_id = ?' : BY_PARENT[table_name];
    if (!where) continue;
    const rows = (await em
      .fork()
      .execute(
        `select count(*)::int as n, md5(coalesce(string_agg(${rowText(table_name)}, '|' order by ${rowText(table_name)}), '')) as digest from "${table_name}" t where ${where}`,
        [workspaceId],
      )) as { n: number; digest: string }[];
    out[table_name] = `${rows[0]?.n}:${rows[0]?.digest}`;
  }
  return out;
}

/**
 * A row as text for the digest. The outbox relay stamps `published_at` on B's own earlier events whenever it runs (a
 * background effect of B's seeding, not of A's requests), so that column is left out; a row A's requests added, removed
 * or changed in B still shows.
 */
function rowText(table: string): string {
  return table === 'outbox' ? `(to_jsonb(t) - 'published_at')::text` : 't::text';
}

/** The body with the ids that were asked for replaced, so a cross-workspace and a missing-id answer compare whole. */
function normalized(body: unknown, ids: Record<string, string>): string {
  let text = JSON.stringify(body);
  for (const [name, value] of Object.entries(ids)) text = text.split(value).join(`<${name}>`);
  return text;
}

function missingLike(value: string): string {
  const prefix = /^([a-z]+)_/.exec(value)?.[1];
  return prefix ? `${prefix}_0000000000000000000000000` : `missing-${value.length}`;
}

describe('tenancy: every route, workspace A credentials, workspace B ids', () => {
  let api: WalkableApp;
  let a: SeededWorkspace;
  let b: SeededWorkspace;
  let aSession: StaffSession;
  let em: EntityManager;
  const bIds = new Map<string, Record<string, string>>();
  const aIds = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    api = await createWalkableApp(createApiApp);
    em = api.app.get(EntityManager);
    a = await seedWorkspace(api);
    b = await seedWorkspace(api);
    aSession = await a.login();
    // Give both workspaces data, and remember B's ids per route.
    const ctxA = fixtureContext(api, a);
    const ctxB = fixtureContext(api, b);
    for (const route of api.routes) {
      if (route.params.length === 0 || route.rule?.kind === 'public') continue;
      const fixture = fixtureFor(route.path);
      if (!fixture) continue; // reported by the test below
      aIds.set(route.path, await fixture.create(ctxA));
      bIds.set(route.path, await fixture.create(ctxB));
    }
  });

  afterAll(async () => {
    await api.close();
  });

  const guardedWithParams = (): RegisteredRoute[] =>
    api.routes.filter((r) => r.params.length > 0 && r.rule?.kind !== 'public');
  const credentialsFor = (route: RegisteredRoute): Record<string, string> =>
    route.rule?.kind === 'session' ? sessionHeaders(aSession) : bearer(a.apiKey);

  async function call(
    route: RegisteredRoute,
    params: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown>; type: string | null }> {
    const fixture = fixtureFor(route.path);
    const body =
      STATE_CHANGING.has(route.method) && route.method !== 'DELETE'
        ? (fixture?.body?.(route.method, route.path) ?? {})
        : undefined;
    const res = await fetch(`${api.url}${fillPath(route.path, params)}`, {
      method: route.method,
      headers:
        body === undefined ? credentialsFor(route) : { ...credentialsFor(route), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      type: res.headers.get('content-type'),
    };
  }

  it('has a fixture for every route with a path parameter (register new resources in support/route-fixtures.ts)', () => {
    const missing = guardedWithParams()
      .filter((r) => {
        const ids = bIds.get(r.path);
        return !ids || r.params.some((p) => ids[p] === undefined);
      })
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    expect(guardedWithParams().length).toBeGreaterThan(0);
  });

  it("answers 404 for B's ids exactly as for missing ids, on reads, updates and deletes, and changes nothing in B", async () => {
    const before = await fingerprint(em, b.workspaceId);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['api_keys', 'sessions']));
    const wrong: string[] = [];
    for (const route of guardedWithParams()) {
      const ids = bIds.get(route.path);
      if (!ids || fixtureFor(route.path)?.notOwned) continue;
      const cross = await call(route, ids);
      const missingIds = Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, missingLike(v)]));
      const missing = await call(route, missingIds);
      // The whole answer (status, type, code, detail, extensions) must be the missing-id one: nothing may tell B's ids apart.
      if (
        cross.status !== 404 ||
        missing.status !== 404 ||
        cross.type !== missing.type ||
        normalized(cross.body, ids) !== normalized(missing.body, missingIds)
      ) {
        wrong.push(
          `${route.method} ${route.path}: cross-workspace ${cross.status} ${JSON.stringify(cross.body)}, missing ${missing.status} ${JSON.stringify(missing.body)}`,
        );
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(em, b.workspaceId)).toEqual(before);
  });

  it('positive control: A reaches its own ids on the same routes (so the 404s above are about ownership)', async () => {
    const wrong: string[] = [];
    let reads = 0;
    // Reads first: the state-changing calls below may revoke, cancel or delete A's fixtures.
    const routes = [...guardedWithParams()].sort((x, y) => Number(x.method !== 'GET') - Number(y.method !== 'GET'));
    for (const route of routes) {
      const ids = aIds.get(route.path);
      if (!ids || fixtureFor(route.path)?.notOwned) continue;
      const own = await call(route, ids);
      // Reads must succeed; writes (whose walk body may not suit the resource) must at least get past the lookup.
      if (route.method === 'GET' ? own.status !== 200 : own.status === 404 && own.body['code'] === 'not_found') {
        wrong.push(`${route.method} ${route.path}: own ids answered ${own.status} ${String(own.body['code'])}`);
      }
      if (route.method === 'GET') reads += 1;
    }
    expect(wrong).toEqual([]);
    expect(reads).toBeGreaterThan(3);
  });

  it("B's ids in A's query filters match nothing and leak nothing", async () => {
    const bKey = { authorization: `Bearer ${b.apiKey}` };
    const products = (await (await fetch(`${api.url}/api/products?limit=250`, { headers: bKey })).json()) as {
      data: { variants: { id: string; sku: string }[] }[];
    };
    // Ids that have rows behind them in B (a location with stock), not only the fixtures' own ids.
    const levels = (await (await fetch(`${api.url}/api/inventory/levels?limit=250`, { headers: bKey })).json()) as {
      data: { locationId: string; variantId: string }[];
    };
    const bValues = [
      ...new Set([
        ...[...bIds.entries()].filter(([path]) => !fixtureFor(path)?.notOwned).flatMap(([, ids]) => Object.values(ids)),
        ...products.data.flatMap((p) => p.variants.flatMap((v) => [v.id, v.sku])),
        ...levels.data.flatMap((l) => [l.locationId, l.variantId]),
      ]),
    ];
    expect(bValues.some((v) => v.startsWith('var_'))).toBe(true);
    expect(levels.data.length).toBeGreaterThan(0);
    const doc = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const leaks: string[] = [];
    let probes = 0;
    for (const route of api.routes.filter(
      (r) => r.method === 'GET' && r.params.length === 0 && r.rule && r.rule.kind !== 'public',
    )) {
      const filters = (doc.paths[route.path]?.['get']?.parameters ?? [])
        .filter(
          (p) =>
            p.in === 'query' && (/Id$/.test(p.name) || p.name === 'sku' || p.name === 'q' || p.name === 'reference'),
        )
        .map((p) => p.name);
      for (const name of filters) {
        for (const value of bValues) {
          const res = await fetch(`${api.url}${route.path}?${name}=${encodeURIComponent(value)}`, {
            headers: credentialsFor(route),
          });
          const text = await res.text();
          probes += 1;
          if (res.status >= 500) leaks.push(`${route.path}?${name}=${value} -> ${res.status}`);
          for (const v of [...bValues, b.workspaceId])
            if (text.includes(v)) leaks.push(`${route.path}?${name}=${value} shows ${v}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // customerId (orders), variantId/locationId/sku (levels, movements), subscriptionId (deliveries) at least.
    expect(probes).toBeGreaterThan(bValues.length * 5);
  });

  it("lists (and routes whose parameters are not ids) never show B's rows to A", async () => {
    const bValues = [...bIds.entries()]
      .filter(([path]) => !fixtureFor(path)?.notOwned)
      .flatMap(([, ids]) => Object.values(ids));
    expect(bValues.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const route of api.routes.filter(
      (r) => r.method === 'GET' && r.params.length === 0 && r.rule && r.rule.kind !== 'public',
    )) {
      const res = await fetch(`${api.url}${route.path}`, { headers: credentialsFor(route) });
      const text = await res.text();
      for (const v of [...bValues, b.workspaceId]) if (text.includes(v)) leaks.push(`${route.path} shows ${v}`);
    }
    for (const route of api.routes.filter((r) => r.method === 'GET' && fixtureFor(r.path)?.notOwned)) {
      const res = await fetch(`${api.url}${fillPath(route.path, bIds.get(route.path) ?? {})}`, {
        headers: credentialsFor(route),
      });
      const text = await res.text();
      expect(res.status).toBeLessThan(500);
      for (const v of [...bValues, b.workspaceId]) if (text.includes(v)) leaks.push(`${route.path} shows ${v}`);
    }
    expect(leaks).toEqual([]);
  });
});
