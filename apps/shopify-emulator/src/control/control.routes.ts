// Control API for tests, benchmarks and the demo: shops, apps, seeding, throttle and fault settings,
// config-level webhook subscriptions, the delivery log and a state read. Documented in README.md.
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import type { ShopState } from '../store/shop-state';
import type { FaultSettings, ThrottleSettings } from '../store/store.types';
import { DEFAULT_FAULTS } from '../store/store.types';
import { seedShop } from '../store/seed';
import type { SeedOptions } from '../store/seed';
import { toGid } from '../util/gid';
import {
  customerPayload,
  inventoryLevelPayload,
  locationPayload,
  orderPayload,
  productPayload,
} from '../webhooks/webhook-payloads';
import { addConfigSubscriptions, listSubscriptions, validateUri } from '../store/webhook-subscriptions.domain';
import { body, ControlError, sendJson, shopParam } from './control-util';
import { registerMerchantRoutes } from './merchant.routes';

function shopSummary(emulator: Emulator, shop: ShopState) {
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

const FAULT_KEYS = Object.keys(DEFAULT_FAULTS) as Array<keyof FaultSettings>;

function parseFaults(b: Record<string, unknown>): Partial<FaultSettings> {
  const out: Partial<FaultSettings> = {};
  for (const [k, v] of Object.entries(b)) {
    if (!FAULT_KEYS.includes(k as keyof FaultSettings)) throw new ControlError(400, `Unknown fault ${k}; known: ${FAULT_KEYS.join(', ')}`);
    if (k === 'outage') {
      if (typeof v !== 'boolean') throw new ControlError(400, 'outage must be a boolean');
    } else if (typeof v !== 'number' || v < 0 || (k.endsWith('Rate') && v > 1)) {
      throw new ControlError(400, `${k} must be a number${k.endsWith('Rate') ? ' between 0 and 1' : ' >= 0'}`);
    }
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

function parseThrottle(b: unknown): Partial<ThrottleSettings> {
  if (b === undefined) return {};
  const t = b as Record<string, unknown>;
  const out: Partial<ThrottleSettings> = {};
  for (const k of ['maximumAvailable', 'restoreRate'] as const) {
    if (t[k] === undefined) continue;
    if (typeof t[k] !== 'number' || (t[k] as number) <= 0) throw new ControlError(400, `${k} must be a positive number`);
    out[k] = t[k] as number;
  }
  return out;
}

export function registerControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/_emulator/health', async (_req, reply) => sendJson(reply, 200, { ok: true, shops: emulator.shops.size }));

  app.post('/_emulator/apps', async (req, reply) => {
    const b = body(req);
    const created = emulator.registerApp({
      clientId: b['clientId'] as string | undefined,
      clientSecret: b['clientSecret'] as string | undefined,
      name: b['name'] as string | undefined,
      scopes: b['scopes'] as string[] | undefined,
      autoApprove: b['autoApprove'] as boolean | undefined,
    });
    return sendJson(reply, 201, created);
  });

  app.get('/_emulator/apps', async (_req, reply) => sendJson(reply, 200, [...emulator.apps.values()]));

  app.post('/_emulator/shops', async (req, reply) => {
    const b = body(req);
    if (typeof b['name'] !== 'string') throw new ControlError(400, 'name is required');
    const shop = emulator.createShop(b['name'], { throttle: parseThrottle(b['throttle']) });
    const tokens: Record<string, string> = {};
    const installs = (typeof b['install'] === 'string' ? [b['install']] : ((b['install'] as string[] | undefined) ?? [])) as string[];
    for (const clientId of installs) {
      if (!emulator.apps.has(clientId)) throw new ControlError(400, `Unknown app ${clientId}`);
      tokens[clientId] = emulator.install(shop, clientId).accessToken;
    }
    const seed = b['seed'] as SeedOptions | undefined;
    const seeded = seed ? seedShop(shop, seed) : null;
    if (b['faults']) shop.setFaults(parseFaults(b['faults'] as Record<string, unknown>));
    return sendJson(reply, 201, { ...shopSummary(emulator, shop), accessTokens: tokens, seeded });
  });

  app.get('/_emulator/shops', async (_req, reply) => sendJson(reply, 200, [...emulator.shops.values()].map((s) => shopSummary(emulator, s))));

  app.get('/_emulator/shops/:shop', async (req, reply) => sendJson(reply, 200, shopSummary(emulator, shopParam(emulator, req))));

  app.delete('/_emulator/shops/:shop', async (req, reply) => {
    emulator.deleteShop(shopParam(emulator, req).domain);
    return sendJson(reply, 200, { deleted: true });
  });

  app.post('/_emulator/shops/:shop/install', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const clientId = String(b['clientId'] ?? '');
    if (!emulator.apps.has(clientId)) throw new ControlError(400, `Unknown app ${clientId}`);
    const install = emulator.install(shop, clientId, b['scopes'] as string[] | undefined);
    return sendJson(reply, 200, { accessToken: install.accessToken, scope: install.scopes.join(',') });
  });

  app.post('/_emulator/shops/:shop/uninstall', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const ok = emulator.uninstall(shop, String(body(req)['clientId'] ?? ''));
    if (!ok) throw new ControlError(404, 'app is not installed');
    return sendJson(reply, 200, { uninstalled: true });
  });

  app.post('/_emulator/shops/:shop/seed', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req) as SeedOptions;
    for (const [k, v] of Object.entries(b)) {
      if (typeof v !== 'number' || v < 0 || !Number.isInteger(v)) throw new ControlError(400, `${k} must be a non-negative integer`);
    }
    return sendJson(reply, 200, seedShop(shop, b));
  });

  app.get('/_emulator/shops/:shop/throttle', async (req, reply) => {
    const shop = shopParam(emulator, req);
    return sendJson(reply, 200, shop.throttle);
  });

  app.put('/_emulator/shops/:shop/throttle', async (req, reply) => {
    const shop = shopParam(emulator, req);
    emulator.setThrottle(shop, parseThrottle(body(req)));
    return sendJson(reply, 200, shop.throttle);
  });

  app.get('/_emulator/shops/:shop/faults', async (req, reply) => sendJson(reply, 200, shopParam(emulator, req).faults));

  app.put('/_emulator/shops/:shop/faults', async (req, reply) => {
    const shop = shopParam(emulator, req);
    shop.setFaults(parseFaults(body(req)));
    return sendJson(reply, 200, shop.faults);
  });

  app.delete('/_emulator/shops/:shop/faults', async (req, reply) => {
    const shop = shopParam(emulator, req);
    shop.setFaults({ ...DEFAULT_FAULTS });
    return sendJson(reply, 200, shop.faults);
  });

  app.post('/_emulator/shops/:shop/webhooks', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const b = body(req);
    const clientId = String(b['clientId'] ?? '');
    if (!emulator.apps.has(clientId)) throw new ControlError(400, `Unknown app ${clientId}`);
    const topics = typeof b['topic'] === 'string' ? [b['topic']] : ((b['topics'] as string[] | undefined) ?? []);
    if (topics.length === 0) throw new ControlError(400, 'topic or topics is required');
    const uriErrors = validateUri(b['uri']);
    if (uriErrors.length > 0) throw new ControlError(400, uriErrors.map((e) => e.message).join('; '));
    const subs = addConfigSubscriptions(shop, clientId, topics, String(b['uri']), (b['includeFields'] as string[] | undefined) ?? []);
    return sendJson(
      reply,
      201,
      subs.map((s) => ({ id: toGid('WebhookSubscription', s.id), topic: s.topic, uri: s.uri })),
    );
  });

  app.get('/_emulator/shops/:shop/webhooks', async (req, reply) => {
    const shop = shopParam(emulator, req);
    return sendJson(
      reply,
      200,
      listSubscriptions(shop).map((s) => ({
        id: toGid('WebhookSubscription', s.id),
        clientId: s.clientId,
        topic: s.topic,
        uri: s.uri,
        source: s.source,
        consecutiveFailures: s.consecutiveFailures,
      })),
    );
  });

  app.get('/_emulator/shops/:shop/deliveries', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const q = req.query as Record<string, string>;
    const list = emulator.delivery
      .deliveries(shop.domain)
      .filter((d) => (!q['topic'] || d.topic === q['topic']) && (!q['status'] || d.status === q['status']));
    return sendJson(reply, 200, list);
  });

  app.delete('/_emulator/shops/:shop/deliveries', async (req, reply) => {
    emulator.delivery.clearLog(shopParam(emulator, req).domain);
    return sendJson(reply, 200, { cleared: true });
  });

  app.post('/_emulator/webhooks/wait-idle', async (req, reply) => {
    const timeoutMs = Number(body(req)['timeoutMs'] ?? 10_000);
    const idle = await emulator.delivery.waitIdle(timeoutMs);
    return sendJson(reply, idle ? 200 : 408, { idle, pending: emulator.delivery.pending() });
  });

  app.get('/_emulator/shops/:shop/state', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const q = req.query as Record<string, string>;
    const limit = Math.min(Number(q['limit'] ?? 1000), 100_000);
    const take = <T>(ids: readonly bigint[], get: (id: bigint) => T | undefined): T[] => {
      const out: T[] = [];
      for (const id of ids) {
        if (out.length >= limit) break;
        const v = get(id);
        if (v !== undefined) out.push(v);
      }
      return out;
    };
    const include = (q['include'] ?? 'products,inventory,locations,customers,orders').split(',');
    const state: Record<string, unknown> = { ...shopSummary(emulator, shop) };
    if (include.includes('products')) state['products'] = take(shop.productIds.all(), (id) => shop.products.get(id)).map((p) => productPayload(shop, p));
    if (include.includes('inventory')) {
      state['inventoryLevels'] = take(shop.inventoryItemIds.all(), (id) => shop.inventoryItems.get(id)).flatMap((item) =>
        [...item.levels.values()].map((l) => ({ ...inventoryLevelPayload(l), quantities: { ...l.q, on_hand: l.q.available + l.q.committed + l.q.damaged + l.q.quality_control + l.q.reserved + l.q.safety_stock } })),
      );
    }
    if (include.includes('locations')) state['locations'] = [...shop.locations.values()].map(locationPayload);
    if (include.includes('customers')) state['customers'] = take(shop.customerIds.all(), (id) => shop.customers.get(id)).map(customerPayload);
    if (include.includes('orders')) state['orders'] = take(shop.orderIds.all(), (id) => shop.orders.get(id)).map((o) => orderPayload(shop, o));
    return sendJson(reply, 200, state);
  });

  app.get('/_emulator/bulk/:shop/:file', async (req, reply) => {
    const shop = shopParam(emulator, req);
    const { file } = req.params as { file: string };
    const id = /^(\d+)\.jsonl$/.exec(file)?.[1];
    const op = id ? shop.bulkOperations.get(BigInt(id)) : undefined;
    if (!op?.filePath || !existsSync(op.filePath)) throw new ControlError(404, 'bulk result not found');
    return reply.header('content-type', 'application/jsonl').send(createReadStream(op.filePath));
  });

  registerMerchantRoutes(app, emulator);
}
