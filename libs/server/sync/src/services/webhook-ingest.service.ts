import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UnauthenticatedError, ValidationFailedError } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { newId } from '@retailos/shared/util';
import { ingestWebhook } from '../repositories/webhook-inbox.sql';
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

const unauthenticated = (): UnauthenticatedError => new UnauthenticatedError('The webhook signature is not valid for a connected shop.');

/**
 * The receiving end of Shopify's webhooks: verify, store once in the inbox, enqueue the apply job, answer. Nothing is
 * applied here, so the answer stays fast and a crash after the insert loses nothing (Shopify's retry re-enqueues).
 */
@Injectable()
export class WebhookIngestService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: ShopifySettings,
    private readonly jobs: JobProducer,
  ) {}

  async receive(headers: InboundHeaders, rawBody: Buffer | undefined): Promise<{ id: string | null; duplicate: boolean }> {
    const shop = normaliseShopDomain(headers.shop);
    // Unknown shop and bad signature look the same from outside, and store nothing.
    if (!shop || !rawBody || !verifyWebhookHmac(rawBody, headers.hmac, [this.settings.clientSecret])) throw unauthenticated();
    const missing = (['topic', 'webhookId'] as const).filter((k) => !headers[k]);
    if (missing.length > 0) throw new ValidationFailedError(missing.map((k) => ({ field: `X-Shopify-${k === 'topic' ? 'Topic' : 'Webhook-Id'}`, message: 'is required' })));
    const triggered = headers.triggeredAt ? new Date(headers.triggeredAt) : null;
    const stored = await ingestWebhook(this.em, {
      id: newId('swh'),
      shopDomain: shop,
      webhookId: headers.webhookId as string,
      eventId: headers.eventId ?? null,
      topic: headers.topic as string,
      triggeredAt: triggered && !Number.isNaN(triggered.getTime()) ? triggered : null,
      body: rawBody.toString('utf8'),
    });
    if (!stored) throw unauthenticated();
    // Also for a duplicate: the first delivery's enqueue may have been lost; the job id collapses a second one.
    if (stored.id) await this.jobs.enqueue('sync.webhook.apply', { workspaceId: stored.workspace_id, inboxId: stored.id }, { jobId: `apply-${stored.id}` });
    return { id: stored.id, duplicate: stored.duplicate };
  }
}
