import type { ColumnDef } from '@retailos/dashboard/ui';
import Link from 'next/link';
import type { ReactNode } from 'react';

/** A list's first column: the row's name linking to its detail page. */
export function linkColumn<T>(
  header: string,
  href: (row: T) => string,
  text: (row: T) => ReactNode,
  title?: (row: T) => string,
): ColumnDef<T> {
  return {
    header,
    cell: ({ row }) => (
      <Link href={href(row.original)} className="ro-link-strong" title={title?.(row.original)}>
        {text(row.original)}
      </Link>
    ),
  };
}
