// Optional persistence so a demo store survives restarts: the whole world as one JSON file, with
// bigints tagged, Maps as entry lists. Written atomically (tmp + rename).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Emulator, AppRec } from '../emulator';
import { ShopState } from './shop-state';
import type { SortedIds } from './sorted-ids';

const VERSION = 1;

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return { $big: value.toString() };
  if (value instanceof Map) return { $map: [...value.entries()] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v['$big'] === 'string' && Object.keys(v).length === 1) return BigInt(v['$big']);
    if (Array.isArray(v['$map']) && Object.keys(v).length === 1) return new Map(v['$map'] as Array<[unknown, unknown]>);
  }
  return value;
}

type CollectionKey =
  | 'products'
  | 'variants'
  | 'inventoryItems'
  | 'locations'
  | 'customers'
  | 'orders'
  | 'webhookSubscriptions'
  | 'bulkOperations'
  | 'installs'
  | 'handles';
type IndexKey = 'productIds' | 'variantIds' | 'inventoryItemIds' | 'locationIds' | 'customerIds' | 'orderIds';

const COLLECTIONS: Array<[CollectionKey, IndexKey | null]> = [
  ['products', 'productIds'],
  ['variants', 'variantIds'],
  ['inventoryItems', 'inventoryItemIds'],
  ['locations', 'locationIds'],
  ['customers', 'customerIds'],
  ['orders', 'orderIds'],
  ['webhookSubscriptions', null],
  ['bulkOperations', null],
  ['installs', null],
  ['handles', null],
];

export function saveSnapshot(emulator: Emulator, file: string): void {
  const shops = [...emulator.shops.values()].map((s) => {
    const out: Record<string, unknown> = {
      domain: s.domain,
      createdAt: s.createdAt,
      throttle: s.throttle,
      faults: s.faults,
      nextId: s.nextId,
      nextOrderNumber: s.nextOrderNumber,
    };
    for (const [name] of COLLECTIONS) out[name] = s[name];
    return out;
  });
  const data = { version: VERSION, apps: [...emulator.apps.values()], shops };
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, replacer));
  renameSync(tmp, file);
}

export function loadSnapshot(emulator: Emulator, file: string): boolean {
  if (!existsSync(file)) return false;
  const data = JSON.parse(readFileSync(file, 'utf8'), reviver) as {
    version: number;
    apps: AppRec[];
    shops: Array<Record<string, unknown>>;
  };
  if (data.version !== VERSION) throw new Error(`Unsupported snapshot version ${data.version}`);
  for (const app of data.apps) emulator.apps.set(app.clientId, app);
  for (const raw of data.shops) {
    const shop = new ShopState(
      String(raw['domain']),
      String(raw['createdAt']),
      raw['throttle'] as ShopState['throttle'],
    );
    shop.setFaults(raw['faults'] as ShopState['faults']);
    shop.nextId = raw['nextId'] as bigint;
    shop.nextOrderNumber = raw['nextOrderNumber'] as number;
    for (const [name, index] of COLLECTIONS) {
      const target = shop[name] as Map<unknown, unknown>;
      for (const [k, v] of raw[name] as Map<unknown, unknown>) {
        target.set(k, v);
        if (index) (shop[index] as SortedIds).add(k as bigint);
      }
    }
    for (const install of shop.installs.values())
      emulator.tokens.set(install.accessToken, { shop: shop.domain, clientId: install.clientId });
    emulator.shops.set(shop.domain, shop);
  }
  return true;
}
