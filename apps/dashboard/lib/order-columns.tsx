import { formatMoney, formatRelative, type ColumnDef } from '@retailos/dashboard/ui';
import type { OrderView } from '@retailos/shared/contracts';
import { linkColumn } from './columns';
import { StatusBadge } from './status';

const name = linkColumn<OrderView>(
  'Order',
  (o) => `/orders/${o.id}`,
  (o) => o.name,
);
const placed: ColumnDef<OrderView> = {
  header: 'Placed',
  cell: ({ row }) => <time dateTime={row.original.createdAt}>{formatRelative(row.original.createdAt)}</time>,
  meta: { className: 'ro-nowrap' },
};
const status: ColumnDef<OrderView> = {
  header: 'Status',
  cell: ({ row }) => <StatusBadge status={row.original.status} />,
};
const total: ColumnDef<OrderView> = {
  header: 'Total',
  cell: ({ row }) => formatMoney(row.original.total, row.original.currency),
  meta: { className: 'ro-num' },
};

/** The short order table (a customer's history). */
export const orderSummaryColumns: ColumnDef<OrderView>[] = [name, placed, status, total];

/** The orders list: the summary plus channel, location and item count. */
export function orderListColumns(locationName: ReadonlyMap<string, string>): ColumnDef<OrderView>[] {
  return [
    name,
    placed,
    status,
    { header: 'Channel', cell: ({ row }) => row.original.channel.toUpperCase(), meta: { className: 'ro-hide-sm' } },
    {
      header: 'Location',
      cell: ({ row }) => locationName.get(row.original.locationId) ?? '—',
      meta: { className: 'ro-hide-sm' },
    },
    {
      header: 'Items',
      cell: ({ row }) => row.original.lines.reduce((s, l) => s + l.quantity, 0),
      meta: { className: 'ro-num' },
    },
    total,
  ];
}
