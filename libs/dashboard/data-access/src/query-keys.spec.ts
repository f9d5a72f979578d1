import { DOMAIN_EVENT_TOPICS } from '@retailos/shared/contracts';
import { keysForTopic, queryKeys } from './query-keys';

describe('query keys', () => {
  it('start every workspace key with the workspace id', () => {
    const ws = 'ws_a';
    const keys = [
      queryKeys.orders.list(ws, { status: 'open' }),
      queryKeys.orders.detail(ws, 'ord_1'),
      queryKeys.products.list(ws, {}),
      queryKeys.customers.detail(ws, 'cus_1'),
      queryKeys.inventory.levels(ws, {}),
      queryKeys.locations.all(ws),
      queryKeys.apiKeys.list(ws, {}),
      queryKeys.webhooks.deliveries(ws, { subscriptionId: 'whs_1' }),
      queryKeys.syncHistory.list(ws, { sku: 'SKU-1' }),
      queryKeys.syncHistory.detail(ws, 'shi_1'),
    ];
    for (const key of keys) expect(key[0]).toBe(ws);
  });

  it('make every domain topic stale something, and only in its own workspace', () => {
    for (const topic of DOMAIN_EVENT_TOPICS) {
      const keys = keysForTopic('ws_b', topic);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key[0]).toBe('ws_b');
    }
    expect(keysForTopic('ws_b', 'order.created')).toEqual(
      expect.arrayContaining([
        queryKeys.orders.all('ws_b'),
        queryKeys.inventory.all('ws_b'),
        queryKeys.customers.all('ws_b'),
      ]),
    );
    expect(keysForTopic('ws_b', 'sync.history.created')).toEqual(
      expect.arrayContaining([queryKeys.syncHistory.all('ws_b'), queryKeys.customers.all('ws_b')]),
    );
    expect(keysForTopic('ws_b', 'unknown.thing')).toEqual([]);
  });

  it('invalidating a prefix reaches the list and detail keys below it', () => {
    const prefix = queryKeys.orders.all('ws_c');
    const list = queryKeys.orders.list('ws_c', { cursor: 'abc' });
    expect(list.slice(0, prefix.length)).toEqual([...prefix]);
  });
});
