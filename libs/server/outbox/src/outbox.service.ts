import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DomainEventTopic, EventEnvelope } from '@retailos/shared/contracts';
import { newId } from '@retailos/shared/util';

import { OUTBOX_NOTIFY, outboxInsert } from './outbox.sql';

export { OUTBOX_CHANNEL } from './outbox.sql';

interface OutboxRow {
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
  async append<T extends object>(
    em: EntityManager,
    workspaceId: string,
    topic: DomainEventTopic,
    data: T,
  ): Promise<string> {
    const id = newId('evt');
    await em.execute(outboxInsert(topic, '?::jsonb'), [id, workspaceId, JSON.stringify(data)]);
    await em.execute(OUTBOX_NOTIFY);
    return id;
  }

  /** Consumers load the event by id (jobs never carry the payload). Scoped by workspace. */
  async get(em: EntityManager, workspaceId: string, eventId: string): Promise<EventEnvelope | null> {
    const rows = (await em.execute(
      'select id, workspace_id, topic, payload, occurred_at from outbox where id = ? and workspace_id = ?',
      [eventId, workspaceId],
    )) as OutboxRow[];
    const row = rows[0];
    return row ? toEnvelope(row) : null;
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
