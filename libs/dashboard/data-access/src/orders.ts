'use client';
import type { OrderView } from '@retailos/shared/contracts';
import { useDetailQuery, usePagedQuery } from './paged';
import { queryKeys } from './query-keys';

export interface OrderFilters {
  status?: string;
  channel?: string;
  customerId?: string;
  createdFrom?: string;
  createdTo?: string;
  limit?: number;
}

export function useOrders(filters: OrderFilters) {
  return usePagedQuery<OrderView>(queryKeys.orders.list, '/orders', { limit: 25, ...filters });
}

export function useOrder(id: string) {
  return useDetailQuery<OrderView>(queryKeys.orders.detail, '/orders', id);
}
