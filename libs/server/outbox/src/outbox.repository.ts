import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DomainEventTopic } from '@retailos/shared/contracts';
import { OutboxEvent } from './entities/outbox-event.entity';

export interface PendingEvent {
  seq: number;
  id: string;
  workspaceId: string;
}

/** Every read and write of `outbox` outside the hot batches (those embed outboxInsert from outbox.sql.ts). */
@Injectable()
export class OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  /** The row in the caller's transaction; occurred_at and txid are the table's defaults (transaction start, xid). */
  async insert(
    em: EntityManager,
    id: string,
    workspaceId: string,
    topic: DomainEventTopic,
    payload: object,
  ): Promise<void> {
    await em.insert(OutboxEvent, { id, workspaceId, topic, payload: payload as Record<string, unknown> });
  }

  /** Several rows in one statement (the Shopify import's batches), same defaults as `insert`. */
  async insertMany(
    em: EntityManager,
    rows: { id: string; workspaceId: string; topic: DomainEventTopic; payload: object }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await em.insertMany(
      OutboxEvent,
      rows.map((r) => ({ ...r, payload: r.payload as Record<string, unknown> })),
    );
  }

  /** Scoped by workspace; never kept in the caller's identity map (events are read once). */
  find(em: EntityManager, workspaceId: string, id: string): Promise<OutboxEvent | null> {
    return em.findOne(OutboxEvent, { id, workspaceId }, { disableIdentityMap: true });
  }

  /**
   * Unpublished rows older than every in-flight transaction (xid below the snapshot's xmin), in commit order, so a slow
   * transaction can never be overtaken and skipped.
   */
  pending(tem: EntityManager, limit: number): Promise<PendingEvent[]> {
    return tem
      .createQueryBuilder(OutboxEvent, 'o')
      .select(['seq', 'id', 'workspaceId'])
      .where({ publishedAt: null })
      .andWhere(raw('o.txid < pg_snapshot_xmin(pg_current_snapshot())'))
      .orderBy([{ [raw('o.txid')]: 'asc' }, { seq: 'asc' }])
      .limit(limit)
      .execute<PendingEvent[]>('all');
  }

  async markPublished(tem: EntityManager, seqs: number[]): Promise<void> {
    if (seqs.length > 0)
      await tem.nativeUpdate(OutboxEvent, { seq: { $in: seqs } }, { publishedAt: raw('now()') as unknown as Date });
  }

  /** Deletes up to `limit` rows published more than `hours` ago (oldest first); returns how many went. */
  async prunePublished(hours: number, limit: number): Promise<number> {
    const em = this.em.fork();
    const old = em
      .createQueryBuilder(OutboxEvent, 'x')
      .select('seq')
      .where({ publishedAt: { $ne: null, $lt: raw('now() - make_interval(hours => ?)', [hours]) } })
      .orderBy({ seq: 'asc' })
      .limit(limit);
    const res = await em
      .createQueryBuilder(OutboxEvent)
      .delete({ seq: { $in: old.getKnexQuery() } })
      .execute('run');
    return res.affectedRows;
  }

  /** How many rows wait for the relay, and the age of the oldest in seconds. */
  async lag(): Promise<{ n: number; lag: number }> {
    const row = await this.em
      .fork()
      .createQueryBuilder(OutboxEvent, 'o')
      .select([
        raw('count(*)::int as n'),
        raw('coalesce(extract(epoch from now() - min(o.occurred_at)), 0)::float as lag'),
      ])
      .where({ publishedAt: null })
      .execute<{ n: number; lag: number } | undefined>('get', false);
    return { n: row?.n ?? 0, lag: row?.lag ?? 0 };
  }
}
