import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JobProducer } from '@retailos/server/queue';
import {
  createDeliveries,
  deliveryCount,
  lockWorkspaceFanout,
  markFannedOut,
  matchingSubscriptionIds,
  readyDeliveries,
  unfannedEventsUpTo,
  type UnfannedEvent,
} from './webhook-fanout.sql';
import { deliverJobId } from './webhook-jobs';
import { patternsMatching } from './webhook-topics';

/** Stage 1 of outbound webhooks: an event becomes one delivery per matching subscription, in event order. */
@Injectable()
export class WebhookFanoutService {
  constructor(
    private readonly em: EntityManager,
    private readonly producer: JobProducer,
  ) {}

  /**
   * Fan-outs of one workspace run one at a time (advisory lock) and first catch up on any earlier event of the
   * workspace not fanned out yet (a concurrent job may hold it), so each subscription's deliveries are created in
   * event order. Answers how many deliveries the event has.
   */
  async fanout(workspaceId: string, eventId: string): Promise<number> {
    const processed = await this.em.fork().transactional(async (tem) => {
      await lockWorkspaceFanout(tem, workspaceId);
      const events = await unfannedEventsUpTo(tem, workspaceId, eventId);
      for (const e of events) await this.fanOutOne(tem, workspaceId, e);
      return events.map((e) => e.id);
    });
    const eventIds = [...new Set([...processed, eventId])];
    const em = this.em.fork();
    // Enqueue the not-yet-attempted deliveries (also those a crashed earlier run created) that are free to go;
    // one waiting behind an older delivery is handed on by that one when it finishes.
    const ready = await readyDeliveries(em, workspaceId, eventIds);
    if (ready.length > 0) {
      await this.producer.enqueueBulk(
        ready.map((d) => ({
          name: 'webhooks.deliver' as const,
          data: { deliveryId: d.id, workspaceId },
          opts: { jobId: deliverJobId(d.id, d.attempt_count + 1) },
        })),
      );
    }
    return deliveryCount(em, workspaceId, eventId);
  }

  private async fanOutOne(tem: EntityManager, workspaceId: string, e: UnfannedEvent): Promise<void> {
    // A test ping goes to the one subscription that asked for it, whatever its topics.
    const testTarget = e.topic === 'webhook.test' ? e.test_target : null;
    const subs = await matchingSubscriptionIds(tem, workspaceId, patternsMatching(e.topic), testTarget);
    if (subs.length > 0) await createDeliveries(tem, workspaceId, e, subs);
    await markFannedOut(tem, workspaceId, e);
  }
}
