import { Injectable } from '@nestjs/common';
import { JobHandler } from '@retailos/server/queue';
import type { JobPayloads } from '@retailos/shared/contracts';
import type { Job } from 'bullmq';
import { ShopifySetupService } from '../services/shopify-setup.service';
import { WebhookApplyService } from '../services/webhook-apply.service';

@Injectable()
export class SyncProcessor {
  constructor(
    private readonly setupService: ShopifySetupService,
    private readonly applyService: WebhookApplyService,
  ) {}

  @JobHandler('sync.connection.setup')
  setup(payload: JobPayloads['sync.connection.setup']): Promise<{ created: number; locations: number }> {
    return this.setupService.setup(payload.workspaceId, payload.connectionId);
  }

  @JobHandler('sync.webhook.apply')
  apply(payload: JobPayloads['sync.webhook.apply'], job: Job): Promise<{ outcome: string }> {
    return this.applyService.apply(payload.workspaceId, payload.inboxId, job.id);
  }
}
