import { Injectable } from '@nestjs/common';
import {
  AppConfig,
  ConflictError,
  DomainError,
  keysetPage,
  NotFoundError,
  ValidationFailedError,
} from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import type { Page } from '@retailos/shared/contracts';
import { iso } from '@retailos/shared/util';
import type { CreateSubscriptionDto, SubscriptionView, SubscriptionWithSecretView } from '../dto/webhook.dto';
import type { WebhookSubscription } from '../entities/webhook-subscription.entity';
import { WebhooksRepository } from '../repositories/webhooks.repository';
import { checkUrlShape, SsrfError, vetHost } from './ssrf-guard';
import { generateSigningSecret } from './webhook-signature';
import { WebhookSettings } from './webhook-settings.service';
import { topicProblem } from './webhook-topics';

function toView(s: WebhookSubscription): SubscriptionView {
  return {
    id: s.id,
    url: s.url,
    topics: s.topics,
    description: s.description,
    status: s.status,
    disabledReason: s.disabledReason,
    disabledAt: iso(s.disabledAt),
    lastSuccessAt: iso(s.lastSuccessAt),
    failingSince: iso(s.failingSince),
    previousSecretExpiresAt: iso(s.previousSecretExpiresAt),
    createdAt: s.createdAt.toISOString(),
  };
}

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxService,
    private readonly settings: WebhookSettings,
    private readonly config: AppConfig,
  ) {}

  async subscribe(workspaceId: string, input: CreateSubscriptionDto): Promise<SubscriptionWithSecretView> {
    const topicErrors = input.topics
      .map((t, i) => ({ i, problem: topicProblem(t) }))
      .filter((e): e is { i: number; problem: string } => e.problem !== null)
      .map((e) => ({ field: `topics.${e.i}`, message: e.problem }));
    if (topicErrors.length > 0) throw new ValidationFailedError(topicErrors);
    await this.vetUrl(input.url);
    const secret = generateSigningSecret();
    const sub = await this.webhooks.createSubscription(workspaceId, {
      url: input.url,
      topics: [...new Set(input.topics)],
      description: input.description ?? null,
      secretEnc: this.settings.secrets.seal(secret),
    });
    return { ...toView(sub), secret };
  }

  async list(workspaceId: string, limit: number, cursor?: string): Promise<Page<SubscriptionView>> {
    return keysetPage({
      list: 'webhook_subscriptions',
      workspaceId,
      cursor,
      limit,
      filters: {},
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => this.webhooks.listSubscriptions(workspaceId, after, take),
      keyOf: (s) => [s.createdKey ?? '', s.id],
      map: (rows) => rows.map(toView),
    });
  }

  async get(workspaceId: string, id: string): Promise<SubscriptionView> {
    const sub = await this.webhooks.subscription(this.webhooks.scope(workspaceId), workspaceId, id);
    if (!sub) throw new NotFoundError('Webhook subscription', id);
    return toView(sub);
  }

  /** Deleting also removes its delivery history (cascade): nothing is sent to it again. */
  async remove(workspaceId: string, id: string): Promise<void> {
    if (!(await this.webhooks.deleteSubscription(workspaceId, id))) throw new NotFoundError('Webhook subscription', id);
  }

  /** The new secret signs from now on; the old one keeps signing alongside for the overlap (24 h by default). */
  async rotateSecret(workspaceId: string, id: string): Promise<SubscriptionWithSecretView> {
    const secret = generateSigningSecret();
    const em = this.webhooks.scope(workspaceId);
    const sub = await this.webhooks.subscription(em, workspaceId, id);
    if (!sub) throw new NotFoundError('Webhook subscription', id);
    sub.previousSecretEnc = sub.secretEnc;
    sub.previousSecretExpiresAt = new Date(Date.now() + this.settings.timings.secretOverlapMs);
    sub.secretEnc = this.settings.secrets.seal(secret);
    sub.updatedAt = new Date();
    await em.flush();
    return { ...toView(sub), secret };
  }

  /** Raises a `webhook.test` event that fan-out sends to this subscription only. */
  async sendTest(workspaceId: string, id: string): Promise<{ eventId: string }> {
    return this.webhooks.scope(workspaceId).transactional(async (tem) => {
      const sub = await this.webhooks.subscription(tem, workspaceId, id);
      if (!sub) throw new NotFoundError('Webhook subscription', id);
      if (sub.status !== 'active')
        throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it first.');
      const eventId = await this.outbox.append(tem, workspaceId, 'webhook.test', {
        subscriptionId: id,
        message: 'This is a test delivery from Retailos.',
      });
      return { eventId };
    });
  }

  /** Re-activates a disabled subscription (its URL is vetted again); the failure clock restarts. */
  async enable(workspaceId: string, id: string): Promise<SubscriptionView> {
    const em = this.webhooks.scope(workspaceId);
    const sub = await this.webhooks.subscription(em, workspaceId, id);
    if (!sub) throw new NotFoundError('Webhook subscription', id);
    await this.vetUrl(sub.url);
    Object.assign(sub, {
      status: 'active',
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      updatedAt: new Date(),
    });
    await em.flush();
    return toView(sub);
  }

  private async vetUrl(raw: string): Promise<void> {
    try {
      await vetHost(checkUrlShape(raw), this.settings.ssrf);
    } catch (err) {
      if (err instanceof SsrfError) {
        throw new DomainError(
          'url_not_allowed',
          `The URL is not allowed: ${err.message}`,
          400,
          { reason: err.reason },
          [{ field: 'url', message: err.message }],
        );
      }
      throw err;
    }
  }
}
