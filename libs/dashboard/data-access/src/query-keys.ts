import type { QueryValue } from './client';

export type Filters = Record<string, QueryValue>;

/**
 * Every data key starts with the workspace id, so signing in to another workspace never shows another tenant's
 * cached rows, and an event of workspace W invalidates W's keys only. The one exception is the session key: it is
 * what tells us the workspace (and sign-in clears the whole cache anyway).
 */
/** A resource's keys: its prefix (what an invalidation names), its list pages and its single rows. */
function resourceKeys<R extends string>(resource: R) {
  return {
    all: (ws: string) => [ws, resource] as const,
    list: (ws: string, filters: Filters) => [ws, resource, 'list', filters] as const,
    detail: (ws: string, id: string) => [ws, resource, 'detail', id] as const,
  };
}

export const queryKeys = {
  session: () => ['session'] as const,
  workspace: (ws: string) => [ws] as const,
  orders: resourceKeys('orders'),
  products: resourceKeys('products'),
  customers: resourceKeys('customers'),
  inventory: {
    all: (ws: string) => [ws, 'inventory'] as const,
    levels: (ws: string, filters: Filters) => [ws, 'inventory', 'levels', filters] as const,
    movements: (ws: string, filters: Filters) => [ws, 'inventory', 'movements', filters] as const,
  },
  locations: {
    all: (ws: string) => [ws, 'locations'] as const,
  },
  apiKeys: resourceKeys('api-keys'),
  webhooks: {
    all: (ws: string) => [ws, 'webhooks'] as const,
    subscriptions: (ws: string, filters: Filters) => [ws, 'webhooks', 'subscriptions', filters] as const,
    subscription: (ws: string, id: string) => [ws, 'webhooks', 'subscription', id] as const,
    deliveries: (ws: string, filters: Filters) => [ws, 'webhooks', 'deliveries', filters] as const,
  },
  syncHistory: resourceKeys('sync-history'),
};

/** The query-key prefixes an event topic makes stale (live channel -> cache). */
export function keysForTopic(ws: string, topic: string): (readonly unknown[])[] {
  const entity = topic.split('.')[0];
  switch (entity) {
    case 'order':
      // an order moves stock and a customer's totals as well
      return [
        queryKeys.orders.all(ws),
        queryKeys.inventory.all(ws),
        queryKeys.products.all(ws),
        queryKeys.customers.all(ws),
      ];
    case 'inventory':
      return [queryKeys.inventory.all(ws), queryKeys.products.all(ws)];
    case 'product':
      return [queryKeys.products.all(ws), queryKeys.inventory.all(ws)];
    case 'customer':
      return [queryKeys.customers.all(ws)];
    case 'webhook':
      return [queryKeys.webhooks.all(ws)];
    case 'sync':
      // an inbound sync entry is also a change to the customer (or product, order...) it describes
      return topic.startsWith('sync.history.')
        ? [
            queryKeys.syncHistory.all(ws),
            queryKeys.customers.all(ws),
            queryKeys.products.all(ws),
            queryKeys.orders.all(ws),
            queryKeys.inventory.all(ws),
          ]
        : [queryKeys.syncHistory.all(ws)];
    default:
      return [];
  }
}
