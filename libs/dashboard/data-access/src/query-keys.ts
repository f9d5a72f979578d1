import type { QueryValue } from './client';

export type Filters = Record<string, QueryValue>;

/**
 * Every data key starts with the workspace id, so signing in to another workspace never shows another tenant's
 * cached rows, and an event of workspace W invalidates W's keys only. The one exception is the session key: it is
 * what tells us the workspace (and sign-in clears the whole cache anyway).
 */
export const queryKeys = {
  session: () => ['session'] as const,
  workspace: (ws: string) => [ws] as const,
  orders: {
    all: (ws: string) => [ws, 'orders'] as const,
    list: (ws: string, filters: Filters) => [ws, 'orders', 'list', filters] as const,
    detail: (ws: string, id: string) => [ws, 'orders', 'detail', id] as const,
  },
  products: {
    all: (ws: string) => [ws, 'products'] as const,
    list: (ws: string, filters: Filters) => [ws, 'products', 'list', filters] as const,
    detail: (ws: string, id: string) => [ws, 'products', 'detail', id] as const,
  },
  customers: {
    all: (ws: string) => [ws, 'customers'] as const,
    list: (ws: string, filters: Filters) => [ws, 'customers', 'list', filters] as const,
    detail: (ws: string, id: string) => [ws, 'customers', 'detail', id] as const,
  },
  inventory: {
    all: (ws: string) => [ws, 'inventory'] as const,
    levels: (ws: string, filters: Filters) => [ws, 'inventory', 'levels', filters] as const,
    movements: (ws: string, filters: Filters) => [ws, 'inventory', 'movements', filters] as const,
  },
  locations: {
    all: (ws: string) => [ws, 'locations'] as const,
  },
  apiKeys: {
    all: (ws: string) => [ws, 'api-keys'] as const,
    list: (ws: string, filters: Filters) => [ws, 'api-keys', 'list', filters] as const,
  },
  webhooks: {
    all: (ws: string) => [ws, 'webhooks'] as const,
    subscriptions: (ws: string, filters: Filters) => [ws, 'webhooks', 'subscriptions', filters] as const,
    subscription: (ws: string, id: string) => [ws, 'webhooks', 'subscription', id] as const,
    deliveries: (ws: string, filters: Filters) => [ws, 'webhooks', 'deliveries', filters] as const,
  },
  syncHistory: {
    all: (ws: string) => [ws, 'sync-history'] as const,
    list: (ws: string, filters: Filters) => [ws, 'sync-history', 'list', filters] as const,
    detail: (ws: string, id: string) => [ws, 'sync-history', 'detail', id] as const,
  },
};

/** The query-key prefixes an event topic makes stale (live channel -> cache). */
export function keysForTopic(ws: string, topic: string): (readonly unknown[])[] {
  const entity = topic.split('.')[0];
  switch (entity) {
    case 'order':
      // an order moves stock and a customer's totals as well
      return [queryKeys.orders.all(ws), queryKeys.inventory.all(ws), queryKeys.products.all(ws), queryKeys.customers.all(ws)];
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
        ? [queryKeys.syncHistory.all(ws), queryKeys.customers.all(ws), queryKeys.products.all(ws), queryKeys.orders.all(ws), queryKeys.inventory.all(ws)]
        : [queryKeys.syncHistory.all(ws)];
    default:
      return [];
  }
}
