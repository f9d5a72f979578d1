import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, DomainError, keysetTimestamp, NotFoundError, readCursor, textArray, toPage, ValidationFailedError } from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import type { Page } from '@retailos/shared/contracts';
import { iso, newId } from '@retailos/shared/util';
import type { CreateSubscriptionDto, SubscriptionView, SubscriptionWithSecretView } from '../dto/webhook.dto';
import { checkUrlShape, SsrfError, vetHost } from './ssrf-guard';
import { generateSigningSecret } from './webhook-signature';
import { WebhookSettings } from './webhook-settings.service';
import { topicProblem } from './webhook-topics';

interface SubscriptionRow {
  id: string;
  url: string;
  topics: string[];
  description: string | null;
  status: 'active' | 'disabled';
  disabled_reason: string | null;
  disabled_at: Date | null;
  last_success_at: Date | null;
  failing_since: Date | null;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  k_created: string;
}

const COLUMNS = `id, url, topics, description, status, disabled_reason, disabled_at, last_success_at, failing_since,
  previous_secret_expires_at, created_at, ${keysetTimestamp('created_at')} as k_created`;


function toView(r: SubscriptionRow): SubscriptionView {
  return {
    id: r.id,
    url: r.url,
    topics: r.topics,
    description: r.description,
    status: r.status,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    lastSuccessAt: iso(r.last_success_at),
    failingSince: iso(r.failing_since),
    previousSecretExpiresAt: iso(r.previous_secret_expires_at),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    private readonly em: EntityManager,
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
    const id = newId('whs');
    const rows = (await this.em.fork().execute(
      `insert into webhook_subscriptions (id, workspace_id, url, topics, description, secret_enc)
       values (?, ?, ?, ?::text[], ?, ?) returning ${COLUMNS}`,
      [id, workspaceId, input.url, textArray([...new Set(input.topics)]), input.description ?? null, this.settings.secrets.seal(secret)],
    )) as SubscriptionRow[];
    return { ...toView(rows[0] as SubscriptionRow), secret };
  }

  async list(workspaceId: string, limit: number, cursor?: string): Promise<Page<SubscriptionView>> {
    const filters = { resource: 'webhook_subscriptions' };
    const after = readCursor(cursor, filters, this.config.CURSOR_SECRET);
    const rows = (await this.em.fork().execute(
      `select ${COLUMNS} from webhook_subscriptions where workspace_id = ?
        ${after ? 'and (created_at, id) > (?::timestamptz, ?)' : ''}
        order by created_at, id limit ?`,
      after ? [workspaceId, after[0], after[1], limit + 1] : [workspaceId, limit + 1],
    )) as SubscriptionRow[];
    return toPage(rows, limit, (r) => [r.k_created, r.id], toView, filters, this.config.CURSOR_SECRET);
  }

  async get(workspaceId: string, id: string): Promise<SubscriptionView> {
    const rows = (await this.em.fork().execute(`select ${COLUMNS} from webhook_subscriptions where id = ? and workspace_id = ?`, [
      id,
      workspaceId,
    ])) as SubscriptionRow[];
    if (!rows[0]) throw new NotFoundError('Webhook subscription', id);
    return toView(rows[0]);
  }

  /** Deleting also removes its delivery history (cascade): nothing is sent to it again. */
  async remove(workspaceId: string, id: string): Promise<void> {
    const rows = (await this.em.fork().execute(`delete from webhook_subscriptions where id = ? and workspace_id = ? returning id`, [
      id,
      workspaceId,
    ])) as { id: string }[];
    if (!rows[0]) throw new NotFoundError('Webhook subscription', id);
  }

  /** The new secret signs from now on; the old one keeps signing alongside for the overlap (24 h by default). */
  async rotateSecret(workspaceId: string, id: string): Promise<SubscriptionWithSecretView> {
    const secret = generateSigningSecret();
    const rows = (await this.em.fork().execute(
      `update webhook_subscriptions
          set previous_secret_enc = secret_enc, previous_secret_expires_at = now() + (? * interval '1 millisecond'),
              secret_enc = ?, updated_at = now()
        where id = ? and workspace_id = ? returning ${COLUMNS}`,
      [this.settings.timings.secretOverlapMs, this.settings.secrets.seal(secret), id, workspaceId],
    )) as SubscriptionRow[];
    if (!rows[0]) throw new NotFoundError('Webhook subscription', id);
    return { ...toView(rows[0]), secret };
  }

  /** Raises a `webhook.test` event that fan-out sends to this subscription only. */
  async sendTest(workspaceId: string, id: string): Promise<{ eventId: string }> {
    return this.em.fork().transactional(async (tem) => {
      const rows = (await tem.execute(`select id, status from webhook_subscriptions where id = ? and workspace_id = ?`, [
        id,
        workspaceId,
      ])) as { id: string; status: string }[];
      if (!rows[0]) throw new NotFoundError('Webhook subscription', id);
      if (rows[0].status !== 'active') throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it first.');
      const eventId = await this.outbox.append(tem, workspaceId, 'webhook.test', {
        subscriptionId: id,
        message: 'This is a test delivery from Retailos.',
      });
      return { eventId };
    });
  }

  /** Re-activates a disabled subscription (its URL is vetted again); the failure clock restarts. */
  async enable(workspaceId: string, id: string): Promise<SubscriptionView> {
    const current = await this.get(workspaceId, id);
    await this.vetUrl(current.url);
    const rows = (await this.em.fork().execute(
      `update webhook_subscriptions set status = 'active', disabled_reason = null, disabled_at = null, failing_since = null, updated_at = now()
        where id = ? and workspace_id = ? returning ${COLUMNS}`,
      [id, workspaceId],
    )) as SubscriptionRow[];
    if (!rows[0]) throw new NotFoundError('Webhook subscription', id);
    return toView(rows[0]);
  }

  private async vetUrl(raw: string): Promise<void> {
    try {
      await vetHost(checkUrlShape(raw), this.settings.ssrf);
    } catch (err) {
      if (err instanceof SsrfError) {
        throw new DomainError('url_not_allowed', `The URL is not allowed: ${err.message}`, 400, { reason: err.reason }, [
          { field: 'url', message: err.message },
        ]);
      }
      throw err;
    }
  }
}
