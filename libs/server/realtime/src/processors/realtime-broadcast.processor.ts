import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { AppConfig } from '@retailos/server/core';
import { OutboxService } from '@retailos/server/outbox';
import { closeRedis, createRedis, JobHandler } from '@retailos/server/queue';
import { REALTIME_EVENT, type JobPayloads } from '@retailos/shared/contracts';
import type IORedis from 'ioredis';
import { roomForEvent, socketIoKey } from '../services/realtime-rooms';

/** Worker side of the live channel: publishes each committed event to the rooms of every api copy through Redis. */
@Injectable()
export class RealtimeBroadcastProcessor implements OnApplicationShutdown {
  private redis?: IORedis;
  private emitter?: Emitter;

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  private getEmitter(): Emitter {
    if (!this.emitter) {
      this.redis = createRedis(this.config.REDIS_URL);
      this.emitter = new Emitter(this.redis, { key: socketIoKey(this.config.REDIS_PREFIX) });
    }
    return this.emitter;
  }

  @JobHandler('realtime.broadcast')
  async broadcast(payload: JobPayloads['realtime.broadcast']): Promise<{ room: string | null }> {
    const event = await this.outbox.get(this.em.fork(), payload.workspaceId, payload.eventId);
    if (!event) return { room: null };
    const room = roomForEvent(event.workspaceId, event.topic);
    if (room) this.getEmitter().to(room).emit(REALTIME_EVENT, event);
    return { room };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis) await closeRedis(this.redis);
  }
}
