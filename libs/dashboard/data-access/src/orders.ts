'use client';
import type { OrderView } from '@retailos/shared/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export interface OrderFilters {
  status?: string;
  channel?: string;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
  limit?: number;
}

export function useOrders(filters: OrderFilters) {
  const ws = useWorkspaceId();
  return usePagedQuery<OrderView>((f) => queryKeys.orders.list(ws, f), '/orders', { limit: 25, ...filters });
}

export function useOrder(id: string) {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.orders.detail(ws, id),
    queryFn: ({ signal }) => apiRequest<OrderView>(`/orders/${encodeURIComponent(id)}`, { signal }),
  });
}
