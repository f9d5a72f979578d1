'use client';
import { useLocations, useOrders } from '@retailos/dashboard/data-access';
import { Field, formatMoney, formatRelative, PageHeader, PagedTable, Select, TextInput, Toolbar, type ColumnDef } from '@retailos/dashboard/ui';
import type { OrderView } from '@retailos/shared/contracts';
import { ORDER_CHANNELS, ORDER_STATUSES } from '@retailos/shared/contracts';
import Link from 'next/link';
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
      linkColumn('Order', (o) => `/orders/${o.id}`, (o) => o.name),
      { header: 'Placed', cell: ({ row }) => <time dateTime={row.original.createdAt}>{formatRelative(row.original.createdAt)}</time>, meta: { className: 'ro-nowrap' } },
      { header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
      { header: 'Channel', cell: ({ row }) => row.original.channel.toUpperCase(), meta: { className: 'ro-hide-sm' } },
      { header: 'Location', cell: ({ row }) => locationName.get(row.original.locationId) ?? '—', meta: { className: 'ro-hide-sm' } },
      { header: 'Items', cell: ({ row }) => row.original.lines.reduce((s, l) => s + l.quantity, 0), meta: { className: 'ro-num' } },
      { header: 'Total', cell: ({ row }) => formatMoney(row.original.total, row.original.currency), meta: { className: 'ro-num' } },
    ],
    [locationName],
  );

  return (
    <>
      <PageHeader title="Orders" description="Every order from every channel, newest first. New orders appear here as they are placed." actions={<ExportLink resource="orders" />} />
      <Toolbar>
        <Field label="Status">
          {(id) => (
            <Select id={id} value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: '', label: 'All statuses' }, ...ORDER_STATUSES.map((s) => ({ value: s, label: s.replace(/_/g, ' ') }))]} />
          )}
        </Field>
        <Field label="Channel">
          {(id) => <Select id={id} value={channel} onChange={(e) => setChannel(e.target.value)} options={[{ value: '', label: 'All channels' }, ...ORDER_CHANNELS.map((c) => ({ value: c, label: c.toUpperCase() }))]} />}
        </Field>
        <Field label="From">{(id) => <TextInput id={id} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
        <Field label="To">{(id) => <TextInput id={id} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
      </Toolbar>
      <PagedTable
        label="Orders"
        source={orders}
        rowTestId="order-row"
        columns={columns}
        emptyTitle={status || channel || from || to ? 'No orders match these filters' : 'No orders yet'}
        emptyHint={status || channel || from || to ? 'Clear a filter to see more.' : 'Orders placed through the api, the POS or Shopify show up here live.'}
        highlight={flash}
      />
    </>
  );
}
