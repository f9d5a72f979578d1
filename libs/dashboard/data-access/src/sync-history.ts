'use client';
import type { SyncHistoryEntryView } from '@retailos/shared/contracts';
import { useDetailQuery, usePagedQuery } from './paged';
import { queryKeys } from './query-keys';

/** The filters of `GET /api/sync/history`; `from` inclusive, `to` exclusive (ISO 8601). */
export interface SyncHistoryFilters {
  entityType?: string;
  entityId?: string;
  sku?: string;
  orderCode?: string;
  direction?: string;
  source?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export function useSyncHistory(filters: SyncHistoryFilters) {
  return usePagedQuery<SyncHistoryEntryView>(queryKeys.syncHistory.list, '/sync/history', { limit: 25, ...filters });
}

export function useSyncHistoryEntry(id: string | null) {
  return useDetailQuery<SyncHistoryEntryView>(queryKeys.syncHistory.detail, '/sync/history', id);
}
