import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@retailos/server/core';
import { ShopifyWebhook } from '../entities/shopify-webhook.entity';

@Injectable()
export class ShopifyWebhookRepository {
  /**
   * One insert, unique on (shop, X-Shopify-Webhook-Id): a duplicate delivery answers the row already stored instead.
   * `em` must be a fresh fork (a failed insert leaves nothing behind in it).
   */
  async insertOnce(em: EntityManager, row: ShopifyWebhook): Promise<{ id: string; duplicate: boolean }> {
    try {
      await em.insert(ShopifyWebhook, row);
      return { id: row.id, duplicate: false };
    } catch (err) {
      const unique = isUniqueViolation(err, 'shopify_webhooks_delivery_uq') || (err instanceof UniqueConstraintViolationException && err.message.includes('shopify_webhooks_delivery_uq'));
      if (!unique) throw err;
      const existing = await em.findOneOrFail(ShopifyWebhook, { workspaceId: row.workspaceId, shopDomain: row.shopDomain, webhookId: row.webhookId });
      return { id: existing.id, duplicate: true };
    }
  }

  byId(em: EntityManager, workspaceId: string, id: string): Promise<ShopifyWebhook | null> {
    return em.findOne(ShopifyWebhook, { id, workspaceId }, { populate: ['body'] });
  }
}
