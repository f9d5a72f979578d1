'use client';
import type { CustomerView, OrderView } from '@retailos/shared/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export interface CustomerFilters {
  q?: string;
  email?: string;
  limit?: number;
}

export function useCustomers(filters: CustomerFilters) {
  const ws = useWorkspaceId();
  return usePagedQuery<CustomerView>((f) => queryKeys.customers.list(ws, f), '/customers', { limit: 25, ...filters });
}

export function useCustomer(id: string) {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.customers.detail(ws, id),
    queryFn: ({ signal }) => apiRequest<CustomerView>(`/customers/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The customer's order history (the orders list filtered by customer). */
export function useCustomerOrders(customerId: string) {
  const ws = useWorkspaceId();
  return usePagedQuery<OrderView>((f) => queryKeys.orders.list(ws, f), '/orders', { limit: 10, customerId });
}
