'use client';
import type { CustomerView, OrderView } from '@retailos/shared/contracts';
import { useDetailQuery, usePagedQuery } from './paged';
import { queryKeys } from './query-keys';

export interface CustomerFilters {
  q?: string;
  email?: string;
  limit?: number;
}

export function useCustomers(filters: CustomerFilters) {
  return usePagedQuery<CustomerView>(queryKeys.customers.list, '/customers', { limit: 25, ...filters });
}

export function useCustomer(id: string) {
  return useDetailQuery<CustomerView>(queryKeys.customers.detail, '/customers', id);
}

/** The customer's order history (the orders list filtered by customer). */
export function useCustomerOrders(customerId: string) {
  return usePagedQuery<OrderView>(queryKeys.orders.list, '/orders', { limit: 10, customerId });
}
