import { Injectable, Logger } from '@nestjs/common';
import { createAdminApiClient, type AdminMutations, type AdminQueries } from '@shopify/admin-api-client';
import { ShopifyBudget, type ThrottleStatus } from './shopify-budget';
import { ShopifyApiError, ShopifyUnauthorizedError } from './shopify-errors';
import { SHOPIFY_API_VERSION, ShopifySettings } from './shopify-settings';

type Operations = AdminQueries & AdminMutations;
type OperationName = keyof Operations & string;

interface GraphqlError {
  message: string;
  extensions?: { code?: string; cost?: number };
}
interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[] | string;
  extensions?: {
    cost?: { requestedQueryCost?: number | null; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus };
  };
}

/** What a client copy saw; tests and metrics read it (a THROTTLED answer means we sent what the bucket could not pay). */
export interface ShopifyCallStats {
  requests: number;
  throttled: number;
  retries: number;
}

// Before a document has been answered once, reserve this much for it (its real cost is remembered afterwards).
const FIRST_GUESS = 50;
const MAX_THROTTLED_WAITS = 50;
const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** +/- 50 % so that copies retrying together spread out. */
const jitter = (ms: number): number => Math.round(ms * (0.5 + Math.random()));

/**
 * The only way the sync talks to Shopify's Admin GraphQL API: Shopify's own client (typed by the generated
 * operations), routed to the configured base URL, paced by the shop's shared budget, retried on THROTTLED, 429, 5xx and
 * network errors with backoff and jitter. The access token goes in a header and nowhere else (never logged, never in
 * an error).
 */
@Injectable()
export class ShopifyGraphql {
  private readonly logger = new Logger('ShopifyGraphql');
  private readonly costs = new Map<string, number>();
  readonly stats: ShopifyCallStats = { requests: 0, throttled: 0, retries: 0 };

  constructor(
    private readonly settings: ShopifySettings,
    private readonly budget: ShopifyBudget,
  ) {}

  async request<Op extends OperationName>(
    shop: string,
    accessToken: string,
    operation: Op,
    variables?: Operations[Op]['variables'],
  ): Promise<Operations[Op]['return']> {
    const base = this.settings.shopBase(shop);
    const client = createAdminApiClient({
      storeDomain: shop,
      apiVersion: SHOPIFY_API_VERSION,
      accessToken,
      userAgentPrefix: 'Retailos',
      // Shopify's client builds https://{shop}/admin/...; send it to the configured base instead (the emulator in dev).
      customFetchApi: (url, init) =>
        fetch(url.replace(`https://${shop}`, base), { ...init, signal: AbortSignal.timeout(30_000) }),
    });
    const name = /\b(?:query|mutation)\s+(\w+)/.exec(operation)?.[1] ?? 'anonymous';
    let failures = 0;
    let throttledWaits = 0;
    for (;;) {
      const reserve = this.costs.get(name) ?? FIRST_GUESS;
      await this.reserve(shop, reserve);
      this.stats.requests++;
      let status: number;
      let body: GraphqlBody | undefined;
      let retryAfterMs: number | undefined;
      try {
        // The generated types checked the variables at our own signature; Shopify's client takes them as a plain object.
        const res = await (
          client.fetch as (op: string, o: { variables?: Record<string, unknown> }) => Promise<Response>
        )(operation, {
          variables: variables as Record<string, unknown> | undefined,
        });
        status = res.status;
        retryAfterMs = Number(res.headers.get('retry-after')) * 1000 || undefined;
        const text = await res.text();
        try {
          body = JSON.parse(text) as GraphqlBody;
        } catch {
          body = undefined;
        }
      } catch (err) {
        // Network error or timeout: nothing was charged that we know of.
        await this.budget.refund(shop, reserve);
        failures = await this.backoff(shop, name, failures, `network: ${(err as Error).name}`);
        continue;
      }

      const cost = body?.extensions?.cost;
      if (cost?.throttleStatus) {
        const charged = cost.actualQueryCost ?? 0;
        await this.budget.settle(shop, reserve, reserve - charged, cost.throttleStatus);
        if (cost.requestedQueryCost) this.costs.set(name, cost.requestedQueryCost);
      } else {
        await this.budget.refund(shop, reserve);
      }

      if (status === 401 || status === 403) throw new ShopifyUnauthorizedError(shop);
      if (status === 429 || status >= 500) {
        failures = await this.backoff(shop, name, failures, `HTTP ${status}`, retryAfterMs);
        continue;
      }
      if (status !== 200 || !body)
        throw new ShopifyApiError('shopify_bad_response', `Shopify answered HTTP ${status} to ${name}.`, shop);

      const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: body.errors }] : [];
      if (errors.some((e) => e.extensions?.code === 'THROTTLED')) {
        this.stats.throttled++;
        if (++throttledWaits > MAX_THROTTLED_WAITS)
          throw new ShopifyApiError('shopify_throttled', `${name} stayed THROTTLED on ${shop}.`, shop, true);
        // The budget now mirrors Shopify's bucket; the next reserve() waits exactly until the points are back.
        continue;
      }
      if (errors.length > 0) {
        const first = errors[0];
        throw new ShopifyApiError(
          first?.extensions?.code === 'MAX_COST_EXCEEDED' ? 'shopify_max_cost_exceeded' : 'shopify_graphql_error',
          `Shopify refused ${name}: ${errors
            .map((e) => e.message)
            .join('; ')
            .slice(0, 500)}`,
          shop,
        );
      }
      return body.data as Operations[Op]['return'];
    }
  }

  private async reserve(shop: string, cost: number): Promise<void> {
    for (;;) {
      const waitMs = await this.budget.take(shop, cost);
      if (waitMs <= 0) return;
      await sleep(waitMs + Math.round(Math.random() * Math.min(250, waitMs)));
    }
  }

  private async backoff(
    shop: string,
    name: string,
    failures: number,
    reason: string,
    floorMs?: number,
  ): Promise<number> {
    const next = failures + 1;
    if (next >= this.settings.maxAttempts) {
      throw new ShopifyApiError(
        'shopify_unavailable',
        `Shopify failed ${name} ${next} times (last: ${reason}).`,
        shop,
        true,
      );
    }
    this.stats.retries++;
    const wait = Math.max(floorMs ?? 0, jitter(Math.min(MAX_BACKOFF_MS, this.settings.retryBaseMs * 2 ** failures)));
    this.logger.warn({ shop, operation: name, attempt: next, reason, waitMs: wait }, 'retrying Shopify call');
    await sleep(wait);
    return next;
  }
}
