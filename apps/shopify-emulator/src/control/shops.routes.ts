// Shops: create (with installs, seed data and faults in one call), read, delete, install, seed.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { ShopState } from '../store/shop-state';
import { seedShop } from '../store/seed';
import type { SeedOptions } from '../store/seed';
import { body, ControlError, sendJson, shopParam } from './control-util';
import {
  nonNegativeIntegers,
  optionalObject,
  optionalStringArray,
  requiredString,
  stringOrStringArray,
} from './control-body';
import { parseFaults, parseThrottle } from './shop-settings.routes';

export function shopSummary(emulator: Emulator, shop: ShopState) {
  return {
    domain: shop.domain,
    graphqlUrl: `${emulator.baseUrl}/shops/${shop.domain}/admin/api/2026-04/graphql.json`,
    throttle: shop.throttle,
    faults: shop.faults,
    counts: {
      products: shop.products.size,
      variants: shop.variants.size,
      inventoryItems: shop.inventoryItems.size,
      locations: shop.locations.size,
      customers: shop.customers.size,
      orders: shop.orders.size,
      webhookSubscriptions: shop.webhookSubscriptions.size,
      bulkOperations: shop.bulkOperations.size,
    },
    installs: [...shop.installs.values()].map((i) => ({ clientId: i.clientId, scopes: i.scopes })),
  };
}

function requireApp(emulator: Emulator, clientId: string, field: string): string {
  if (!emulator.apps.has(clientId)) throw new ControlError(400, `Unknown app ${clientId}`, field);
  return clientId;
}

/** `seed: {...}` seeds with those options; `seed: true` with the defaults. */
function seedOption(b: Record<string, unknown>): SeedOptions | null {
  if (b['seed'] === true) return {};
  if (b['seed'] === false) return null;
  const seed = optionalObject(b, 'seed');
  return seed ? nonNegativeIntegers<SeedOptions>(seed, 'seed') : null;
}

export function registerShopRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/_emulator/shops', async (req, reply) => {
    const b = body(req);
    const name = requiredString(b, 'name');
    // Everything is validated before the shop exists, so a bad body changes nothing.
    const throttle = parseThrottle(optionalObject(b, 'throttle'), 'throttle');
    const installs = stringOrStringArray(b, 'install').map((clientId) => requireApp(emulator, clientId, 'install'));
    const seed = seedOption(b);
    const faultsBody = optionalObject(b, 'faults');
    const faults = faultsBody ? parseFaults(faultsBody, 'faults') : null;
    const shop = emulator.createShop(name, { throttle });
    const tokens: Record<string, string> = {};
    for (const clientId of installs) tokens[clientId] = emulator.install(shop, clientId).accessToken;
    const seeded = seed ? seedShop(shop, seed) : null;
    if (faults) shop.setFaults(faults);
    return sendJson(reply, 201, { ...shopSummary(emulator, shop), accessTokens: tokens, seeded });
  });

  app.get('/_emulator/shops', async (_req, reply) =>
    sendJson(
      reply,
      200,
      [...emulator.shops.values()].map((s) => shopSummary(emulator, s)),
    ),
  );

  app.get('/_emulator/shops/:shop', async (req, reply) =>
    sendJson(reply, 200, shopSummary(emulator, shopParam(emulator, req))),
  );

  app.delete('/_emulator/shops/:shop', async (req, reply) => {
    emulator.deleteShop(shopParam(emulator, req).domain);
    return sendJson(reply, 200, { deleted: true });
  });

  app.post('/_emulator/shops/:shop/install', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const clientId = requireApp(emulator, requiredString(b, 'clientId'), 'clientId');
    const install = emulator.install(shop, clientId, optionalStringArray(b, 'scopes'));
    return sendJson(reply, 200, { accessToken: install.accessToken, scope: install.scopes.join(',') });
  });

  app.post('/_emulator/shops/:shop/uninstall', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const ok = emulator.uninstall(shop, requiredString(body(req), 'clientId'));
    if (!ok) throw new ControlError(404, 'app is not installed');
    return sendJson(reply, 200, { uninstalled: true });
  });

  app.post('/_emulator/shops/:shop/seed', async (req, reply) => {
    const shop = shopParam(emulator, req);
    return sendJson(reply, 200, seedShop(shop, nonNegativeIntegers<SeedOptions>(body(req))));
  });
}
