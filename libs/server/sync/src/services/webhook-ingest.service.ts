import { Injectable } from '@nestjs/common';
import { UnauthenticatedError, ValidationFailedError } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { ShopifyWebhook } from '../entities/shopify-webhook.entity';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyWebhookRepository } from '../repositories/shopify-webhook.repository';
import { normaliseShopDomain, ShopifySettings } from '../shopify/shopify-settings';
import { verifyWebhookHmac } from './shopify-oauth';

export interface InboundHeaders {
  topic?: string;
  hmac?: string;
  shop?: string;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
}

/**
 * The receiving end of Shopify's webhooks: verify, store once in the inbox, enqueue the apply job, answer. Nothing is
 * applied here, so the answer stays fast and a crash after the insert loses nothing (Shopify's retry re-enqueues).
 */
@Injectable()
export class WebhookIngestService {
  constructor(
    private readonly settings: ShopifySettings,
    private readonly connections: ShopifyConnectionRepository,
    private readonly inbox: ShopifyWebhookRepository,
    private readonly jobs: JobProducer,
  ) {}

  async receive(headers: InboundHeaders, rawBody: Buffer | undefined): Promise<{ id: string; duplicate: boolean }> {
    const shop = normaliseShopDomain(headers.shop);
    // Unknown shop and bad signature look the same from outside, and store nothing.
    const connection = shop ? await this.connections.activeByShop(shop) : null;
    if (!connection || !rawBody || !verifyWebhookHmac(rawBody, headers.hmac, [this.settings.clientSecret])) {
      throw new UnauthenticatedError('The webhook signature is not valid for a connected shop.');
    }
    const missing = (['topic', 'webhookId'] as const).filter((k) => !headers[k]);
    if (missing.length > 0) throw new ValidationFailedError(missing.map((k) => ({ field: `X-Shopify-${k === 'topic' ? 'Topic' : 'Webhook-Id'}`, message: 'is required' })));
    const triggered = headers.triggeredAt ? new Date(headers.triggeredAt) : null;
    const row = new ShopifyWebhook({
      workspaceId: connection.workspaceId,
      shopDomain: connection.shopDomain,
      webhookId: headers.webhookId as string,
      eventId: headers.eventId ?? null,
      topic: headers.topic as string,
      triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered : null,
      body: rawBody.toString('utf8'),
    });
    const stored = await this.inbox.insertOnce(this.connections.fork(connection.workspaceId), row);
    // Also for a duplicate: the first delivery's enqueue may have been lost; the job id collapses a second one.
    await this.jobs.enqueue('sync.webhook.apply', { workspaceId: connection.workspaceId, inboxId: stored.id }, { jobId: `apply-${stored.id}` });
    return stored;
  }
}
