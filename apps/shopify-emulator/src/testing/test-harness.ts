// Shared test plumbing: an in-process emulator, an app installed on a shop, a GraphQL client, and a
// webhook receiver that keeps the raw bytes (signatures are over exact bytes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../index';
import type { RunningEmulator, StartEmulatorOptions } from '../index';

/** The topics a merchant's or an app's changes to a shop send (pinned here, not read from the code under test). */
export const SHOP_TOPICS = [
  'products/create',
  'products/update',
  'products/delete',
  'inventory_levels/update',
  'inventory_items/update',
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'customers/create',
  'customers/update',
  'locations/create',
  'locations/update',
];

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  raw: string;
  topic: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with; may be a function of the attempt number (1-based, all requests). */
  respond: number | ((n: number, hook: ReceivedWebhook) => number);
  waitFor(predicate: (all: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let count = 0;
  const state: { respond: Receiver['respond'] } = { respond: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hook: ReceivedWebhook = {
        headers: req.headers,
        raw: Buffer.concat(chunks).toString('utf8'),
        topic: String(req.headers['x-shopify-topic'] ?? ''),
        at: Date.now(),
      };
      received.push(hook);
      count++;
      const status = typeof state.respond === 'function' ? state.respond(count, hook) : state.respond;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    get respond() {
      return state.respond;
    },
    set respond(v) {
      state.respond = v;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for webhooks; got ${received.map((r) => r.topic).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

export interface TestShop {
  running: RunningEmulator;
  url: string;
  shop: string;
  clientId: string;
  clientSecret: string;
  token: string;
  graphqlUrl: string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<{ status: number; body: T & GqlEnvelope }>;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface GqlEnvelope {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[]; locations?: unknown[] }>;
  extensions?: {
    cost: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
    search?: unknown[];
  };
}

let counter = 0;

export async function startTestShop(
  opts: StartEmulatorOptions & {
    shopName?: string;
    throttle?: { maximumAvailable?: number; restoreRate?: number };
    seed?: Record<string, number>;
  } = {},
): Promise<TestShop> {
  const running = await startEmulator({ timeScale: 0.0001, ...opts });
  const control = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  counter++;
  const clientId = `test-app-${counter}`;
  const clientSecret = `shpss_test_secret_${counter}`;
  await control('POST', '/_emulator/apps', { clientId, clientSecret, autoApprove: true });
  const shopName = opts.shopName ?? `shop-${counter}`;
  const created = await control<{ domain: string; accessTokens: Record<string, string> }>('POST', '/_emulator/shops', {
    name: shopName,
    install: clientId,
    throttle: opts.throttle,
    seed: opts.seed,
  });
  const shop = created.body.domain;
  const token = created.body.accessTokens[clientId] as string;
  const graphqlUrl = `${running.url}/shops/${shop}/admin/api/2026-04/graphql.json`;
  return {
    running,
    url: running.url,
    shop,
    clientId,
    clientSecret,
    token,
    graphqlUrl,
    async gql<T>(query: string, variables?: Record<string, unknown>, tokenOverride?: string) {
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': tokenOverride ?? token },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : { raw: text }) as T & GqlEnvelope };
    },
    control,
    close: () => running.close(),
  };
}

/** Path helper for nested GraphQL data in tests. */
export function dig(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
