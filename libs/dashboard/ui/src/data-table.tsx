'use client';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import type { Page } from '@retailos/shared/contracts';
import type { ReactNode } from 'react';
import { Button, EmptyState, ErrorState, Spinner } from './primitives';

export type { ColumnDef } from '@tanstack/react-table';

/**
 * Server-paged table on @tanstack/react-table (headless: we own the markup and the styles). Rows come one page at a
 * time from the api's cursor; the table renders loading, empty and error states itself.
 */
interface TableLook<T> {
  label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-table columns mix value types per column
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  emptyTitle: string;
  emptyHint?: ReactNode;
  /** Row ids to flash (new or changed live). */
  highlight?: ReadonlySet<string>;
  rowTestId?: string;
}

export function DataTable<T>({
  label,
  columns,
  data,
  getRowId,
  isLoading,
  isFetching,
  error,
  onRetry,
  emptyTitle,
  emptyHint,
  highlight,
  rowTestId,
}: TableLook<T> & {
  data: T[] | undefined;
  isLoading: boolean;
  isFetching?: boolean;
  error?: string | null;
  onRetry?: () => void;
}) {
  const table = useReactTable({ data: data ?? [], columns, getRowId, getCoreRowModel: getCoreRowModel() });
  if (error && !data) return <ErrorState message={error} onRetry={onRetry} />;
  return (
    <div className="ro-table-wrap" aria-busy={isLoading || isFetching || undefined}>
      <table className="ro-table" aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th
                  key={h.id}
                  scope="col"
                  className={(h.column.columnDef.meta as { className?: string } | undefined)?.className}
                >
                  {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {isLoading && !data
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={i} className="ro-table__skeleton" aria-hidden="true">
                  {columns.map((_c, j) => (
                    <td key={j}>
                      <span />
                    </td>
                  ))}
                </tr>
              ))
            : table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid={rowTestId}
                  data-row-id={row.id}
                  className={highlight?.has(row.id) ? 'ro-row--flash' : undefined}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td
                      key={cell.id}
                      className={(cell.column.columnDef.meta as { className?: string } | undefined)?.className}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
      {!isLoading && data && data.length === 0 ? <EmptyState title={emptyTitle}>{emptyHint}</EmptyState> : null}
      {error && data ? (
        <div className="ro-inline-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

export function Pager({
  pageIndex,
  hasNext,
  onNext,
  onPrevious,
  isFetching,
  count,
}: {
  pageIndex: number;
  hasNext: boolean;
  onNext: () => void;
  onPrevious: () => void;
  isFetching?: boolean;
  count?: number;
}) {
  return (
    <nav className="ro-pager" aria-label="Pagination">
      <span className="ro-muted">
        Page {pageIndex + 1}
        {count !== undefined ? ` · ${count} shown` : ''}
        {isFetching ? (
          <>
            {' '}
            <Spinner small label="Refreshing" />
          </>
        ) : null}
      </span>
      <div>
        <Button size="sm" onClick={onPrevious} disabled={pageIndex === 0}>
          ← Previous
        </Button>
        <Button size="sm" onClick={onNext} disabled={!hasNext}>
          Next →
        </Button>
      </div>
    </nav>
  );
}

/** What the data-access `usePagedQuery` hooks return, as far as a table needs it. */
export interface PagedSource<T> {
  query: { data: Page<T> | undefined; isPending: boolean; isFetching: boolean; refetch: () => unknown };
  paging: { pageIndex: number; next: (cursor: string) => void; previous: () => void };
  /** The query's error worded for people, or null. */
  errorMessage: string | null;
}

/** The pager of a paged source: "next" follows the page's cursor, "previous" pops back. */
export function SourcePager<T>({ source: { query, paging }, count }: { source: PagedSource<T>; count?: number }) {
  const nextCursor = query.data?.nextCursor;
  return (
    <Pager
      pageIndex={paging.pageIndex}
      hasNext={Boolean(nextCursor)}
      onNext={() => nextCursor && paging.next(nextCursor)}
      onPrevious={paging.previous}
      isFetching={query.isFetching && !query.isPending}
      count={count}
    />
  );
}

/**
 * A `DataTable` over one page of a paged source with its `Pager` below: every list reads the same loading, error, retry
 * and cursor state. Rows are keyed by their `id` unless `getRowId` says otherwise.
 */
export type PagedTableProps<T> = Omit<TableLook<T>, 'getRowId'> & {
  source: PagedSource<T>;
  getRowId?: (row: T) => string;
};

export function PagedTable<T extends { id: string }>({
  source,
  getRowId = (row) => row.id,
  ...look
}: PagedTableProps<T>) {
  const { query } = source;
  return (
    <>
      <DataTable
        {...look}
        getRowId={getRowId}
        data={query.data?.data}
        isLoading={query.isPending}
        isFetching={query.isFetching}
        error={source.errorMessage}
        onRetry={() => void query.refetch()}
      />
      <SourcePager source={source} count={query.data?.data.length} />
    </>
  );
}
