// The emulator's in-memory world: shops, apps, installs/tokens, throttle buckets, and the services
// (webhook delivery, bulk operations) that act on it. The HTTP layer is in http/.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { GraphQLSchema } from 'graphql';
import { ShopState } from './store/shop-state';
import type { InstallRec, ThrottleSettings } from './store/store.types';
import { insertLocation } from './store/locations.domain';
import { removeAppSubscriptions } from './store/webhook-subscriptions.domain';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { appUninstalledPayload } from './webhooks/webhook-payloads';
import { BulkOperationRunner } from './bulk/bulk-operation.runner';
import { LeakyBucket } from './graphql/leaky-bucket';
import { getSchema } from './graphql/schema';
import { isoSeconds } from './util/time';

export const DEFAULT_THROTTLE: ThrottleSettings = { maximumAvailable: 2000, restoreRate: 100 };
export const DEFAULT_SCOPES = [
  'read_products',
  'write_products',
  'read_inventory',
  'write_inventory',
  'read_locations',
  'read_orders',
  'write_orders',
  'read_customers',
  'write_customers',
];

export interface AppRec {
  clientId: string;
  clientSecret: string;
  name: string;
  scopes: string[];
  /** Skip the approval page in OAuth (tests); the page is still available with ?approve=0. */
  autoApprove: boolean;
}

export interface EmulatorConfig {
  timeScale: number;
  webhookConnectTimeoutMs: number;
  webhookTimeoutMs: number;
  dataDir: string;
}

export class ShopNameError extends Error {}

export function normaliseShopDomain(name: string): string {
  const lower = name.trim().toLowerCase();
  const domain = lower.endsWith('.myshopify.com') ? lower : `${lower}.myshopify.com`;
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) throw new ShopNameError(`Invalid shop name: ${name}`);
  return domain;
}

export class Emulator {
  readonly shops = new Map<string, ShopState>();
  readonly apps = new Map<string, AppRec>();
  readonly tokens = new Map<string, { shop: string; clientId: string }>();
  readonly oauthCodes = new Map<string, { shop: string; clientId: string; scopes: string[]; expiresAt: number }>();
  private readonly buckets = new Map<string, LeakyBucket>();
  readonly delivery: WebhookDeliveryService;
  readonly bulk: BulkOperationRunner;
  baseUrl = 'http://127.0.0.1';

  constructor(readonly config: EmulatorConfig) {
    this.delivery = new WebhookDeliveryService({
      timeScale: config.timeScale,
      connectTimeoutMs: config.webhookConnectTimeoutMs,
      totalTimeoutMs: config.webhookTimeoutMs,
      secretFor: (clientId) => this.apps.get(clientId)?.clientSecret,
    });
    this.bulk = new BulkOperationRunner({
      schema: () => this.schema,
      sink: this.delivery,
      timeScale: config.timeScale,
      dir: path.join(config.dataDir, 'bulk'),
      baseUrl: () => this.baseUrl,
    });
  }

  get schema(): GraphQLSchema {
    return getSchema();
  }

  close(): void {
    this.delivery.close();
    this.bulk.close();
  }

  createShop(
    name: string,
    opts: { throttle?: Partial<ThrottleSettings>; withDefaultLocation?: boolean } = {},
  ): ShopState {
    const domain = normaliseShopDomain(name);
    const existing = this.shops.get(domain);
    if (existing) return existing;
    const shop = new ShopState(domain, isoSeconds(), { ...DEFAULT_THROTTLE, ...(opts.throttle ?? {}) });
    if (opts.withDefaultLocation !== false) {
      insertLocation(shop, {
        name: 'Shop location',
        address: { address1: '1 Main St', city: 'Ottawa', provinceCode: 'ON', countryCode: 'CA', zip: 'K1A 0B1' },
      });
    }
    this.shops.set(domain, shop);
    return shop;
  }

  getShop(name: string): ShopState | undefined {
    try {
      return this.shops.get(normaliseShopDomain(name));
    } catch {
      return undefined;
    }
  }

  deleteShop(domain: string): void {
    this.shops.delete(domain);
    for (const [token, t] of this.tokens) if (t.shop === domain) this.tokens.delete(token);
  }

  registerApp(input: Partial<AppRec> = {}): AppRec {
    const app: AppRec = {
      clientId: input.clientId ?? randomBytes(16).toString('hex'),
      clientSecret: input.clientSecret ?? `shpss_${randomBytes(16).toString('hex')}`,
      name: input.name ?? 'Emulated app',
      scopes: input.scopes ?? DEFAULT_SCOPES,
      autoApprove: input.autoApprove ?? false,
    };
    this.apps.set(app.clientId, app);
    return app;
  }

  install(shop: ShopState, clientId: string, scopes?: string[]): InstallRec {
    const app = this.apps.get(clientId);
    if (!app) throw new Error(`Unknown app ${clientId}`);
    const existing = shop.installs.get(clientId);
    if (existing) {
      if (scopes) existing.scopes = scopes;
      return existing;
    }
    const install: InstallRec = {
      clientId,
      accessToken: `shpat_${randomBytes(16).toString('hex')}`,
      scopes: scopes ?? app.scopes,
      installedAt: isoSeconds(),
    };
    shop.installs.set(clientId, install);
    this.tokens.set(install.accessToken, { shop: shop.domain, clientId });
    return install;
  }

  /** Uninstalling sends app/uninstalled to that app, then drops its token and subscriptions. */
  uninstall(shop: ShopState, clientId: string): boolean {
    const install = shop.installs.get(clientId);
    if (!install) return false;
    this.delivery.emit(shop, 'app/uninstalled', appUninstalledPayload(shop), { clientId });
    shop.installs.delete(clientId);
    this.tokens.delete(install.accessToken);
    removeAppSubscriptions(shop, clientId);
    return true;
  }

  /** One bucket per app and shop, as on Shopify. */
  bucketFor(shop: ShopState, clientId: string): LeakyBucket {
    const key = `${shop.domain}|${clientId}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new LeakyBucket(shop.throttle);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  setThrottle(shop: ShopState, settings: Partial<ThrottleSettings>): void {
    shop.throttle = { ...shop.throttle, ...settings };
    for (const [key, bucket] of this.buckets) if (key.startsWith(`${shop.domain}|`)) bucket.configure(shop.throttle);
  }
}

export function defaultDataDir(): string {
  return path.join(os.tmpdir(), `shopify-emulator-${process.pid}-${randomBytes(4).toString('hex')}`);
}
