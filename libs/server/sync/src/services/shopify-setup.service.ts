import { Inject, Injectable, Logger } from '@nestjs/common';
import { INVENTORY_FACADE, type InventoryFacade } from '@retailos/shared/contracts';
import type { SyncLocationsPageQuery, SyncWebhookSubscriptionsQuery } from '../shopify/generated/admin.generated';
import { ShopifyLocationMap } from '../entities/shopify-location-map.entity';
import { ShopifyImportService } from '../import/shopify-import.service';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyLocationMapRepository } from '../repositories/shopify-location-map.repository';
import { LOCATIONS_PAGE, WEBHOOK_SUBSCRIPTION_CREATE, WEBHOOK_SUBSCRIPTIONS } from '../shopify/operations';
import { ShopifyGraphql } from '../shopify/shopify-graphql.service';
import { ShopifySettings } from '../shopify/shopify-settings';
import { ShopifyTokens } from './shopify-tokens.service';

/** Every topic the sync listens to (Shopify's GraphQL enum names). */
export const SYNC_WEBHOOK_TOPICS = [
  'APP_UNINSTALLED',
  'BULK_OPERATIONS_FINISH',
  'PRODUCTS_CREATE',
  'PRODUCTS_UPDATE',
  'PRODUCTS_DELETE',
  'INVENTORY_ITEMS_UPDATE',
  'INVENTORY_LEVELS_UPDATE',
  'ORDERS_CREATE',
  'ORDERS_UPDATED',
  'ORDERS_CANCELLED',
  'CUSTOMERS_CREATE',
  'CUSTOMERS_UPDATE',
  'CUSTOMERS_DELETE',
  'LOCATIONS_CREATE',
  'LOCATIONS_UPDATE',
  'LOCATIONS_DELETE',
] as const;

/** Worker side of a new connection: webhook subscriptions (idempotent), then the shop's locations mapped to ours. */
@Injectable()
export class ShopifySetupService {
  private readonly logger = new Logger('ShopifySetup');

  constructor(
    private readonly connections: ShopifyConnectionRepository,
    private readonly maps: ShopifyLocationMapRepository,
    private readonly tokens: ShopifyTokens,
    private readonly shopify: ShopifyGraphql,
    private readonly settings: ShopifySettings,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
    private readonly imports: ShopifyImportService,
  ) {}

  async setup(workspaceId: string, connectionId: string): Promise<{ created: number; locations: number }> {
    const em = this.connections.fork(workspaceId);
    const connection = await this.connections.byId(em, workspaceId, connectionId);
    if (!connection || connection.status !== 'active') return { created: 0, locations: 0 };
    const shop = connection.shopDomain;
    const token = this.tokens.open(connection);

    // Subscriptions: list what the shop already sends to us, create only the missing ones (a re-run creates nothing).
    const uri = this.settings.webhookUri();
    const present = new Set<string>();
    for (let after: string | null = null; ;) {
      const page: SyncWebhookSubscriptionsQuery = await this.shopify.request(shop, token, WEBHOOK_SUBSCRIPTIONS, {
        first: 100,
        after,
      });
      for (const { node } of page.webhookSubscriptions.edges) if (node.uri === uri) present.add(node.topic);
      if (!page.webhookSubscriptions.pageInfo.hasNextPage) break;
      after = page.webhookSubscriptions.pageInfo.endCursor ?? null;
    }
    let created = 0;
    for (const topic of SYNC_WEBHOOK_TOPICS) {
      if (present.has(topic)) continue;
      const res = await this.shopify.request(shop, token, WEBHOOK_SUBSCRIPTION_CREATE, { topic, uri });
      const errors = res.webhookSubscriptionCreate?.userErrors ?? [];
      if (errors.length > 0)
        throw new Error(`webhookSubscriptionCreate ${topic} refused: ${errors.map((e) => e.message).join('; ')}`);
      created++;
    }

    // Locations: one map row per Shopify location; a new one gets a location of ours with the same name.
    let locations = 0;
    for (let after: string | null = null; ;) {
      const page: SyncLocationsPageQuery = await this.shopify.request(shop, token, LOCATIONS_PAGE, {
        first: 100,
        after,
      });
      for (const { node } of page.locations.edges) {
        locations++;
        const existing = await this.maps.byGid(em, workspaceId, node.id);
        if (existing) {
          existing.shopifyName = node.name;
          existing.shopifyActive = node.isActive;
          continue;
        }
        const ours = await this.inventory.createLocation(workspaceId, { name: node.name });
        em.persist(new ShopifyLocationMap(workspaceId, node.id, node.name, node.isActive, ours.id));
        await em.flush();
      }
      if (!page.locations.pageInfo.hasNextPage) break;
      after = page.locations.pageInfo.endCursor ?? null;
    }

    connection.webhooksRegisteredAt = new Date();
    connection.webhookTopics = [...SYNC_WEBHOOK_TOPICS];
    await em.flush();
    // Then the shop's data comes in (started once per connection; a re-run finds it).
    await this.imports.begin(workspaceId, connectionId);
    this.logger.log({ workspaceId, shop, created, locations }, 'connection set up');
    return { created, locations };
  }
}
