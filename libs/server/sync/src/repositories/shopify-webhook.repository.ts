import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ShopifyWebhook } from '../entities/shopify-webhook.entity';

/** Inbox rows for the apply job (the ingest write itself is one prepared statement: webhook-inbox.sql.ts). */
@Injectable()
export class ShopifyWebhookRepository {
  byId(em: EntityManager, workspaceId: string, id: string): Promise<ShopifyWebhook | null> {
    return em.findOne(ShopifyWebhook, { id, workspaceId }, { populate: ['body'] });
  }
}
