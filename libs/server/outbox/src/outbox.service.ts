import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DomainEventTopic, EventEnvelope } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';

import { notifyChannel } from '@retailos/server/core';
import type { OutboxEvent } from './entities/outbox-event.entity';
import { OutboxRepository } from './outbox.repository';
import { OUTBOX_CHANNEL } from './outbox.sql';

export { OUTBOX_CHANNEL } from './outbox.sql';

export interface OutboxRow {
  id: string;
  workspace_id: string;
  topic: string;
  payload: Record<string, unknown>;
  occurred_at: Date | string;
}

/**
 * Writes domain events in the caller's transaction (pass the transactional EntityManager), so an event exists
 * if and only if the change that caused it committed. The NOTIFY is delivered by Postgres at commit.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  async append<T extends object>(
    em: EntityManager,
    workspaceId: string,
    topic: DomainEventTopic,
    data: T,
  ): Promise<string> {
    const id = newId('evt');
    await this.outbox.insert(em, id, workspaceId, topic, data);
    await notifyChannel(em, OUTBOX_CHANNEL);
    return id;
  }

  /** Several events of one topic in the caller's transaction: one insert and one NOTIFY however many there are. */
  async appendMany<T extends object>(
    em: EntityManager,
    workspaceId: string,
    topic: DomainEventTopic,
    data: T[],
  ): Promise<string[]> {
    if (data.length === 0) return [];
    const rows = data.map((payload) => ({ id: newId('evt'), workspaceId, topic, payload }));
    await this.outbox.insertMany(em, rows);
    await notifyChannel(em, OUTBOX_CHANNEL);
    return rows.map((r) => r.id);
  }

  /** Consumers load the event by id (jobs never carry the payload). Scoped by workspace. */
  async get(em: EntityManager, workspaceId: string, eventId: string): Promise<EventEnvelope | null> {
    const event = await this.outbox.find(em, workspaceId, eventId);
    return event ? eventEnvelope(event) : null;
  }
}

export function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    topic: row.topic as DomainEventTopic,
    workspaceId: row.workspace_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    data: row.payload,
  };
}

export function eventEnvelope(event: OutboxEvent): EventEnvelope {
  return toEnvelope({
    id: event.id,
    workspace_id: event.workspaceId,
    topic: event.topic,
    payload: event.payload,
    occurred_at: event.occurredAt,
  });
}
