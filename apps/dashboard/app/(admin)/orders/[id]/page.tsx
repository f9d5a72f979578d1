'use client';
import { describeError, useCustomer, useLocations, useOrder } from '@retailos/dashboard/data-access';
import { Card, DescriptionList, ErrorState, formatDateTime, formatMoney, LoadingState, PageHeader } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { customerName } from '../../../../lib/names';
import { StatusBadge } from '../../../../lib/status';

function CustomerName({ id }: { id: string }) {
  const customer = useCustomer(id);
  const c = customer.data;
  const name = c ? customerName(c) : id;
  return <Link href={`/customers/${id}`}>{name}</Link>;
}

export default function OrderDetailPage() {
  const { id } = useParams<{ id: string }>();
  const order = useOrder(id);
  const locations = useLocations();
  if (order.isPending) return <LoadingState label="Loading order" />;
  if (order.error) return <ErrorState message={describeError(order.error)} onRetry={() => void order.refetch()} />;
  const o = order.data;
  const money = (n: number) => formatMoney(n, o.currency);
  return (
    <>
      <PageHeader
        back={<Link href="/orders">← Orders</Link>}
        title={
          <>
            {o.name} <StatusBadge status={o.status} />
          </>
        }
        description={`Placed ${formatDateTime(o.createdAt)} · ${o.channel.toUpperCase()} · source ${o.source}`}
      />
      <div className="ro-grid-2">
        <Card title="Lines" flush>
          <div className="ro-table-wrap">
            <table className="ro-table" aria-label="Order lines">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="ro-num">
                    Qty
                  </th>
                  <th scope="col" className="ro-num">
                    Price
                  </th>
                  <th scope="col" className="ro-num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {o.lines.map((l) => (
                  <tr key={l.id}>
                    <td>
                      {l.title}
                      {l.returnedQuantity > 0 ? <span className="ro-muted"> · {l.returnedQuantity} returned</span> : null}
                    </td>
                    <td>
                      <code>{l.sku}</code>
                    </td>
                    <td className="ro-num">{l.quantity}</td>
                    <td className="ro-num">{money(l.unitPrice)}</td>
                    <td className="ro-num">{money(l.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={4}>
                    Subtotal
                  </th>
                  <td className="ro-num">{money(o.subtotal)}</td>
                </tr>
                {o.refundedTotal > 0 ? (
                  <tr>
                    <th scope="row" colSpan={4}>
                      Refunded
                    </th>
                    <td className="ro-num">−{money(o.refundedTotal)}</td>
                  </tr>
                ) : null}
                <tr className="ro-total-row">
                  <th scope="row" colSpan={4}>
                    Total
                  </th>
                  <td className="ro-num" data-testid="order-total">
                    {money(o.total)}
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
        </Card>
        <Card title="Details">
          <DescriptionList
            items={[
              ['Customer', o.customerId ? <CustomerName id={o.customerId} /> : 'Guest'],
              ['Location', locations.data?.find((l) => l.id === o.locationId)?.name ?? o.locationId],
              ['External id', o.externalId ?? '—'],
              ['Note', o.note ?? '—'],
              ['Cancelled', o.cancelledAt ? `${formatDateTime(o.cancelledAt)}${o.cancelReason ? ` (${o.cancelReason})` : ''}` : '—'],
              ['Updated', formatDateTime(o.updatedAt)],
              ['Id', <code key="id">{o.id}</code>],
            ]}
          />
        </Card>
      </div>
    </>
  );
}
