import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { UnauthenticatedError, ValidationFailedError } from '@retailos/server/core';
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

const unauthenticated = (): UnauthenticatedError =>
  new UnauthenticatedError('The webhook signature is not valid for a connected shop.');

/**
 * The receiving end of Shopify's webhooks: verify, store once in the inbox (one prepared statement that also checks
 * the shop's connection is active), answer. Nothing is applied or enqueued here: the worker's inbox drain
 * (WebhookInboxDrain) turns new rows into apply jobs, so once the insert commits nothing can be lost.
 */
@Injectable()
export class WebhookIngestService {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: ShopifySettings,
  ) {}

  async receive(
    headers: InboundHeaders,
    rawBody: Buffer | undefined,
  ): Promise<{ id: string | null; duplicate: boolean }> {
    const shop = normaliseShopDomain(headers.shop);
    // Unknown shop and bad signature look the same from outside, and store nothing.
    if (!shop || !rawBody || !verifyWebhookHmac(rawBody, headers.hmac, [this.settings.clientSecret]))
      throw unauthenticated();
    const missing = (['topic', 'webhookId'] as const).filter((k) => !headers[k]);
    if (missing.length > 0)
      throw new ValidationFailedError(
        missing.map((k) => ({ field: `X-Shopify-${k === 'topic' ? 'Topic' : 'Webhook-Id'}`, message: 'is required' })),
      );
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
    return { id: stored.id, duplicate: stored.duplicate };
  }
}
