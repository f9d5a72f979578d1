import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import { JobProducer } from '@retailos/server/queue';
import { claimUnqueued } from '../repositories/webhook-inbox.sql';

const BATCH = 500;

/**
 * Worker side of the inbound webhooks: the api only verifies and stores a delivery; this polls the inbox and enqueues
 * one `sync.webhook.apply` job per new row, in bulk (one Redis round trip per batch instead of one per delivery).
 * Job ids are `apply-<inbox id>`, so a batch re-enqueued after a crash between enqueue and commit collapses; the
 * apply job itself (per-resource advisory lock, idempotent on the row's status) is unchanged.
 */
@Injectable()
export class WebhookInboxDrain implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookInboxDrain');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly jobs: JobProducer,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Enqueues the apply jobs of up to `limit` new inbox rows; returns how many. */
  async drainOnce(limit = BATCH): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      const rows = await claimUnqueued(tx, limit);
      if (rows.length > 0) {
        await this.jobs.enqueueBulk(
          rows.map((r) => ({
            name: 'sync.webhook.apply' as const,
            data: { workspaceId: r.workspace_id, inboxId: r.id },
            opts: { jobId: `apply-${r.id}` },
          })),
        );
      }
      return rows.length;
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, ms);
  }

  private async tick(): Promise<void> {
    let claimed = 0;
    try {
      claimed = await this.drainOnce();
    } catch (err) {
      this.logger.warn(`inbox drain failed, retrying: ${(err as Error).message}`);
    }
    // A full batch means more may be waiting: go again at once.
    this.schedule(claimed >= BATCH ? 0 : this.config.SHOPIFY_INBOX_POLL_MS);
  }
}
