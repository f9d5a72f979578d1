import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { tenantEm } from '@retailos/server/database';
import { ShopifyConnection } from '../entities/shopify-connection.entity';

/** Connections, always through a workspace-bound EntityManager (inbound webhooks find theirs in webhook-inbox.sql.ts). */
@Injectable()
export class ShopifyConnectionRepository {
  constructor(private readonly em: EntityManager) {}

  /** A fork bound to the workspace (the tenant filter is the backstop; every query also names the workspace). */
  fork(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  forWorkspace(em: EntityManager, workspaceId: string): Promise<ShopifyConnection | null> {
    return em.findOne(ShopifyConnection, { workspaceId });
  }

  async byId(em: EntityManager, workspaceId: string, id: string): Promise<ShopifyConnection | null> {
    return em.findOne(ShopifyConnection, { id, workspaceId }, { populate: ['accessTokenSealed'] });
  }
}
