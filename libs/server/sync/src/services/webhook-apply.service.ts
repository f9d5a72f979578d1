import { Injectable, Logger } from '@nestjs/common';
import { ShopifyImportRepository } from '../import/shopify-import.repository';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyWebhookRepository } from '../repositories/shopify-webhook.repository';
import { parseLosslessJson } from '../domain/lossless-json';
import { InboundCustomersService, type CustomerPayload } from './inbound-customers.service';
import { InboundInventoryService } from './inbound-inventory.service';
import { InboundOrdersService } from './inbound-orders.service';
import { InboundProductsService, type ProductPayload } from './inbound-products.service';

/**
 * Applies one inbox row: `app/uninstalled` revokes the connection, customers and products merge field by field, orders
 * upsert on their GID (a sale takes our stock once), inventory levels are judged against the changes we expected;
 * other topics wait in the inbox.
 */
@Injectable()
export class WebhookApplyService {
  private readonly logger = new Logger('WebhookApply');

  constructor(
    private readonly connections: ShopifyConnectionRepository,
    private readonly inbox: ShopifyWebhookRepository,
    private readonly customers: InboundCustomersService,
    private readonly products: InboundProductsService,
    private readonly orders: InboundOrdersService,
    private readonly inventory: InboundInventoryService,
    private readonly imports: ShopifyImportRepository,
  ) {}

  async apply(workspaceId: string, inboxId: string, jobId?: string): Promise<{ outcome: string }> {
    const em = this.connections.fork(workspaceId);
    return em.transactional(async (tx) => {
      const row = await this.inbox.byId(tx, workspaceId, inboxId);
      if (!row) return { outcome: 'missing' };
      if (row.status === 'applied' || row.status === 'skipped') return { outcome: 'already' };
      // While the initial import reads the shop, deliveries stay in the inbox; the import releases them at its end.
      if (row.topic !== 'app/uninstalled' && (await this.imports.holdsWebhooks(tx, workspaceId)))
        return { outcome: 'held' };
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
        case 'customers/create':
        case 'customers/update':
        case 'products/create':
        case 'products/update': {
          // Numeric ids lose precision in JSON.parse; everything is keyed on admin_graphql_api_id (a string).
          const cause = { webhookId: row.webhookId, eventId: row.eventId ?? undefined, jobId };
          const body = parseBody(row.body) as (CustomerPayload & ProductPayload) | null;
          const outcome = !body
            ? 'invalid'
            : row.topic.startsWith('customers/')
              ? await this.customers.apply(tx, workspaceId, body, cause, row.triggeredAt)
              : await this.products.apply(tx, workspaceId, body, cause, row.triggeredAt);
          Object.assign(row, {
            status: outcome === 'invalid' ? 'failed' : 'applied',
            appliedAt: new Date(),
            error: outcome === 'invalid' ? 'payload without GID or updated_at' : null,
          });
          return { outcome };
        }
        case 'orders/create':
        case 'orders/updated':
        case 'orders/cancelled':
        case 'inventory_levels/update': {
          const cause = { webhookId: row.webhookId, eventId: row.eventId ?? undefined, jobId };
          const body = parseBody(row.body);
          const outcome = !body
            ? 'invalid'
            : row.topic === 'inventory_levels/update'
              ? await this.inventory.applyLevel(tx, workspaceId, body, cause, row.triggeredAt)
              : await this.orders.apply(tx, workspaceId, body, cause, row.triggeredAt);
          Object.assign(row, {
            status: outcome === 'invalid' ? 'failed' : 'applied',
            appliedAt: new Date(),
            error: outcome === 'invalid' ? 'payload without its ids or updated_at' : null,
          });
          return { outcome };
        }
        case 'products/delete': {
          const outcome = await this.products.applyDelete(tx, workspaceId, row.body, {
            webhookId: row.webhookId,
            eventId: row.eventId ?? undefined,
            jobId,
          });
          Object.assign(row, {
            status: outcome === 'invalid' ? 'failed' : 'applied',
            appliedAt: new Date(),
            error: outcome === 'invalid' ? 'payload without a product id' : null,
          });
          return { outcome };
        }
        default:
          // Kept as received: the handlers of part 1's later slices apply them from the inbox.
          return { outcome: 'kept' };
      }
    });
  }
}

/** The stored bytes as JSON (the route keeps them unparsed), ids above 2^53 as exact text; null when not a JSON object. */
function parseBody(body: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = parseLosslessJson(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
