'use client';
import { PagedTable, PageHeader, type PagedTableProps } from '@retailos/dashboard/ui';
import type { ReactNode } from 'react';
import { ExportLink, type ExportResource } from './export-link';
import { useLiveHighlight } from './live-highlight';

function LiveTable<T extends { id: string }>({ live, ...table }: PagedTableProps<T> & { live: string }) {
  const flash = useLiveHighlight(live);
  return <PagedTable {...table} highlight={flash} />;
}

/**
 * A list screen: the header (with the CSV export when the resource has one), the filter toolbar and the paged table,
 * whose rows flash when a live event with the `live` topic prefix touches them.
 */
export function ListPage<T extends { id: string }>({
  title,
  description,
  exportResource,
  actions = exportResource ? <ExportLink resource={exportResource} /> : undefined,
  filters,
  live,
  table,
  children,
}: {
  title: string;
  description: string;
  exportResource?: ExportResource;
  actions?: ReactNode;
  /** The filter toolbar(s). */
  filters?: ReactNode;
  live?: string;
  /** The table; its accessible label defaults to the title. */
  table: Omit<PagedTableProps<T>, 'label'> & { label?: string };
  /** What follows the table (more cards, dialogs). */
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      {filters}
      {live ? <LiveTable label={title} {...table} live={live} /> : <PagedTable label={title} {...table} />}
      {children}
    </>
  );
}
