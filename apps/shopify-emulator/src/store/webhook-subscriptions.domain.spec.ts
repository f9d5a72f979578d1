import { ShopState } from './shop-state';
import {
  addConfigSubscriptions,
  createApiSubscription,
  deleteSubscription,
  findApiSubscription,
  listSubscriptions,
  removeAfterFailures,
  removeAppSubscriptions,
  updateSubscription,
  validateUri,
} from './webhook-subscriptions.domain';

const shopAt = () =>
  new ShopState('subs.myshopify.com', '2026-01-01T00:00:00Z', { maximumAvailable: 2000, restoreRate: 100 });

describe('webhook subscriptions domain', () => {
  afterEach(() => jest.useRealTimers());

  it('validates the address and filter, and refuses a second subscription of one app to a topic and address', () => {
    const shop = shopAt();
    expect(validateUri('https://example.com/h')).toEqual([]);
    expect(validateUri('http://localhost:3000/h')).toEqual([]);
    expect(validateUri('http://example.com/h').map((e) => e.message)).toEqual([
      'Address protocol http:// is not supported',
    ]);
    expect(validateUri('  ').map((e) => e.message)).toEqual(["Address can't be blank"]);
    expect(
      createApiSubscription(shop, 'app', 'PRODUCTS_UPDATE', { uri: 'https://e.com/h', filter: 'nonsense' })
        .userErrors[0]?.message,
    ).toMatch(/filter is invalid/);

    const first = createApiSubscription(shop, 'app', 'PRODUCTS_UPDATE', { uri: 'https://e.com/h' });
    expect(first.userErrors).toEqual([]);
    expect(first.subscription).toMatchObject({
      topic: 'PRODUCTS_UPDATE',
      format: 'JSON',
      includeFields: [],
      source: 'api',
      filter: null,
    });
    const again = createApiSubscription(shop, 'app', 'PRODUCTS_UPDATE', { uri: 'https://e.com/h' });
    expect(again).toEqual({
      subscription: null,
      userErrors: [
        {
          field: ['webhookSubscription', 'callbackUrl'],
          message: 'Address for this topic has already been taken',
          code: null,
        },
      ],
    });
    // Another app, or another topic, may use the same address.
    expect(createApiSubscription(shop, 'other', 'PRODUCTS_UPDATE', { uri: 'https://e.com/h' }).userErrors).toEqual([]);
    expect(createApiSubscription(shop, 'app', 'ORDERS_CREATE', { uri: 'https://e.com/h' }).userErrors).toEqual([]);
    expect(listSubscriptions(shop)).toHaveLength(3);
    expect(listSubscriptions(shop, { clientId: 'app', source: 'api' })).toHaveLength(2);
  });

  it('moves updatedAt only when an update changes something, and leaves the row alone on a bad address', () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const shop = shopAt();
    const sub = createApiSubscription(shop, 'app', 'PRODUCTS_UPDATE', { uri: 'https://e.com/h' }).subscription!;
    jest.setSystemTime(new Date('2026-03-01T10:05:00Z'));
    updateSubscription(sub, { uri: 'https://e.com/h', includeFields: null });
    expect(sub.updatedAt).toBe('2026-03-01T10:00:00Z');
    expect(updateSubscription(sub, { uri: 'ftp://e.com/h' }).userErrors[0]?.message).toBe(
      'Address protocol ftp:// is not supported',
    );
    expect(sub.uri).toBe('https://e.com/h');
    updateSubscription(sub, { name: 'renamed' });
    expect(sub).toMatchObject({ name: 'renamed', updatedAt: '2026-03-01T10:05:00Z' });
  });

  it('keeps config subscriptions out of the Admin API and away from failure removal', () => {
    const shop = shopAt();
    const [config] = addConfigSubscriptions(shop, 'app', ['products/update'], 'https://e.com/c', ['id']);
    const api = createApiSubscription(shop, 'app', 'PRODUCTS_UPDATE', { uri: 'https://e.com/a' }).subscription!;
    expect(config).toMatchObject({ topic: 'PRODUCTS_UPDATE', source: 'config', includeFields: ['id'] });
    expect(findApiSubscription(shop, 'app', config!.id)).toBeUndefined();
    expect(findApiSubscription(shop, 'other', api.id)).toBeUndefined();
    expect(findApiSubscription(shop, 'app', api.id)).toBe(api);
    expect(removeAfterFailures(shop, config!)).toBe(false);
    expect(removeAfterFailures(shop, api)).toBe(true);
    expect(removeAfterFailures(shop, api)).toBe(false);
    expect(listSubscriptions(shop)).toEqual([config]);
  });

  it('drops an uninstalled app subscriptions except app/uninstalled, and deletes one by one', () => {
    const shop = shopAt();
    addConfigSubscriptions(shop, 'app', ['app/uninstalled', 'orders/create'], 'https://e.com/c');
    const kept = createApiSubscription(shop, 'other', 'ORDERS_CREATE', { uri: 'https://e.com/o' }).subscription!;
    removeAppSubscriptions(shop, 'app');
    expect(listSubscriptions(shop).map((s) => [s.clientId, s.topic])).toEqual([
      ['app', 'APP_UNINSTALLED'],
      ['other', 'ORDERS_CREATE'],
    ]);
    deleteSubscription(shop, kept);
    expect(listSubscriptions(shop)).toHaveLength(1);
  });
});
