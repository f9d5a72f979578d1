'use client';
import { useSyncHistory } from '@retailos/dashboard/data-access';
import {
  Badge,
  type ColumnDef,
  FilterInput,
  FilterSelect,
  formatDateTime,
  formatRelative,
  titleCase,
  Toolbar,
} from '@retailos/dashboard/ui';
import type { SyncHistoryEntryView } from '@retailos/shared/contracts';
import { useDeferredValue, useState } from 'react';
import { linkColumn } from '../../../../lib/columns';
import { ListPage } from '../../../../lib/list-page';
import {
  DIRECTIONS,
  DirectionBadge,
  ENTITY_TYPES,
  entityLabel,
  entitySubject,
  SOURCES,
} from '../../../../lib/sync-history';

/** A `datetime-local` value (the browser's zone) as an instant; empty stays unset. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const columns: ColumnDef<SyncHistoryEntryView>[] = [
  linkColumn(
    'When',
    (e) => `/sync/history/${e.id}`,
    (e) => formatRelative(e.occurredAt),
    (e) => formatDateTime(e.occurredAt),
  ),
  {
    header: 'Entity',
    cell: ({ row }) => (
      <span>
        {titleCase(entityLabel(row.original.entityType))}{' '}
        <span className="ro-muted">{entitySubject(row.original)}</span>
      </span>
    ),
  },
  {
    header: 'Direction',
    cell: ({ row }) => <DirectionBadge direction={row.original.direction} />,
    meta: { className: 'ro-hide-sm' },
  },
  { header: 'Source', cell: ({ row }) => row.original.source },
  {
    header: 'Changed',
    cell: ({ row }) => (
      <span className="ro-chips">
        {row.original.changes.map((c) => (
          <Badge key={c.field}>{c.field}</Badge>
        ))}
        {row.original.conflicts.length > 0 ? (
          <Badge tone="warning">{`${row.original.conflicts.length} conflict${row.original.conflicts.length > 1 ? 's' : ''}`}</Badge>
        ) : null}
      </span>
    ),
  },
];

export default function SyncHistoryPage() {
  const [entityType, setEntityType] = useState('');
  const [direction, setDirection] = useState('');
  const [source, setSource] = useState('');
  const [entityId, setEntityId] = useState('');
  const [sku, setSku] = useState('');
  const [orderCode, setOrderCode] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const typed = {
    entityId: useDeferredValue(entityId.trim()),
    sku: useDeferredValue(sku.trim()),
    orderCode: useDeferredValue(orderCode.trim()),
  };
  const history = useSyncHistory({ entityType, direction, source, ...typed, from: instant(from), to: instant(to) });
  const filtered = Boolean(
    entityType || direction || source || typed.entityId || typed.sku || typed.orderCode || from || to,
  );
  return (
    <ListPage
      title="Sync history"
      description="Every change the Shopify sync applied, in either direction, with the fields before and after."
      live="sync.history."
      filters={
        <>
          <Toolbar>
            <FilterInput
              grow
              label="Entity id"
              placeholder="cus_… or gid://shopify/…"
              value={entityId}
              onChange={setEntityId}
            />
            <FilterInput label="SKU" value={sku} onChange={setSku} />
            <FilterInput label="Order code" placeholder="#1001" value={orderCode} onChange={setOrderCode} />
          </Toolbar>
          <Toolbar>
            <FilterSelect
              label="Entity type"
              allLabel="All entities"
              options={ENTITY_TYPES}
              labelOf={(t) => titleCase(entityLabel(t))}
              value={entityType}
              onChange={setEntityType}
            />
            <FilterSelect
              label="Direction"
              allLabel="Both directions"
              options={DIRECTIONS}
              value={direction}
              onChange={setDirection}
            />
            <FilterSelect label="Source" allLabel="All sources" options={SOURCES} value={source} onChange={setSource} />
            <FilterInput type="datetime-local" label="From" value={from} onChange={setFrom} />
            <FilterInput type="datetime-local" label="To" value={to} onChange={setTo} />
          </Toolbar>
        </>
      }
      table={{
        source: history,
        rowTestId: 'sync-history-row',
        columns,
        emptyTitle: filtered ? 'No entries match' : 'No sync history yet',
        emptyHint: filtered
          ? undefined
          : 'Entries appear here as soon as a connected Shopify store sends or receives a change.',
      }}
    />
  );
}
