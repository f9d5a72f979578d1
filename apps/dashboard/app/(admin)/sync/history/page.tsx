'use client';
import { useSyncHistory } from '@retailos/dashboard/data-access';
import { Badge, Field, formatDateTime, formatRelative, PageHeader, PagedTable, Select, TextInput, Toolbar, titleCase, type ColumnDef } from '@retailos/dashboard/ui';
import type { SyncHistoryEntryView } from '@retailos/shared/contracts';
import { useDeferredValue, useState } from 'react';
import { linkColumn } from '../../../../lib/columns';
import { useLiveHighlight } from '../../../../lib/live-highlight';
import { DIRECTIONS, DirectionBadge, ENTITY_TYPES, entityLabel, entitySubject, SOURCES } from '../../../../lib/sync-history';

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
        {titleCase(entityLabel(row.original.entityType))} <span className="ro-muted">{entitySubject(row.original)}</span>
      </span>
    ),
  },
  { header: 'Direction', cell: ({ row }) => <DirectionBadge direction={row.original.direction} />, meta: { className: 'ro-hide-sm' } },
  { header: 'Source', cell: ({ row }) => row.original.source },
  {
    header: 'Changed',
    cell: ({ row }) => (
      <span className="ro-chips">
        {row.original.changes.map((c) => (
          <Badge key={c.field}>{c.field}</Badge>
        ))}
        {row.original.conflicts.length > 0 ? <Badge tone="warning">{`${row.original.conflicts.length} conflict${row.original.conflicts.length > 1 ? 's' : ''}`}</Badge> : null}
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
  const typed = { entityId: useDeferredValue(entityId.trim()), sku: useDeferredValue(sku.trim()), orderCode: useDeferredValue(orderCode.trim()) };
  const history = useSyncHistory({ entityType, direction, source, ...typed, from: instant(from), to: instant(to) });
  const flash = useLiveHighlight('sync.history.');
  const filtered = Boolean(entityType || direction || source || typed.entityId || typed.sku || typed.orderCode || from || to);
  return (
    <>
      <PageHeader title="Sync history" description="Every change the Shopify sync applied, in either direction, with the fields before and after." />
      <Toolbar>
        <div className="ro-field--grow">
          <Field label="Entity id">{(id) => <TextInput id={id} type="search" placeholder="cus_… or gid://shopify/…" value={entityId} onChange={(e) => setEntityId(e.target.value)} />}</Field>
        </div>
        <Field label="SKU">{(id) => <TextInput id={id} type="search" value={sku} onChange={(e) => setSku(e.target.value)} />}</Field>
        <Field label="Order code">{(id) => <TextInput id={id} type="search" placeholder="#1001" value={orderCode} onChange={(e) => setOrderCode(e.target.value)} />}</Field>
      </Toolbar>
      <Toolbar>
        <Field label="Entity type">
          {(id) => <Select id={id} value={entityType} onChange={(e) => setEntityType(e.target.value)} options={[{ value: '', label: 'All entities' }, ...ENTITY_TYPES.map((t) => ({ value: t, label: titleCase(entityLabel(t)) }))]} />}
        </Field>
        <Field label="Direction">
          {(id) => <Select id={id} value={direction} onChange={(e) => setDirection(e.target.value)} options={[{ value: '', label: 'Both directions' }, ...DIRECTIONS.map((d) => ({ value: d, label: d }))]} />}
        </Field>
        <Field label="Source">{(id) => <Select id={id} value={source} onChange={(e) => setSource(e.target.value)} options={[{ value: '', label: 'All sources' }, ...SOURCES.map((s) => ({ value: s, label: s }))]} />}</Field>
        <Field label="From">{(id) => <TextInput id={id} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
        <Field label="To">{(id) => <TextInput id={id} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
      </Toolbar>
      <PagedTable
        label="Sync history"
        source={history}
        rowTestId="sync-history-row"
        columns={columns}
        emptyTitle={filtered ? 'No entries match' : 'No sync history yet'}
        emptyHint={filtered ? undefined : 'Entries appear here as soon as a connected Shopify store sends or receives a change.'}
        highlight={flash}
      />
    </>
  );
}
