import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, keysetTimestamp, NotFoundError, readCursor, textArray, toPage } from '@retailos/server/core';
import { iso } from '@retailos/shared/util';
import { JobProducer } from '@retailos/server/queue';
import type { Page } from '@retailos/shared/contracts';
import type { AttemptView, DeliveryStatus, DeliveryView } from '../dto/webhook.dto';
import { deliverJobId } from './webhook-dispatcher.service';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  topic: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  succeeded_at: Date | null;
  created_at: Date;
  k_created: string;
}

interface AttemptRow {
  delivery_id: string;
  attempt_no: number;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  succeeded: boolean;
  response_excerpt: string | null;
  error: string | null;
}

const REPLAYABLE = ['dead', 'failed', 'succeeded'];

@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly producer: JobProducer,
    private readonly config: AppConfig,
  ) {}

  /** Newest first, each with every attempt. */
  async list(
    workspaceId: string,
    q: { status?: DeliveryStatus; subscriptionId?: string; limit: number; cursor?: string },
  ): Promise<Page<DeliveryView>> {
    const filters = { resource: 'webhook_deliveries', status: q.status, subscriptionId: q.subscriptionId };
    const after = readCursor(q.cursor, filters, this.config.CURSOR_SECRET);
    const where = ['workspace_id = ?'];
    const params: unknown[] = [workspaceId];
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.subscriptionId) {
      where.push('subscription_id = ?');
      params.push(q.subscriptionId);
    }
    if (after) {
      where.push('(created_at, id) < (?::timestamptz, ?)');
      params.push(after[0], after[1]);
    }
    params.push(q.limit + 1);
    const em = this.em.fork();
    const rows = (await em.execute(
      `select id, subscription_id, event_id, topic, status, attempt_count, next_attempt_at, last_attempt_at, last_status_code,
              last_error, succeeded_at, created_at, ${keysetTimestamp('created_at')} as k_created
         from webhook_deliveries where ${where.join(' and ')}
        order by created_at desc, id desc limit ?`,
      params,
    )) as DeliveryRow[];
    const page = rows.slice(0, q.limit);
    const attempts = await this.attemptsOf(em, workspaceId, page.map((r) => r.id));
    return toPage(rows, q.limit, (r) => [r.k_created, r.id], (r) => toView(r, attempts.get(r.id) ?? []), filters, this.config.CURSOR_SECRET);
  }

  async get(workspaceId: string, id: string): Promise<DeliveryView> {
    const em = this.em.fork();
    const rows = (await em.execute(
      `select id, subscription_id, event_id, topic, status, attempt_count, next_attempt_at, last_attempt_at, last_status_code,
              last_error, succeeded_at, created_at, '' as k_created
         from webhook_deliveries where id = ? and workspace_id = ?`,
      [id, workspaceId],
    )) as DeliveryRow[];
    if (!rows[0]) throw new NotFoundError('Webhook delivery', id);
    const attempts = await this.attemptsOf(em, workspaceId, [id]);
    return toView(rows[0], attempts.get(id) ?? []);
  }

  /** Sends one delivery again now, with a fresh retry budget; the event (and its idempotency key) is unchanged. */
  async replay(workspaceId: string, id: string): Promise<DeliveryView> {
    const em = this.em.fork();
    const rows = (await em.execute(
      `update webhook_deliveries d set status = 'pending', replay_base = attempt_count, next_attempt_at = now(), updated_at = now()
        where d.id = ? and d.workspace_id = ? and d.status in ('dead', 'failed', 'succeeded')
          and exists (select 1 from webhook_subscriptions s where s.id = d.subscription_id and s.workspace_id = d.workspace_id and s.status = 'active')
        returning d.id, d.attempt_count`,
      [id, workspaceId],
    )) as { id: string; attempt_count: number }[];
    if (!rows[0]) {
      const current = await this.get(workspaceId, id);
      if (!REPLAYABLE.includes(current.status)) {
        throw new ConflictError('delivery_in_progress', `The delivery is ${current.status}; it is already being sent.`);
      }
      throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it before replaying.');
    }
    await this.enqueueReplays(workspaceId, rows);
    return this.get(workspaceId, id);
  }

  /** Replays every dead-lettered delivery of a subscription created at or after `since`. */
  async replaySince(workspaceId: string, subscriptionId: string, sinceOf: () => Date): Promise<{ replayed: number }> {
    const em = this.em.fork();
    const subs = (await em.execute(`select status from webhook_subscriptions where id = ? and workspace_id = ?`, [
      subscriptionId,
      workspaceId,
    ])) as { status: string }[];
    if (!subs[0]) throw new NotFoundError('Webhook subscription', subscriptionId);
    const since = sinceOf();
    if (subs[0].status !== 'active') throw new ConflictError('subscription_disabled', 'The subscription is disabled; enable it before replaying.');
    const rows = (await em.execute(
      `update webhook_deliveries set status = 'pending', replay_base = attempt_count, next_attempt_at = now(), updated_at = now()
        where subscription_id = ? and workspace_id = ? and status = 'dead' and created_at >= ?
        returning id, attempt_count`,
      [subscriptionId, workspaceId, since],
    )) as { id: string; attempt_count: number }[];
    await this.enqueueReplays(workspaceId, rows);
    return { replayed: rows.length };
  }

  private async enqueueReplays(workspaceId: string, rows: { id: string; attempt_count: number }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.producer.enqueueBulk(
      rows.map((r) => ({
        name: 'webhooks.deliver' as const,
        data: { deliveryId: r.id, workspaceId },
        // A replay gets its own job id: the attempt's scheduled retry job (same attempt number) may still exist.
        opts: { jobId: deliverJobId(r.id, r.attempt_count + 1, '.replay') },
      })),
    );
  }

  private async attemptsOf(em: EntityManager, workspaceId: string, ids: string[]): Promise<Map<string, AttemptView[]>> {
    const out = new Map<string, AttemptView[]>();
    if (ids.length === 0) return out;
    const rows = (await em.execute(
      `select delivery_id, attempt_no, attempted_at, status_code, latency_ms, succeeded, response_excerpt, error
         from webhook_attempts where workspace_id = ? and delivery_id = any(?::text[]) order by delivery_id, attempt_no`,
      [workspaceId, textArray(ids)],
    )) as AttemptRow[];
    for (const a of rows) {
      const list = out.get(a.delivery_id) ?? [];
      list.push({
        attemptNo: a.attempt_no,
        attemptedAt: new Date(a.attempted_at).toISOString(),
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        succeeded: a.succeeded,
        responseExcerpt: a.response_excerpt,
        error: a.error,
      });
      out.set(a.delivery_id, list);
    }
    return out;
  }
}

function toView(r: DeliveryRow, attempts: AttemptView[]): DeliveryView {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    topic: r.topic,
    status: r.status,
    attemptCount: r.attempt_count,
    nextAttemptAt: r.status === 'pending' || r.status === 'failed' ? iso(r.next_attempt_at) : null,
    lastAttemptAt: iso(r.last_attempt_at),
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    succeededAt: iso(r.succeeded_at),
    createdAt: new Date(r.created_at).toISOString(),
    attempts,
  };
}
