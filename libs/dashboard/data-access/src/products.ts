'use client';
import type { ProductView } from '@retailos/shared/contracts';
import { useDetailQuery, usePagedQuery } from './paged';
import { queryKeys } from './query-keys';

export interface ProductFilters {
  q?: string;
  status?: string;
  sku?: string;
  limit?: number;
}

export function useProducts(filters: ProductFilters) {
  return usePagedQuery<ProductView>(queryKeys.products.list, '/products', { limit: 25, ...filters });
}

export function useProduct(id: string) {
  return useDetailQuery<ProductView>(queryKeys.products.detail, '/products', id);
}
