import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler } from '@retailos/server/queue';
import type { JobPayloads } from '@retailos/shared/contracts';
import type { Job } from 'bullmq';
import { ShopifyImportService } from './shopify-import.service';

@Injectable()
export class ShopifyImportProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('ShopifyImport');

  constructor(private readonly imports: ShopifyImportService) {}

  @JobHandler('sync.import.run')
  run(payload: JobPayloads['sync.import.run'], job: Job): Promise<{ status: string }> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.imports.run(payload.workspaceId, payload.importId, job.id, lastAttempt);
  }

  /** A worker that boots (after a crash or a kill) picks every running import up from its checkpoint. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const n = await this.imports.resumeAll();
      if (n > 0) this.logger.log({ imports: n }, 'resuming Shopify imports from their checkpoints');
    } catch (err) {
      // Not fatal: the other jobs still run, and BullMQ's stalled-job check hands a killed import job back anyway.
      this.logger.error({ err: (err as Error).message }, 'could not resume Shopify imports at boot');
    }
  }
}
