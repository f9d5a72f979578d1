import type { INestApplicationContext } from '@nestjs/common';
import { bearer, sessionHeaders, type SeededWorkspace, type StaffSession } from './identity';

/**
 * The tenancy walk calls every route with workspace A's credentials and workspace B's ids. For that it must be able
 * to create, in B, whatever a route's path parameters point at. Each resource registers a fixture here, keyed by
 * the route prefix that introduces the parameters; a route with a path parameter and no fixture FAILS the walk.
 *
 * Example: `{ prefix: '/api/products/:id', create: async (ctx) => ({ id: await createProductIn(ctx) }) }` also
 * covers `/api/products/:id/variants` (the longest matching prefix wins; it must supply every parameter).
 */
export interface FixtureContext {
  api: { url: string; app: INestApplicationContext };
  ws: SeededWorkspace;
  /** A signed-in owner session of `ws` (created on first use). */
  session(): Promise<StaffSession>;
  /** fetch against the api with the workspace's `*` key; throws on a non-2xx answer. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

export interface RouteFixture {
  prefix: string;
  create(ctx: FixtureContext): Promise<Record<string, string>>;
  /**
   * A valid body for a state-changing route under this prefix, so validation passes and the route has to answer
   * the cross-workspace 404 itself. Defaults to `{}`.
   */
  body?(method: string, path: string): unknown;
  /**
   * The parameters do not point at workspace-owned rows (e.g. `/api/export/:resource`): instead of a 404 the walk
   * checks that A's answer shows none of B's ids.
   */
  notOwned?: boolean;
}

export const ROUTE_FIXTURES: RouteFixture[] = [
  {
    prefix: '/api/api-keys/:id',
    create: async (ctx) => {
      const created = await ctx.call<{ id: string }>('POST', '/api/api-keys', {
        name: 'walk fixture',
        scopes: ['orders:read'],
      });
      return { id: created.id };
    },
  },
  { prefix: '/api/export/:resource', notOwned: true, create: async () => ({ resource: 'products' }) },
];

export function registerRouteFixture(fixture: RouteFixture): void {
  ROUTE_FIXTURES.push(fixture);
}

export function fixtureFor(path: string): RouteFixture | undefined {
  const matching = ROUTE_FIXTURES.filter((f) => path === f.prefix || path.startsWith(`${f.prefix}/`));
  return matching.sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

export function fixtureContext(
  api: { url: string; app: INestApplicationContext },
  ws: SeededWorkspace,
): FixtureContext {
  let session: Promise<StaffSession> | undefined;
  const ctx: FixtureContext = {
    api,
    ws,
    session: () => (session ??= ws.login()),
    call: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      // Session-only routes (API keys) need the cookie; everything else takes the key.
      const headers = path.startsWith('/api/api-keys') ? sessionHeaders(await ctx.session()) : bearer(ws.apiKey);
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`fixture call ${method} ${path} answered ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : {}) as T;
    },
  };
  return ctx;
}

// --- commerce (catalog, inventory, customers, orders) ---
async function commerceOrderIn(ctx: FixtureContext): Promise<string> {
  const sku = `WALK-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  const loc = await ctx.call<{ id: string }>('POST', '/api/locations', { name: 'walk' });
  await ctx.call('POST', '/api/products', { title: 'walk', variants: [{ sku, price: 100 }] });
  await ctx.call('POST', '/api/inventory/adjustments', { sku, locationId: loc.id, set: 5, reason: 'received' });
  const order = await ctx.call<{ id: string }>('POST', '/api/orders', {
    channel: 'pos',
    locationId: loc.id,
    lines: [{ sku, quantity: 1 }],
  });
  return order.id;
}
registerRouteFixture({
  prefix: '/api/products/:id',
  create: async (ctx) => ({
    id: (
      await ctx.call<{ id: string }>('POST', '/api/products', {
        title: 'walk',
        variants: [
          { sku: `WALK-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase(), price: 1 },
        ],
      })
    ).id,
  }),
});
registerRouteFixture({
  prefix: '/api/locations/:id',
  create: async (ctx) => ({ id: (await ctx.call<{ id: string }>('POST', '/api/locations', { name: 'walk' })).id }),
});
registerRouteFixture({
  prefix: '/api/customers/:id',
  create: async (ctx) => ({ id: (await ctx.call<{ id: string }>('POST', '/api/customers', { firstName: 'walk' })).id }),
});
registerRouteFixture({
  prefix: '/api/orders/:id',
  create: async (ctx) => ({ id: await commerceOrderIn(ctx) }),
  body: (method, path) =>
    path.endsWith('/returns')
      ? { lines: [{ lineId: 'oli_walk', quantity: 1 }] }
      : method === 'PATCH'
        ? { note: 'walk' }
        : {},
});

// --- webhooks ---
// A public IP literal: passes the SSRF guard without DNS; nothing is ever sent (the walk runs no worker).
const WALK_WEBHOOK_URL = 'https://93.184.215.14/retailos-walk';
registerRouteFixture({
  prefix: '/api/webhooks/subscriptions/:id',
  create: async (ctx) => ({
    id: (
      await ctx.call<{ id: string }>('POST', '/api/webhooks/subscribe', { url: WALK_WEBHOOK_URL, topics: ['order.*'] })
    ).id,
  }),
});
registerRouteFixture({
  prefix: '/api/webhooks/deliveries/:id',
  create: async (ctx) => {
    const sub = await ctx.call<{ id: string }>('POST', '/api/webhooks/subscribe', {
      url: WALK_WEBHOOK_URL,
      topics: ['order.*'],
    });
    // Deliveries only come from the worker's fan-out; the walk has no worker, so one dead letter is written directly.
    const { EntityManager } = await import('@mikro-orm/postgresql');
    const { newId } = await import('@retailos/shared/util');
    const id = newId('whd');
    await ctx.api.app
      .get(EntityManager)
      .fork()
      .execute(
        `insert into webhook_deliveries (id, workspace_id, subscription_id, event_id, event_seq, topic, status) values (?, ?, ?, ?, 0, 'order.created', 'dead')`,
        [id, ctx.ws.workspaceId, sub.id, newId('evt')],
      );
    return { id };
  },
});

// --- Shopify sync ---
registerRouteFixture({
  prefix: '/api/shopify/locations/:id',
  create: async (ctx) => {
    // Location maps come from a connected shop's setup job; the walk has no worker or shop, so one is written directly.
    const { EntityManager } = await import('@mikro-orm/postgresql');
    const { newId } = await import('@retailos/shared/util');
    const id = newId('slm');
    await ctx.api.app
      .get(EntityManager)
      .fork()
      .execute(
        `insert into shopify_location_maps (id, workspace_id, shopify_location_gid, shopify_name, shopify_active) values (?, ?, ?, 'walk', true)`,
        [id, ctx.ws.workspaceId, `gid://shopify/Location/${Date.now()}${Math.floor(Math.random() * 1000)}`],
      );
    return { id };
  },
  body: () => ({ locationId: null }),
});
registerRouteFixture({
  prefix: '/api/sync/history/:id',
  create: async (ctx) => {
    // History entries are written by the worker's apply jobs; the walk has none, so one is written directly.
    const { EntityManager } = await import('@mikro-orm/postgresql');
    const { newId } = await import('@retailos/shared/util');
    const id = newId('shi');
    await ctx.api.app
      .get(EntityManager)
      .fork()
      .execute(
        `insert into sync_history (id, workspace_id, entity_type, direction, source, changes, conflicts, cause, actor) values (?, ?, 'customer', 'inbound', 'webhook', '[]', '[]', '{}', 'walk')`,
        [id, ctx.ws.workspaceId],
      );
    return { id };
  },
});
