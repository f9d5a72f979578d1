import type { Page } from '@retailos/shared/contracts';
import { encodeCursor, filterKeyOf } from '@retailos/shared/util';
import { DEFAULT_PAGE_LIMIT, readCursor } from './pagination';

export type KeysetPosition = readonly (string | number)[];

export interface KeysetPageOptions<R, T> {
  cursor?: string;
  limit?: number;
  /** The list and workspace the cursor is bound to: a cursor from another list or workspace is refused (400). */
  list: string;
  workspaceId: string;
  /** The filters the cursor is bound to (a cursor reused with other filters is refused). */
  filters: Record<string, unknown>;
  secret: string;
  /** Up to `take` rows after `after` (null: from the start), in keyset order. */
  fetch: (after: KeysetPosition | null, take: number) => Promise<R[]>;
  keyOf: (row: R) => KeysetPosition;
  /** Maps the page's rows at once (lets a list load what it joins for the page only). */
  map: (rows: R[]) => T[] | Promise<T[]>;
}

/**
 * The one keyset list: reads and checks the cursor, fetches limit + 1 rows (the extra row only says whether another
 * page exists), maps the page and signs the next cursor. Every list endpoint goes through it.
 */
export async function keysetPage<R, T>(options: KeysetPageOptions<R, T>): Promise<Page<T>> {
  const limit = options.limit ?? DEFAULT_PAGE_LIMIT;
  const bound = { ...options.filters, list: options.list, workspaceId: options.workspaceId };
  const after = readCursor(options.cursor, bound, options.secret);
  const rows = await options.fetch(after, limit + 1);
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: await options.map(pageRows),
    nextCursor:
      hasMore && last ? encodeCursor({ k: [...options.keyOf(last)] }, filterKeyOf(bound), options.secret) : null,
  };
}
