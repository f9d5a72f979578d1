import { API_SCOPES } from '@retailos/shared/contracts';
import { randomInt } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, type SeededWorkspace } from './support/identity';
import { createWalkableApp, fillPath, type WalkableApp } from './support/routes';

// Served by @nestjs/swagger straight on Fastify: public documentation, outside the Nest guard by design.
const DOCS = /^\/api\/(docs|openapi\.json|openapi\.yaml)/;

describe('guarded by default: every registered route has exactly one auth rule and enforces it', () => {
  let api: WalkableApp;
  let ws: SeededWorkspace;

  beforeAll(async () => {
    process.env['RATE_LIMIT_IP'] = '100000';
    api = await createWalkableApp(createApiApp);
    ws = await seedWorkspace(api);
  });

  afterAll(async () => {
    await api.close();
  });

  const fill = (path: string): string => fillPath(path, Object.fromEntries([...path.matchAll(/:(\w+)/g)].map((m) => [m[1] as string, 'x_walk'])));

  it('finds the routes, and every Fastify route belongs to a Nest handler or the API docs', () => {
    expect(api.routes.length).toBeGreaterThan(5);
    expect(api.routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/api-keys/:id']));
    const nest = new Set(api.routes.map((r) => `${r.method} ${r.path}`));
    const stray = api.fastifyRoutes
      .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !nest.has(`${r.method} ${r.url}`) && !DOCS.test(r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(stray).toEqual([]);
  });

  it('every route carries an auth rule', () => {
    const without = api.routes.filter((r) => r.rule === null).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(without).toEqual([]);
  });

  it('every non-public route answers 401 without credentials', async () => {
    const open: string[] = [];
    for (const route of api.routes.filter((r) => r.rule?.kind !== 'public')) {
      const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers: { 'x-forwarded-for': `10.9.${randomInt(255)}.${randomInt(255)}` } });
      if (res.status !== 401) open.push(`${route.method} ${route.path} -> ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it("a key without the route's scope gets 403, and API keys never reach session-only routes", async () => {
    const scoped = api.routes.filter((r) => r.rule?.kind === 'scopes' && r.rule.scopes.length > 0);
    expect(scoped.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const route of scoped) {
      const required = route.rule?.kind === 'scopes' ? route.rule.scopes : [];
      const key = await ws.createKey(API_SCOPES.filter((s) => !required.includes(s)));
      const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers: bearer(key) });
      const body = (await res.json()) as { code?: string };
      if (res.status !== 403 || body.code !== 'insufficient_scope') wrong.push(`${route.method} ${route.path} -> ${res.status} ${body.code}`);
    }
    for (const route of api.routes.filter((r) => r.rule?.kind === 'session')) {
      const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers: bearer(ws.apiKey) });
      const body = (await res.json()) as { code?: string };
      if (res.status !== 403 || body.code !== 'session_required') wrong.push(`${route.method} ${route.path} -> ${res.status} ${body.code}`);
    }
    expect(wrong).toEqual([]);
  });
});
