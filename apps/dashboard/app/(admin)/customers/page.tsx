'use client';
import { useCustomers } from '@retailos/dashboard/data-access';
import { type ColumnDef, FilterInput, formatMoney, formatRelative, Toolbar } from '@retailos/dashboard/ui';
import type { CustomerView } from '@retailos/shared/contracts';
import { useDeferredValue, useState } from 'react';
import { linkColumn } from '../../../lib/columns';
import { ListPage } from '../../../lib/list-page';
import { customerName } from '../../../lib/names';

const columns: ColumnDef<CustomerView>[] = [
  linkColumn<CustomerView>('Customer', (c) => `/customers/${c.id}`, customerName),
  { header: 'Email', cell: ({ row }) => row.original.email ?? '—', meta: { className: 'ro-hide-sm' } },
  { header: 'Orders', cell: ({ row }) => row.original.ordersCount, meta: { className: 'ro-num' } },
  {
    header: 'Lifetime value',
    cell: ({ row }) => formatMoney(row.original.lifetimeValue, row.original.currency),
    meta: { className: 'ro-num' },
  },
  { header: 'Last order', cell: ({ row }) => formatRelative(row.original.lastOrderAt) },
];

export default function CustomersPage() {
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const customers = useCustomers({ q: search });
  return (
    <ListPage
      title="Customers"
      description="Order counts and lifetime value are computed from the orders."
      exportResource="customers"
      live="customer."
      filters={
        <Toolbar>
          <FilterInput grow label="Search" placeholder="Name, email or phone" value={q} onChange={setQ} />
        </Toolbar>
      }
      table={{
        source: customers,
        rowTestId: 'customer-row',
        columns,
        emptyTitle: search ? 'No customers match' : 'No customers yet',
      }}
    />
  );
}
