'use client';
import type { ProductView } from '@retailos/shared/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export interface ProductFilters {
  q?: string;
  status?: string;
  sku?: string;
  limit?: number;
}

export function useProducts(filters: ProductFilters) {
  const ws = useWorkspaceId();
  return usePagedQuery<ProductView>((f) => queryKeys.products.list(ws, f), '/products', { limit: 25, ...filters });
}

export function useProduct(id: string) {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.products.detail(ws, id),
    queryFn: ({ signal }) => apiRequest<ProductView>(`/products/${encodeURIComponent(id)}`, { signal }),
  });
}
