import type { ShopState } from '../../store/shop-state';
import type { ResolverMap } from '../resolver-types';
import { parseGid, toGid } from '../../util/gid';
import { levelFromGid } from '../../store/inventory.domain';
import { getSubscription } from '../../store/webhook-subscriptions.domain';
import { taxonomyCategory } from '../../store/taxonomy';

function nodeById(shop: ShopState, value: unknown, clientId: string): unknown {
  // Taxonomy ids are not numeric ("sg-4-17-2-17").
  if (typeof value === 'string' && value.startsWith('gid://shopify/TaxonomyCategory/')) return taxonomyCategory(value);
  const parsed = parseGid(value);
  if (!parsed) return null;
  const id = parsed.id;
  switch (parsed.type) {
    case 'Product':
      return shop.products.get(id) ?? null;
    case 'ProductVariant':
      return shop.variants.get(id) ?? null;
    case 'InventoryItem':
      return shop.inventoryItems.get(id) ?? null;
    case 'InventoryLevel':
      return levelFromGid(shop, value);
    case 'Location':
      return shop.locations.get(id) ?? null;
    case 'Customer':
      return shop.customers.get(id) ?? null;
    case 'Order':
      return shop.orders.get(id) ?? null;
    case 'LineItem':
      for (const o of shop.orders.values()) {
        const li = o.lineItems.find((l) => l.id === id);
        if (li) return li;
      }
      return null;
    case 'WebhookSubscription': {
      const sub = getSubscription(shop, id);
      return sub && sub.clientId === clientId ? sub : null;
    }
    case 'ProductSetOperation':
      return shop.productOperations.get(id) ?? null;
    case 'BulkOperation': {
      const op = shop.bulkOperations.get(id);
      return op && op.clientId === clientId ? op : null;
    }
    default:
      return null;
  }
}

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_s, _a, ctx) => {
      const shop = ctx.shop;
      return {
        __typename: 'Shop',
        id: toGid('Shop', shop.shopId),
        name: shop.name,
        email: shop.email,
        contactEmail: shop.email,
        myshopifyDomain: shop.domain,
        url: `https://${shop.domain}`,
        currencyCode: shop.currencyCode,
        enabledPresentmentCurrencies: [shop.currencyCode],
        ianaTimezone: shop.ianaTimezone,
        timezoneAbbreviation: 'UTC',
        timezoneOffset: '+0000',
        timezoneOffsetMinutes: 0,
        weightUnit: 'KILOGRAMS',
        createdAt: shop.createdAt,
        updatedAt: shop.createdAt,
        description: null,
        setupRequired: false,
        checkoutApiSupported: true,
        taxesIncluded: false,
        taxShipping: false,
        plan: {
          displayName: 'Development',
          partnerDevelopment: true,
          shopifyPlus: false,
          publicDisplayName: 'Development',
        },
        primaryDomain: {
          __typename: 'Domain',
          id: toGid('Domain', shop.shopId),
          host: shop.domain,
          url: `https://${shop.domain}`,
          sslEnabled: true,
        },
      };
    },
    node: (_s, args, ctx) => nodeById(ctx.shop, args['id'], ctx.clientId),
    nodes: (_s, args, ctx) => (args['ids'] as unknown[]).map((id) => nodeById(ctx.shop, id, ctx.clientId)),
    currentAppInstallation: (_s, _a, ctx) => {
      const install = ctx.shop.installs.get(ctx.clientId);
      return {
        __typename: 'AppInstallation',
        id: toGid('AppInstallation', ctx.shop.shopId),
        accessScopes: (install?.scopes ?? []).map((handle) => ({ handle, description: handle })),
        launchUrl: `https://${ctx.shop.domain}/admin/apps/${ctx.clientId}`,
        app: {
          __typename: 'App',
          id: toGid('App', ctx.shop.shopId),
          title: ctx.clientId,
          apiKey: ctx.clientId,
          handle: ctx.clientId,
        },
      };
    },
  },
};
