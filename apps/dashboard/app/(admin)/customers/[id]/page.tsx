'use client';
import { useCustomer, useCustomerOrders } from '@retailos/dashboard/data-access';
import { DetailGrid, formatDateTime, formatMoney, PageHeader, PagedTable } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { customerName } from '../../../../lib/names';
import { orderSummaryColumns } from '../../../../lib/order-columns';
import { QueryState } from '../../../../lib/query-state';

function History({ customerId }: { customerId: string }) {
  const orders = useCustomerOrders(customerId);
  return <PagedTable label="Order history" source={orders} columns={orderSummaryColumns} emptyTitle="No orders yet" />;
}

export default function CustomerDetailPage() {
  const { id } = useParams<{ id: string }>();
  const customer = useCustomer(id);
  if (customer.isPending || customer.error) return <QueryState query={customer} label="Loading customer" />;
  const c = customer.data;
  const money = (n: number) => formatMoney(n, c.currency);
  return (
    <>
      <PageHeader
        back={<Link href="/customers">← Customers</Link>}
        title={customerName(c)}
        description={c.email ?? undefined}
      />
      <div className="ro-grid-3">
        <div className="ro-stat">
          <div className="ro-stat__label">Orders</div>
          <div className="ro-stat__value">{c.ordersCount}</div>
        </div>
        <div className="ro-stat">
          <div className="ro-stat__label">Total spent</div>
          <div className="ro-stat__value">{money(c.totalSpent)}</div>
        </div>
        <div className="ro-stat">
          <div className="ro-stat__label">Lifetime value (after refunds)</div>
          <div className="ro-stat__value" data-testid="customer-ltv">
            {money(c.lifetimeValue)}
          </div>
        </div>
      </div>
      <DetailGrid
        mainTitle="Order history"
        main={<History customerId={c.id} />}
        details={[
          ['Phone', c.phone ?? '—'],
          ['Marketing', c.acceptsMarketing ? 'Subscribed' : 'Not subscribed'],
          ['Tags', c.tags.length ? c.tags.join(', ') : '—'],
          ['Note', c.note ?? '—'],
          ['Customer since', formatDateTime(c.createdAt)],
          ['Last order', formatDateTime(c.lastOrderAt)],
          ['Id', <code key="id">{c.id}</code>],
        ]}
      />
    </>
  );
}
