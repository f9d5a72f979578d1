'use client';
import type { SyncHistoryEntryView } from '@retailos/shared/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

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
  const ws = useWorkspaceId();
  return usePagedQuery<SyncHistoryEntryView>((f) => queryKeys.syncHistory.list(ws, f), '/sync/history', { limit: 25, ...filters });
}

export function useSyncHistoryEntry(id: string | null) {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.syncHistory.detail(ws, id ?? ''),
    queryFn: ({ signal }) => apiRequest<SyncHistoryEntryView>(`/sync/history/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}
