import { API_SCOPES } from '@retailos/shared/contracts';
import { randomInt } from 'node:crypto';
import { createApiApp } from '../../api/src/bootstrap';
import { bearer, seedWorkspace, type SeededWorkspace } from './support/identity';
import { createWalkableApp, fillPath, type WalkableApp } from './support/routes';

// Served by @nestjs/swagger straight on Fastify: public documentation, outside the Nest guard by design.
const DOCS = /^\/api\/(docs|openapi\.json|openapi\.yaml)/;

// Every route reachable without credentials, pinned: making a data route @Public() must fail here first (the other
// walks skip public routes, so nothing else would notice). Add a route to this list only on purpose.
const PUBLIC_ROUTES = [
  'GET /api/auth/ping',
  'GET /health/live',
  'GET /health/ready',
  'GET /metrics',
  'POST /api/auth/login',
  // Shopify's deliveries: authenticated by the HMAC of their raw bytes, not by our credentials
  'POST /api/shopify/webhooks',
];
// Session routes a staff member may never call, pinned for the same reason (a walk derived from the rules alone would
// follow a loosened rule).
const OWNER_ADMIN_ROUTES = [
  'DELETE /api/api-keys/:id',
  'DELETE /api/shopify/connection',
  'GET /api/api-keys',
  'GET /api/api-keys/:id',
  'GET /api/shopify/callback',
  'GET /api/shopify/install',
  'POST /api/api-keys',
];

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

  const fill = (path: string): string =>
    fillPath(path, Object.fromEntries([...path.matchAll(/:(\w+)/g)].map((m) => [m[1] as string, 'x_walk'])));

  it('finds the routes, and every Fastify route belongs to a Nest handler or the API docs', () => {
    expect(api.routes.length).toBeGreaterThan(5);
    expect(api.routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/api-keys/:id']));
    const nest = new Set(api.routes.map((r) => `${r.method} ${r.path}`));
    const stray = api.fastifyRoutes
      .filter(
        (r) => r.method !== 'HEAD' && r.method !== 'OPTIONS' && !nest.has(`${r.method} ${r.url}`) && !DOCS.test(r.url),
      )
      .map((r) => `${r.method} ${r.url}`);
    expect(stray).toEqual([]);
  });

  it('every route carries an auth rule', () => {
    const without = api.routes.filter((r) => r.rule === null).map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(without).toEqual([]);
  });

  it('the public routes are exactly the pinned allow-list', () => {
    const live = api.routes.filter((r) => r.rule?.kind === 'public').map((r) => `${r.method} ${r.path}`);
    expect(live.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every non-public route answers 401 without credentials', async () => {
    const open: string[] = [];
    for (const route of api.routes.filter((r) => r.rule?.kind !== 'public')) {
      const res = await fetch(`${api.url}${fill(route.path)}`, {
        method: route.method,
        headers: { 'x-forwarded-for': `10.9.${randomInt(255)}.${randomInt(255)}` },
      });
      if (res.status !== 401) open.push(`${route.method} ${route.path} -> ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('a key holding every scope but one the route requires gets 403, and API keys never reach session-only routes', async () => {
    const scoped = api.routes.filter((r) => r.rule?.kind === 'scopes' && r.rule.scopes.length > 0);
    expect(scoped.length).toBeGreaterThan(0);
    const keyWithout = new Map<string, string>();
    const wrong: string[] = [];
    let checked = 0;
    for (const route of scoped) {
      const required = route.rule?.kind === 'scopes' ? route.rule.scopes : [];
      // One key per required scope, each holding everything else: a guard that accepts "any one of" fails here.
      for (const dropped of required) {
        let key = keyWithout.get(dropped);
        if (!key) {
          key = await ws.createKey(API_SCOPES.filter((s) => s !== dropped));
          keyWithout.set(dropped, key);
        }
        const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers: bearer(key) });
        const body = (await res.json()) as { code?: string };
        checked += 1;
        if (res.status !== 403 || body.code !== 'insufficient_scope')
          wrong.push(`${route.method} ${route.path} without ${dropped} -> ${res.status} ${body.code}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(scoped.length);
    for (const route of api.routes.filter((r) => r.rule?.kind === 'session')) {
      const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers: bearer(ws.apiKey) });
      const body = (await res.json()) as { code?: string };
      if (res.status !== 403 || body.code !== 'session_required')
        wrong.push(`${route.method} ${route.path} -> ${res.status} ${body.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a staff session is refused on owner/admin routes and on routes needing a scope its role lacks', async () => {
    const staff = await (await ws.addUser('staff')).login();
    const headers = { cookie: staff.cookie, 'x-csrf-token': staff.csrf };
    const me = (await (await fetch(`${api.url}/api/auth/me`, { headers })).json()) as {
      role: string;
      scopes: string[];
    };
    expect(me.role).toBe('staff');
    const lacking = (r: (typeof api.routes)[number]): boolean =>
      (r.rule?.kind === 'session' && !!r.rule.roles && !r.rule.roles.includes('staff')) ||
      (r.rule?.kind === 'scopes' && r.rule.scopes.some((s) => !me.scopes.includes(s) && !me.scopes.includes('*')));
    const refusedRoutes = api.routes.filter((r) => lacking(r) || OWNER_ADMIN_ROUTES.includes(`${r.method} ${r.path}`));
    const ownerAdmin = api.routes.filter(
      (r) => r.rule?.kind === 'session' && r.rule.roles && !r.rule.roles.includes('staff'),
    );
    expect(ownerAdmin.map((r) => `${r.method} ${r.path}`).sort()).toEqual(OWNER_ADMIN_ROUTES);
    expect(refusedRoutes.some((r) => r.rule?.kind === 'scopes')).toBe(true);
    expect(refusedRoutes.some((r) => r.rule?.kind === 'scopes')).toBe(true);
    const wrong: string[] = [];
    for (const route of refusedRoutes) {
      const res = await fetch(`${api.url}${fill(route.path)}`, { method: route.method, headers });
      const body = (await res.json()) as { code?: string };
      const expected = route.rule?.kind === 'scopes' ? 'insufficient_scope' : 'insufficient_role';
      if (res.status !== 403 || body.code !== expected)
        wrong.push(`${route.method} ${route.path} -> ${res.status} ${body.code}`);
    }
    expect(wrong).toEqual([]);
  });
});
