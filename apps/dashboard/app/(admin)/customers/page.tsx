'use client';
import { useCustomers } from '@retailos/dashboard/data-access';
import {
  type ColumnDef,
  FilterInput,
  formatMoney,
  formatRelative,
  PagedTable,
  PageHeader,
  Toolbar,
} from '@retailos/dashboard/ui';
import type { CustomerView } from '@retailos/shared/contracts';
import { useDeferredValue, useState } from 'react';
import { ExportLink } from '../../../lib/export-link';
import { linkColumn } from '../../../lib/columns';
import { useLiveHighlight } from '../../../lib/live-highlight';
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
  const flash = useLiveHighlight('customer.');
  return (
    <>
      <PageHeader
        title="Customers"
        description="Order counts and lifetime value are computed from the orders."
        actions={<ExportLink resource="customers" />}
      />
      <Toolbar>
        <FilterInput grow label="Search" placeholder="Name, email or phone" value={q} onChange={setQ} />
      </Toolbar>
      <PagedTable
        label="Customers"
        source={customers}
        rowTestId="customer-row"
        columns={columns}
        emptyTitle={search ? 'No customers match' : 'No customers yet'}
        highlight={flash}
      />
    </>
  );
}
