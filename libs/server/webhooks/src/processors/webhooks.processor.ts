import { Injectable } from '@nestjs/common';
import { JobHandler } from '@retailos/server/queue';
import type { JobPayloads } from '@retailos/shared/contracts';
import { WebhookFanoutService } from '../services/webhook-fanout.service';
import { WebhookSender } from '../services/webhook-sender.service';

@Injectable()
export class WebhooksProcessor {
  constructor(
    private readonly fanouts: WebhookFanoutService,
    private readonly sender: WebhookSender,
  ) {}

  @JobHandler('webhooks.fanout')
  async fanout(payload: JobPayloads['webhooks.fanout']): Promise<{ deliveries: number }> {
    return { deliveries: await this.fanouts.fanout(payload.workspaceId, payload.eventId) };
  }

  @JobHandler('webhooks.deliver')
  async deliver(payload: JobPayloads['webhooks.deliver']): Promise<{ outcome: string }> {
    return { outcome: await this.sender.deliver(payload.workspaceId, payload.deliveryId) };
  }
}
