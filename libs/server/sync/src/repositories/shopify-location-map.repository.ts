import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ShopifyLocationMap } from '../entities/shopify-location-map.entity';

@Injectable()
export class ShopifyLocationMapRepository {
  list(em: EntityManager, workspaceId: string): Promise<ShopifyLocationMap[]> {
    return em.find(ShopifyLocationMap, { workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  byId(em: EntityManager, workspaceId: string, id: string): Promise<ShopifyLocationMap | null> {
    return em.findOne(ShopifyLocationMap, { id, workspaceId });
  }

  byGid(em: EntityManager, workspaceId: string, gid: string): Promise<ShopifyLocationMap | null> {
    return em.findOne(ShopifyLocationMap, { workspaceId, shopifyLocationGid: gid });
  }
}
