'use client';
import { useLocations, useOrders } from '@retailos/dashboard/data-access';
import {
  type ColumnDef,
  FilterInput,
  FilterSelect,
  formatMoney,
  formatRelative,
  PagedTable,
  PageHeader,
  Toolbar,
} from '@retailos/dashboard/ui';
import type { OrderView } from '@retailos/shared/contracts';
import { ORDER_CHANNELS, ORDER_STATUSES } from '@retailos/shared/contracts';
import { useMemo, useState } from 'react';
import { ExportLink } from '../../../lib/export-link';
import { useLiveHighlight } from '../../../lib/live-highlight';
import { linkColumn } from '../../../lib/columns';
import { StatusBadge } from '../../../lib/status';

/** Start of a local calendar day as an instant; `days` later for an exclusive upper bound. */
function dayStart(date: string, days = 0): string | undefined {
  if (!date) return undefined;
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + days);
  return d.toISOString();
}

export default function OrdersPage() {
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const orders = useOrders({
    status,
    channel,
    createdFrom: dayStart(from),
    createdTo: dayStart(to, 1),
  });
  const locations = useLocations();
  const flash = useLiveHighlight('order.');
  const locationName = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);

  const columns = useMemo<ColumnDef<OrderView>[]>(
    () => [
      linkColumn(
        'Order',
        (o) => `/orders/${o.id}`,
        (o) => o.name,
      ),
      {
        header: 'Placed',
        cell: ({ row }) => <time dateTime={row.original.createdAt}>{formatRelative(row.original.createdAt)}</time>,
        meta: { className: 'ro-nowrap' },
      },
      { header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
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
      {
        header: 'Total',
        cell: ({ row }) => formatMoney(row.original.total, row.original.currency),
        meta: { className: 'ro-num' },
      },
    ],
    [locationName],
  );

  return (
    <>
      <PageHeader
        title="Orders"
        description="Every order from every channel, newest first. New orders appear here as they are placed."
        actions={<ExportLink resource="orders" />}
      />
      <Toolbar>
        <FilterSelect
          label="Status"
          allLabel="All statuses"
          options={ORDER_STATUSES}
          labelOf={(s) => s.replace(/_/g, ' ')}
          value={status}
          onChange={setStatus}
        />
        <FilterSelect
          label="Channel"
          allLabel="All channels"
          options={ORDER_CHANNELS}
          labelOf={(c) => c.toUpperCase()}
          value={channel}
          onChange={setChannel}
        />
        <FilterInput type="date" label="From" value={from} onChange={setFrom} />
        <FilterInput type="date" label="To" value={to} onChange={setTo} />
      </Toolbar>
      <PagedTable
        label="Orders"
        source={orders}
        rowTestId="order-row"
        columns={columns}
        emptyTitle={status || channel || from || to ? 'No orders match these filters' : 'No orders yet'}
        emptyHint={
          status || channel || from || to
            ? 'Clear a filter to see more.'
            : 'Orders placed through the api, the POS or Shopify show up here live.'
        }
        highlight={flash}
      />
    </>
  );
}
