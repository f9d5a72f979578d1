'use client';
import { useCustomer, useLocations, useOrder } from '@retailos/dashboard/data-access';
import { DetailGrid, formatDateTime, formatMoney, PageHeader, PlainTable } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { customerName } from '../../../../lib/names';
import { QueryState } from '../../../../lib/query-state';
import { StatusTitle } from '../../../../lib/status';

function CustomerName({ id }: { id: string }) {
  const customer = useCustomer(id);
  const c = customer.data;
  const name = c ? customerName(c) : id;
  return <Link href={`/customers/${id}`}>{name}</Link>;
}

function TotalRow({ label, total = false, children }: { label: string; total?: boolean; children: ReactNode }) {
  return (
    <tr className={total ? 'ro-total-row' : undefined}>
      <th scope="row" colSpan={4}>
        {label}
      </th>
      <td className="ro-num" data-testid={total ? 'order-total' : undefined}>
        {children}
      </td>
    </tr>
  );
}

export default function OrderDetailPage() {
  const { id } = useParams<{ id: string }>();
  const order = useOrder(id);
  const locations = useLocations();
  if (order.isPending || order.error) return <QueryState query={order} label="Loading order" />;
  const o = order.data;
  const money = (n: number) => formatMoney(n, o.currency);
  const lines = (
    <PlainTable
      label="Order lines"
      head={[
        'Item',
        'SKU',
        { label: 'Qty', key: 'qty', num: true },
        { label: 'Price', key: 'price', num: true },
        { label: 'Total', key: 'total', num: true },
      ]}
      foot={
        <>
          <TotalRow label="Subtotal">{money(o.subtotal)}</TotalRow>
          {o.refundedTotal > 0 ? <TotalRow label="Refunded">−{money(o.refundedTotal)}</TotalRow> : null}
          <TotalRow label="Total" total>
            {money(o.total)}
          </TotalRow>
        </>
      }
    >
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
    </PlainTable>
  );
  return (
    <>
      <PageHeader
        back={<Link href="/orders">← Orders</Link>}
        title={<StatusTitle status={o.status}>{o.name}</StatusTitle>}
        description={`Placed ${formatDateTime(o.createdAt)} · ${o.channel.toUpperCase()} · source ${o.source}`}
      />
      <DetailGrid
        mainTitle="Lines"
        main={lines}
        details={[
          ['Customer', o.customerId ? <CustomerName id={o.customerId} /> : 'Guest'],
          ['Location', locations.data?.find((l) => l.id === o.locationId)?.name ?? o.locationId],
          ['External id', o.externalId ?? '—'],
          ['Note', o.note ?? '—'],
          [
            'Cancelled',
            o.cancelledAt ? `${formatDateTime(o.cancelledAt)}${o.cancelReason ? ` (${o.cancelReason})` : ''}` : '—',
          ],
          ['Updated', formatDateTime(o.updatedAt)],
          ['Id', <code key="id">{o.id}</code>],
        ]}
      />
    </>
  );
}
