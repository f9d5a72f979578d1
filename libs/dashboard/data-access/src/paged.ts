'use client';
import type { Page } from '@retailos/shared/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { apiRequest, describeError, type QueryValue } from './client';
import type { Filters } from './query-keys';
import { useWorkspaceId } from './session';

/**
 * Cursor paging as a stack: "next" pushes the page's nextCursor, "previous" pops. The cursor is part of the key, so
 * each page is cached and a live invalidation refetches only what is on screen.
 */
export function useCursorStack(resetOn: unknown) {
  const [state, setState] = useState<{ reset: unknown; stack: string[] }>({ reset: resetOn, stack: [] });
  // filters changed: back to the first page (during render, no effect round trip)
  const stack = Object.is(state.reset, resetOn) ? state.stack : [];
  if (!Object.is(state.reset, resetOn)) setState({ reset: resetOn, stack: [] });
  const cursor = stack[stack.length - 1];
  const next = useCallback((c: string) => setState((s) => ({ reset: s.reset, stack: [...s.stack, c] })), []);
  const previous = useCallback(() => setState((s) => ({ reset: s.reset, stack: s.stack.slice(0, -1) })), []);
  const first = useCallback(() => setState((s) => ({ reset: s.reset, stack: [] })), []);
  return { cursor, pageIndex: stack.length, next, previous, first };
}

/**
 * One page of a workspace list at a time, with its cursor stack. `errorMessage` is the query's error worded for people
 * (what a table shows in place of the rows).
 */
export function usePagedQuery<T>(
  key: (ws: string, filters: Filters) => readonly unknown[],
  path: string,
  filters: Filters,
  options: { enabled?: boolean; refetchInterval?: (page: Page<T> | undefined) => number | false } = {},
) {
  const ws = useWorkspaceId();
  const withoutEmpty: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') withoutEmpty[k] = v;
  const resetToken = JSON.stringify(withoutEmpty);
  const paging = useCursorStack(resetToken);
  const query = useQuery({
    queryKey: key(ws, { ...withoutEmpty, cursor: paging.cursor }),
    queryFn: ({ signal }) => apiRequest<Page<T>>(path, { query: { ...withoutEmpty, cursor: paging.cursor }, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ? (q) => options.refetchInterval?.(q.state.data) ?? false : undefined,
  });
  return { query, paging, errorMessage: query.error ? describeError(query.error) : null };
}

/** One resource of the workspace by id (`GET {path}/{id}`); disabled while there is no id. */
export function useDetailQuery<T>(
  key: (ws: string, id: string) => readonly unknown[],
  path: string,
  id: string | null,
) {
  const ws = useWorkspaceId();
  return useQuery({
    queryKey: key(ws, id ?? ''),
    queryFn: ({ signal }) => apiRequest<T>(`${path}/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: Boolean(id),
  });
}
