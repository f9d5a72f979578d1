'use client';
import type { LevelView, LocationView, MovementView, Page } from '@retailos/shared/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client';
import { usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export type LevelRow = LevelView & { sku: string | null };

export interface LevelFilters {
  sku?: string;
  locationId?: string;
  limit?: number;
}

export function useInventoryLevels(filters: LevelFilters) {
  return usePagedQuery<LevelRow>(queryKeys.inventory.levels, '/inventory/levels', { limit: 50, ...filters });
}

export function useMovements(filters: { sku?: string; variantId?: string; locationId?: string; limit?: number }) {
  return usePagedQuery<MovementView>(queryKeys.inventory.movements, '/inventory/movements', { limit: 20, ...filters });
}

/** Every location (a workspace has few): id -> name lookups for the other screens. */
export function useLocations() {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: queryKeys.locations.all(ws),
    queryFn: ({ signal }) => apiRequest<Page<LocationView>>('/locations', { query: { limit: 250 }, signal }),
    staleTime: 5 * 60_000,
    select: (page) => page.data,
  });
}
