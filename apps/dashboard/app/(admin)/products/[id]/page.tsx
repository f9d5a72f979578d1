'use client';
import { useLocations, useProduct } from '@retailos/dashboard/data-access';
import { DetailGrid, formatDateTime, formatMoney, PageHeader, PlainTable } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { QueryState } from '../../../../lib/query-state';
import { StatusTitle } from '../../../../lib/status';

export default function ProductDetailPage() {
  const { id } = useParams<{ id: string }>();
  const product = useProduct(id);
  const locations = useLocations();
  if (product.isPending || product.error) return <QueryState query={product} label="Loading product" />;
  const p = product.data;
  // one column per location that holds any of this product's stock, in the workspace's location order
  const locationIds = new Set(p.variants.flatMap((v) => v.inventory.map((i) => i.locationId)));
  const cols = (locations.data ?? []).filter((l) => locationIds.has(l.id));
  for (const lid of locationIds)
    if (!cols.some((c) => c.id === lid))
      cols.push({ id: lid, name: lid, code: null, address: null, active: true, createdAt: '' });
  const variants = (
    <PlainTable
      label="Variants and stock per location"
      head={[
        'Variant',
        'SKU',
        { label: 'Price', key: 'price', num: true },
        ...cols.map((l) => ({ label: l.name, key: l.id, num: true })),
        { label: 'Available', key: 'available', num: true },
      ]}
    >
      {p.variants.map((v) => (
        <tr key={v.id}>
          <td>
            {v.title}
            {v.allowBackorder ? <span className="ro-muted"> · backorders</span> : null}
          </td>
          <td>
            <code>{v.sku}</code>
          </td>
          <td className="ro-num">{formatMoney(v.price, v.currency)}</td>
          {cols.map((l) => {
            const level = v.inventory.find((i) => i.locationId === l.id);
            return (
              <td
                key={l.id}
                className="ro-num"
                title={level ? `on hand ${level.onHand}, committed ${level.committed}` : undefined}
              >
                {level ? level.available : '—'}
              </td>
            );
          })}
          <td className="ro-num">
            <strong>{v.totalAvailable}</strong>
          </td>
        </tr>
      ))}
    </PlainTable>
  );
  return (
    <>
      <PageHeader
        back={<Link href="/products">← Products</Link>}
        title={<StatusTitle status={p.status}>{p.title}</StatusTitle>}
        description={[p.vendor, p.productType].filter(Boolean).join(' · ') || undefined}
      />
      <DetailGrid
        mainTitle={`Variants and stock (${p.variants.length})`}
        main={variants}
        details={[
          ['Handle', <code key="h">{p.handle}</code>],
          ['Tags', p.tags.length ? p.tags.join(', ') : '—'],
          ['Created', formatDateTime(p.createdAt)],
          ['Updated', formatDateTime(p.updatedAt)],
          ['Id', <code key="id">{p.id}</code>],
        ]}
      >
        {p.description ? <p className="ro-muted">{p.description}</p> : null}
      </DetailGrid>
    </>
  );
}
