'use client';
import { describeError, useLocations, useProduct } from '@retailos/dashboard/data-access';
import { Card, DescriptionList, ErrorState, formatDateTime, formatMoney, LoadingState, PageHeader } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { StatusBadge } from '../../../../lib/status';

export default function ProductDetailPage() {
  const { id } = useParams<{ id: string }>();
  const product = useProduct(id);
  const locations = useLocations();
  if (product.isPending) return <LoadingState label="Loading product" />;
  if (product.error) return <ErrorState message={describeError(product.error)} onRetry={() => void product.refetch()} />;
  const p = product.data;
  // one column per location that holds any of this product's stock, in the workspace's location order
  const locationIds = new Set(p.variants.flatMap((v) => v.inventory.map((i) => i.locationId)));
  const cols = (locations.data ?? []).filter((l) => locationIds.has(l.id));
  for (const lid of locationIds) if (!cols.some((c) => c.id === lid)) cols.push({ id: lid, name: lid, code: null, address: null, active: true, createdAt: '' });
  return (
    <>
      <PageHeader
        back={<Link href="/products">← Products</Link>}
        title={
          <>
            {p.title} <StatusBadge status={p.status} />
          </>
        }
        description={[p.vendor, p.productType].filter(Boolean).join(' · ') || undefined}
      />
      <div className="ro-grid-2">
        <Card title={`Variants and stock (${p.variants.length})`} flush>
          <div className="ro-table-wrap">
            <table className="ro-table" aria-label="Variants and stock per location">
              <thead>
                <tr>
                  <th scope="col">Variant</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="ro-num">
                    Price
                  </th>
                  {cols.map((l) => (
                    <th key={l.id} scope="col" className="ro-num">
                      {l.name}
                    </th>
                  ))}
                  <th scope="col" className="ro-num">
                    Available
                  </th>
                </tr>
              </thead>
              <tbody>
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
                        <td key={l.id} className="ro-num" title={level ? `on hand ${level.onHand}, committed ${level.committed}` : undefined}>
                          {level ? level.available : '—'}
                        </td>
                      );
                    })}
                    <td className="ro-num">
                      <strong>{v.totalAvailable}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        <Card title="Details">
          <DescriptionList
            items={[
              ['Handle', <code key="h">{p.handle}</code>],
              ['Tags', p.tags.length ? p.tags.join(', ') : '—'],
              ['Created', formatDateTime(p.createdAt)],
              ['Updated', formatDateTime(p.updatedAt)],
              ['Id', <code key="id">{p.id}</code>],
            ]}
          />
          {p.description ? <p className="ro-muted">{p.description}</p> : null}
        </Card>
      </div>
    </>
  );
}
