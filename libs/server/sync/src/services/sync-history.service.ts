import { Injectable } from '@nestjs/common';
import { AppConfig, NotFoundError, keysetPage } from '@retailos/server/core';
import { tenantEm } from '@retailos/server/database';
import { OutboxService } from '@retailos/server/outbox';
import type { Page, SyncHistoryEntryView } from '@retailos/shared/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { SyncHistoryEntry } from '../entities/sync-history-entry.entity';
import type { ListHistoryQueryDto } from '../dto/sync-history.dto';

/** Declared in contracts (the OpenAPI document and the dashboard read it from there). */
export type SyncHistoryView = SyncHistoryEntryView;

export const toHistoryView = (e: SyncHistoryEntry): SyncHistoryView => ({
  id: e.id,
  entityType: e.entityType,
  entityId: e.entityId,
  gid: e.gid,
  sku: e.sku,
  orderCode: e.orderCode,
  direction: e.direction,
  source: e.source,
  changes: e.changes,
  conflicts: e.conflicts,
  cause: e.cause,
  actor: e.actor,
  occurredAt: e.occurredAt.toISOString(),
});

/** The data of a `sync.history.batch` event: entries recorded together (the initial import), in recording order. */
export interface SyncHistoryBatchEvent {
  entries: SyncHistoryView[];
}
export const HISTORY_BATCH_EVENT_SIZE = 100;

/** Sync History: written in the caller's transaction with its `sync.history.created` event; read with filters. */
@Injectable()
export class SyncHistoryService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** Events of entries recorded inside `collected(tx, ...)`, appended together when it ends (keyed by transaction). */
  private readonly pending = new WeakMap<EntityManager, { workspaceId: string; entry: SyncHistoryView }[]>();

  /** Persists the entry and its event in `tx` (flushed with the change it describes). */
  async record(tx: EntityManager, entry: SyncHistoryEntry): Promise<void> {
    tx.persist(entry);
    const batch = this.pending.get(tx);
    if (batch) batch.push({ workspaceId: entry.workspaceId, entry: toHistoryView(entry) });
    else await this.outbox.append(tx, entry.workspaceId, 'sync.history.created', { entry: toHistoryView(entry) });
  }

  /**
   * Runs `fn` with the events of every entry it records in `tx` collected, then raised as `sync.history.batch` events
   * (`{ entries }`, up to HISTORY_BATCH_EVENT_SIZE entries each) in one insert, same transaction: the initial import's
   * batches. Profiling the import bench showed the worker's time going to the per-event consumers (relay, realtime
   * broadcast and webhook fan-out jobs, two per event), not to the import's own queries; one event per entry made an
   * import of N rows cost ~2N consumer jobs. Entries themselves are persisted one row each, flushed with their change.
   */
  async collected<T>(tx: EntityManager, fn: () => Promise<T>): Promise<T> {
    if (this.pending.has(tx)) return fn();
    const batch: { workspaceId: string; entry: SyncHistoryView }[] = [];
    this.pending.set(tx, batch);
    try {
      const result = await fn();
      const byWorkspace = new Map<string, SyncHistoryView[]>();
      for (const b of batch) {
        const list = byWorkspace.get(b.workspaceId) ?? [];
        list.push(b.entry);
        byWorkspace.set(b.workspaceId, list);
      }
      for (const [workspaceId, entries] of byWorkspace) {
        const events: SyncHistoryBatchEvent[] = [];
        for (let i = 0; i < entries.length; i += HISTORY_BATCH_EVENT_SIZE)
          events.push({ entries: entries.slice(i, i + HISTORY_BATCH_EVENT_SIZE) });
        await this.outbox.appendMany(tx, workspaceId, 'sync.history.batch', events);
      }
      return result;
    } finally {
      this.pending.delete(tx);
    }
  }

  list(workspaceId: string, query: ListHistoryQueryDto): Promise<Page<SyncHistoryView>> {
    const filters = {
      entityType: query.entityType,
      entityId: query.entityId,
      sku: query.sku,
      orderCode: query.orderCode,
      direction: query.direction,
      source: query.source,
      from: query.from,
      to: query.to,
    };
    return keysetPage({
      list: 'sync_history',
      workspaceId,
      cursor: query.cursor,
      limit: query.limit,
      filters,
      secret: this.config.CURSOR_SECRET,
      fetch: (after, take) => {
        const where: FilterQuery<SyncHistoryEntry>[] = [{ workspaceId }];
        if (query.entityType) where.push({ entityType: query.entityType as SyncHistoryEntry['entityType'] });
        if (query.entityId) where.push({ $or: [{ entityId: query.entityId }, { gid: query.entityId }] });
        if (query.sku) where.push({ sku: query.sku });
        if (query.orderCode) where.push({ orderCode: query.orderCode });
        if (query.direction) where.push({ direction: query.direction as SyncHistoryEntry['direction'] });
        if (query.source) where.push({ source: query.source as SyncHistoryEntry['source'] });
        if (query.from) where.push({ occurredAt: { $gte: new Date(query.from) } });
        if (query.to) where.push({ occurredAt: { $lt: new Date(query.to) } });
        if (after) {
          const at = new Date(String(after[0]));
          where.push({ $or: [{ occurredAt: { $lt: at } }, { occurredAt: at, id: { $lt: String(after[1]) } }] });
        }
        return tenantEm(this.em, workspaceId).find(
          SyncHistoryEntry,
          { $and: where },
          { orderBy: { occurredAt: 'desc', id: 'desc' }, limit: take },
        );
      },
      keyOf: (r) => [r.occurredAt.toISOString(), r.id],
      map: (rows) => rows.map(toHistoryView),
    });
  }

  async get(workspaceId: string, id: string): Promise<SyncHistoryView> {
    const row = await tenantEm(this.em, workspaceId).findOne(SyncHistoryEntry, { id, workspaceId });
    if (!row) throw new NotFoundError('Sync history entry', id);
    return toHistoryView(row);
  }
}
