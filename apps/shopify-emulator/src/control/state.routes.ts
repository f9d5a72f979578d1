// Read-only views for assertions: the shop's state REST-shaped, and bulk operation result files.
import { createReadStream, existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import {
  customerPayload,
  inventoryLevelPayload,
  locationPayload,
  orderPayload,
  productPayload,
} from '../webhooks/webhook-payloads';
import { ControlError, sendJson, shopParam } from './control-util';
import { shopSummary } from './shops.routes';

export function registerStateRoutes(app: FastifyInstance, emulator: Emulator): void {
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
    if (include.includes('products'))
      state['products'] = take(shop.productIds.all(), (id) => shop.products.get(id)).map((p) =>
        productPayload(shop, p),
      );
    if (include.includes('inventory')) {
      state['inventoryLevels'] = take(shop.inventoryItemIds.all(), (id) => shop.inventoryItems.get(id)).flatMap(
        (item) =>
          [...item.levels.values()].map((l) => ({
            ...inventoryLevelPayload(l),
            quantities: {
              ...l.q,
              on_hand:
                l.q.available + l.q.committed + l.q.damaged + l.q.quality_control + l.q.reserved + l.q.safety_stock,
            },
          })),
      );
    }
    if (include.includes('locations')) state['locations'] = [...shop.locations.values()].map(locationPayload);
    if (include.includes('customers'))
      state['customers'] = take(shop.customerIds.all(), (id) => shop.customers.get(id)).map(customerPayload);
    if (include.includes('orders'))
      state['orders'] = take(shop.orderIds.all(), (id) => shop.orders.get(id)).map((o) => orderPayload(shop, o));
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
}
