'use client';
import { useLocations, useOrders } from '@retailos/dashboard/data-access';
import { FilterInput, FilterSelect, Toolbar } from '@retailos/dashboard/ui';
import { ORDER_CHANNELS, ORDER_STATUSES } from '@retailos/shared/contracts';
import { useMemo, useState } from 'react';
import { ListPage } from '../../../lib/list-page';
import { orderListColumns } from '../../../lib/order-columns';

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
  const locationName = useMemo(() => new Map((locations.data ?? []).map((l) => [l.id, l.name])), [locations.data]);

  const columns = useMemo(() => orderListColumns(locationName), [locationName]);

  const filtered = Boolean(status || channel || from || to);
  return (
    <ListPage
      title="Orders"
      description="Every order from every channel, newest first. New orders appear here as they are placed."
      exportResource="orders"
      live="order."
      filters={
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
      }
      table={{
        source: orders,
        rowTestId: 'order-row',
        columns,
        emptyTitle: filtered ? 'No orders match these filters' : 'No orders yet',
        emptyHint: filtered
          ? 'Clear a filter to see more.'
          : 'Orders placed through the api, the POS or Shopify show up here live.',
      }}
    />
  );
}
