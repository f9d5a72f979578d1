import { Injectable, Logger } from '@nestjs/common';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyWebhookRepository } from '../repositories/shopify-webhook.repository';

/** Applies one inbox row. Part 1 so far: `app/uninstalled` revokes the connection; other topics wait in the inbox. */
@Injectable()
export class WebhookApplyService {
  private readonly logger = new Logger('WebhookApply');

  constructor(
    private readonly connections: ShopifyConnectionRepository,
    private readonly inbox: ShopifyWebhookRepository,
  ) {}

  async apply(workspaceId: string, inboxId: string): Promise<{ outcome: string }> {
    const em = this.connections.fork(workspaceId);
    return em.transactional(async (tx) => {
      const row = await this.inbox.byId(tx, workspaceId, inboxId);
      if (!row) return { outcome: 'missing' };
      if (row.status === 'applied' || row.status === 'skipped') return { outcome: 'already' };
      row.attempts++;
      switch (row.topic) {
        case 'app/uninstalled': {
          const connection = await this.connections.forWorkspace(tx, workspaceId);
          if (connection && connection.status === 'active' && connection.shopDomain === row.shopDomain) {
            // The token is dead on Shopify's side: wipe ours too.
            Object.assign(connection, { status: 'revoked', revokedAt: new Date(), accessTokenSealed: '' });
            this.logger.log({ workspaceId, shop: row.shopDomain }, 'connection revoked by app/uninstalled');
          }
          Object.assign(row, { status: 'applied', appliedAt: new Date() });
          return { outcome: 'revoked' };
        }
        default:
          // Kept as received: the handlers of part 1's later slices apply them from the inbox.
          return { outcome: 'kept' };
      }
    });
  }
}
