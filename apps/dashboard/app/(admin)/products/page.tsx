'use client';
import { useProducts } from '@retailos/dashboard/data-access';
import {
  type ColumnDef,
  FilterInput,
  FilterSelect,
  formatMoney,
  formatRelative,
  Toolbar,
} from '@retailos/dashboard/ui';
import type { ProductView } from '@retailos/shared/contracts';
import { PRODUCT_STATUSES } from '@retailos/shared/contracts';
import { useDeferredValue, useState } from 'react';
import { linkColumn } from '../../../lib/columns';
import { ListPage } from '../../../lib/list-page';
import { StatusBadge } from '../../../lib/status';

function priceRange(p: ProductView): string {
  const prices = p.variants.map((v) => v.price);
  if (prices.length === 0) return '—';
  const currency = p.variants[0]?.currency ?? 'USD';
  const min = Math.min(...prices);
  const max = Math.max(...prices);
  return min === max ? formatMoney(min, currency) : `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`;
}

const columns: ColumnDef<ProductView>[] = [
  linkColumn(
    'Product',
    (p) => `/products/${p.id}`,
    (p) => p.title,
  ),
  { header: 'Status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  { header: 'Vendor', cell: ({ row }) => row.original.vendor ?? '—', meta: { className: 'ro-hide-sm' } },
  { header: 'Variants', cell: ({ row }) => row.original.variants.length, meta: { className: 'ro-num' } },
  {
    header: 'Available',
    cell: ({ row }) => row.original.variants.reduce((s, v) => s + v.totalAvailable, 0),
    meta: { className: 'ro-num' },
  },
  { header: 'Price', cell: ({ row }) => priceRange(row.original), meta: { className: 'ro-num' } },
  { header: 'Updated', cell: ({ row }) => formatRelative(row.original.updatedAt), meta: { className: 'ro-hide-sm' } },
];

export default function ProductsPage() {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const search = useDeferredValue(q.trim());
  const products = useProducts({ q: search, status });
  const filtered = Boolean(search || status);
  return (
    <ListPage
      title="Products"
      description="Catalogue with stock summed over every location."
      exportResource="products"
      live="product."
      filters={
        <Toolbar>
          <FilterInput label="Search" placeholder="Title, handle or vendor" value={q} onChange={setQ} />
          <FilterSelect
            label="Status"
            allLabel="All statuses"
            options={PRODUCT_STATUSES}
            value={status}
            onChange={setStatus}
          />
        </Toolbar>
      }
      table={{
        source: products,
        rowTestId: 'product-row',
        columns,
        emptyTitle: filtered ? 'No products match' : 'No products yet',
        emptyHint: filtered
          ? 'Try another search or status.'
          : 'Create products through the api or import them from Shopify.',
      }}
    />
  );
}
