import { EntityManager } from '@mikro-orm/postgresql';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, sessionHeaders, type SeededWorkspace, type StaffSession } from './support/identity';
import { fixtureContext, fixtureFor } from './support/route-fixtures';
import { createWalkableApp, fillPath, type RegisteredRoute, type WalkableApp } from './support/routes';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One digest of every row workspace B owns, in every table that has a workspace_id column. */
async function fingerprint(em: EntityManager, workspaceId: string): Promise<Record<string, string>> {
  const tables = (await em.fork().execute(
    `select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'workspace_id' and table_name not in ('outbox') order by table_name`,
  )) as { table_name: string }[];
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    const rows = (await em.fork().execute(
      `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${table_name}" t where workspace_id = ?`,
      [workspaceId],
    )) as { n: number; digest: string }[];
    out[table_name] = `${rows[0]?.n}:${rows[0]?.digest}`;
  }
  return out;
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
      await fixture.create(ctxA);
      bIds.set(route.path, await fixture.create(ctxB));
    }
  });

  afterAll(async () => {
    await api.close();
  });

  const guardedWithParams = (): RegisteredRoute[] => api.routes.filter((r) => r.params.length > 0 && r.rule?.kind !== 'public');
  const credentialsFor = (route: RegisteredRoute): Record<string, string> =>
    route.rule?.kind === 'session' ? sessionHeaders(aSession) : bearer(a.apiKey);

  async function call(route: RegisteredRoute, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const fixture = fixtureFor(route.path);
    const body = STATE_CHANGING.has(route.method) && route.method !== 'DELETE' ? (fixture?.body?.(route.method, route.path) ?? {}) : undefined;
    const res = await fetch(`${api.url}${fillPath(route.path, params)}`, {
      method: route.method,
      headers: body === undefined ? credentialsFor(route) : { ...credentialsFor(route), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
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
      const missing = await call(route, Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, missingLike(v)])));
      if (cross.status !== 404 || cross.body['code'] !== missing.body['code'] || missing.status !== 404) {
        wrong.push(`${route.method} ${route.path}: cross-workspace ${cross.status} ${String(cross.body['code'])}, missing ${missing.status} ${String(missing.body['code'])}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(em, b.workspaceId)).toEqual(before);
  });

  it("lists (and routes whose parameters are not ids) never show B's rows to A", async () => {
    const bValues = [...bIds.entries()].filter(([path]) => !fixtureFor(path)?.notOwned).flatMap(([, ids]) => Object.values(ids));
    expect(bValues.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const route of api.routes.filter((r) => r.method === 'GET' && r.params.length === 0 && r.rule && r.rule.kind !== 'public')) {
      const res = await fetch(`${api.url}${route.path}`, { headers: credentialsFor(route) });
      const text = await res.text();
      for (const v of [...bValues, b.workspaceId]) if (text.includes(v)) leaks.push(`${route.path} shows ${v}`);
    }
    for (const route of api.routes.filter((r) => r.method === 'GET' && fixtureFor(r.path)?.notOwned)) {
      const res = await fetch(`${api.url}${fillPath(route.path, bIds.get(route.path) ?? {})}`, { headers: credentialsFor(route) });
      const text = await res.text();
      expect(res.status).toBeLessThan(500);
      for (const v of [...bValues, b.workspaceId]) if (text.includes(v)) leaks.push(`${route.path} shows ${v}`);
    }
    expect(leaks).toEqual([]);
  });
});
