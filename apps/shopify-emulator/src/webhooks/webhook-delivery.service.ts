// Asynchronous, Shopify-like webhook delivery: signed exact bytes, X-Shopify-* headers, 1 s connect /
// 5 s total timeouts, any non-2xx is a failure, 8 retries on an exponential schedule spanning 4 hours
// (scaled by timeScale), API-created subscriptions removed after exhausting them, plus fault injection.
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { ShopState } from '../store/shop-state';
import type { WebhookSubscriptionRec } from '../store/store.types';
import { toShopifyJson } from '../util/shopify-json';
import { topicToEnum } from './webhook-topics';
import { listSubscriptions, removeAfterFailures } from '../store/webhook-subscriptions.domain';

export const API_VERSION = '2026-04';
export const RETRY_COUNT = 8;
const RETRY_WINDOW_MS = 4 * 60 * 60 * 1000;
/** Exponential schedule: base * 2^i for i = 0..7 sums to exactly 4 hours. */
export const RETRY_DELAYS_MS: readonly number[] = Array.from(
  { length: RETRY_COUNT },
  (_, i) => (RETRY_WINDOW_MS / (2 ** RETRY_COUNT - 1)) * 2 ** i,
);
const MAX_LOG_PER_SHOP = 20_000;

export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  duplicate: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dropped';

export interface Delivery {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  subscriptionId: string;
  clientId: string;
  uri: string;
  triggeredAt: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  body: string;
  hmac: string;
  /** Set when the subscription was deleted because this delivery exhausted its retries. */
  subscriptionRemoved: boolean;
}

export interface DeliveryOptions {
  timeScale: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  secretFor(clientId: string): string | undefined;
  onSubscriptionRemoved?(shop: ShopState, sub: WebhookSubscriptionRec): void;
}

export interface EmitOptions {
  /** Restrict to one app's subscriptions (e.g. app/uninstalled, bulk_operations/finish). */
  clientId?: string;
}

export class WebhookDeliveryService {
  private readonly log = new Map<string, Delivery[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: DeliveryOptions) {}

  /** Records one merchant/API event and schedules a delivery per matching subscription. */
  emit(shop: ShopState, topic: string, payload: Record<string, unknown>, emitOpts: EmitOptions = {}): string {
    const eventId = randomUUID();
    const topicEnum = topicToEnum(topic);
    const triggeredAt = new Date().toISOString();
    for (const sub of listSubscriptions(shop)) {
      if (sub.topic !== topicEnum) continue;
      if (emitOpts.clientId && sub.clientId !== emitOpts.clientId) continue;
      if (!matchesFilter(sub.filter, payload)) continue;
      const secret = this.opts.secretFor(sub.clientId);
      if (secret === undefined) continue;
      const body = toShopifyJson(selectFields(payload, sub.includeFields));
      const delivery: Delivery = {
        webhookId: randomUUID(),
        eventId,
        topic,
        shop: shop.domain,
        subscriptionId: `gid://shopify/WebhookSubscription/${sub.id}`,
        clientId: sub.clientId,
        uri: sub.uri,
        triggeredAt,
        status: 'pending',
        attempts: [],
        body,
        hmac: createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
        subscriptionRemoved: false,
      };
      this.record(shop.domain, delivery);
      const faults = shop.faults;
      if (shop.faultRng.chance(faults.webhookDropRate)) {
        delivery.status = 'dropped';
        continue;
      }
      const jitter = faults.webhookReorderWindowMs > 0 ? shop.faultRng.next() * faults.webhookReorderWindowMs : 0;
      this.schedule(shop, delivery, sub, jitter * this.opts.timeScale, false);
      if (shop.faultRng.chance(faults.webhookDuplicateRate)) {
        const dupJitter = shop.faultRng.next() * Math.max(faults.webhookReorderWindowMs, 10);
        this.schedule(shop, delivery, sub, dupJitter * this.opts.timeScale, true);
      }
    }
    return eventId;
  }

  deliveries(shopDomain: string): readonly Delivery[] {
    return this.log.get(shopDomain) ?? [];
  }

  clearLog(shopDomain: string): void {
    this.log.delete(shopDomain);
  }

  pending(): number {
    return this.timers.size + this.inFlight;
  }

  /** Resolves once nothing is scheduled or in flight (or after timeoutMs). */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.pending() === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.notifyIdle();
  }

  private record(shopDomain: string, delivery: Delivery): void {
    let list = this.log.get(shopDomain);
    if (!list) {
      list = [];
      this.log.set(shopDomain, list);
    }
    list.push(delivery);
    if (list.length > MAX_LOG_PER_SHOP) list.splice(0, list.length - MAX_LOG_PER_SHOP);
  }

  private schedule(
    shop: ShopState,
    d: Delivery,
    sub: WebhookSubscriptionRec,
    delayMs: number,
    duplicate: boolean,
  ): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.inFlight += 1;
      void this.attempt(shop, d, sub, duplicate)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight -= 1;
          this.notifyIdle();
        });
    }, delayMs);
    this.timers.add(timer);
  }

  private notifyIdle(): void {
    if (this.pending() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async attempt(shop: ShopState, d: Delivery, sub: WebhookSubscriptionRec, duplicate: boolean): Promise<void> {
    if (shop.faults.outage) {
      // Shopify is "down": hold the delivery back without spending an attempt.
      this.schedule(shop, d, sub, Math.max(50, 1000 * this.opts.timeScale), duplicate);
      return;
    }
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (shop.faultRng.chance(shop.faults.webhookFailureRate)) {
      error = 'injected failure (fault: webhookFailureRate)';
    } else {
      try {
        statusCode = await this.post(d);
        if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
    }
    d.attempts.push({
      at: new Date(started).toISOString(),
      statusCode,
      error,
      durationMs: Date.now() - started,
      duplicate,
    });
    if (duplicate) return;
    if (error === null) {
      d.status = 'delivered';
      sub.consecutiveFailures = 0;
      return;
    }
    sub.consecutiveFailures += 1;
    const retriesDone = d.attempts.filter((a) => !a.duplicate).length - 1;
    const nextDelay = RETRY_DELAYS_MS[retriesDone];
    if (nextDelay !== undefined) {
      this.schedule(shop, d, sub, nextDelay * this.opts.timeScale, false);
      return;
    }
    d.status = 'failed';
    if (removeAfterFailures(shop, sub)) {
      d.subscriptionRemoved = true;
      this.opts.onSubscriptionRemoved?.(shop, sub);
    }
  }

  private post(d: Delivery): Promise<number> {
    const url = new URL(d.uri);
    const client = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(d.body, 'utf8');
    return new Promise<number>((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, code?: number): void => {
        if (settled) return;
        settled = true;
        clearTimeout(totalTimer);
        clearTimeout(connectTimer);
        if (err) reject(err);
        else resolve(code ?? 0);
      };
      const req = client.request(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': body.length,
            'User-Agent': 'Shopify-Captain-Hook',
            'X-Shopify-Topic': d.topic,
            'X-Shopify-Hmac-Sha256': d.hmac,
            'X-Shopify-Shop-Domain': d.shop,
            'X-Shopify-API-Version': API_VERSION,
            'X-Shopify-Webhook-Id': d.webhookId,
            'X-Shopify-Triggered-At': d.triggeredAt,
            'X-Shopify-Event-Id': d.eventId,
          },
          agent: false,
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(null, res.statusCode ?? 0));
          res.on('error', (err) => finish(err));
        },
      );
      const connectTimer = setTimeout(() => {
        req.destroy(new Error(`connect timeout after ${this.opts.connectTimeoutMs} ms`));
      }, this.opts.connectTimeoutMs);
      const totalTimer = setTimeout(() => {
        req.destroy(new Error(`timeout after ${this.opts.totalTimeoutMs} ms`));
      }, this.opts.totalTimeoutMs);
      req.on('socket', (socket) => {
        if (!socket.connecting) clearTimeout(connectTimer);
        else socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('error', (err) => finish(err));
      req.end(body);
    });
  }
}

function selectFields(payload: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  if (fields.length === 0) return payload;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in payload) out[f] = payload[f];
  return out;
}

/** Minimal support for subscription filters: `field:value` terms compared against top-level payload keys. */
function matchesFilter(filter: string | null, payload: Record<string, unknown>): boolean {
  if (!filter) return true;
  for (const term of filter.split(/\s+AND\s+|\s+/)) {
    const m = /^([a-z_]+):(.+)$/.exec(term.trim());
    if (!m || !m[1] || m[2] === undefined) continue;
    const actual = payload[m[1]];
    if (actual === undefined) continue;
    if (String(actual) !== m[2].replace(/^["']|["']$/g, '')) return false;
  }
  return true;
}
