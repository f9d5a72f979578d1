import { Injectable } from '@nestjs/common';
import { JobHandler } from '@retailos/server/queue';
import type { JobPayloads } from '@retailos/shared/contracts';
import { WebhookDispatcher } from '../services/webhook-dispatcher.service';

@Injectable()
export class WebhooksProcessor {
  constructor(private readonly dispatcher: WebhookDispatcher) {}

  @JobHandler('webhooks.fanout')
  async fanout(payload: JobPayloads['webhooks.fanout']): Promise<{ deliveries: number }> {
    return { deliveries: await this.dispatcher.fanout(payload.workspaceId, payload.eventId) };
  }

  @JobHandler('webhooks.deliver')
  async deliver(payload: JobPayloads['webhooks.deliver']): Promise<{ outcome: string }> {
    return { outcome: await this.dispatcher.deliver(payload.workspaceId, payload.deliveryId) };
  }
}
