'use client';
import { Badge, formatDateTime, PlainTable } from '@retailos/dashboard/ui';
import type { SyncFieldChangeView, SyncFieldConflictView, SyncHistoryEntryView } from '@retailos/shared/contracts';

export const ENTITY_TYPES = ['customer', 'product', 'variant', 'order', 'inventory_level', 'location'] as const;
export const SOURCES = ['import', 'webhook', 'push', 'reconciliation', 'revert', 'redo', 'local'] as const;
export const DIRECTIONS = ['inbound', 'outbound'] as const;

export const entityLabel = (t: string): string => t.replace(/_/g, ' ');

/** What the entry is about, for people: the SKU or order code when there is one, else our id, else the GID. */
export function entitySubject(e: SyncHistoryEntryView): string {
  return e.sku ?? e.orderCode ?? e.entityId ?? e.gid ?? '—';
}

/** A field value as text; empty values are spelled out so "cleared" is visible. */
export function FieldValue({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === '') return <span className="ro-muted">(empty)</span>;
  return <code className="ro-value">{typeof value === 'string' ? value : JSON.stringify(value)}</code>;
}

export function DirectionBadge({ direction }: { direction: string }) {
  return (
    <Badge tone={direction === 'inbound' ? 'info' : 'neutral'}>
      {direction === 'inbound' ? 'Shopify → Retailos' : 'Retailos → Shopify'}
    </Badge>
  );
}

/** Before/after of every field the entry changed. */
export function ChangesTable({ changes }: { changes: SyncFieldChangeView[] }) {
  if (changes.length === 0)
    return <p className="ro-muted ro-pad">No field changed: every contested field kept our value.</p>;
  return (
    <PlainTable label="Changed fields" testId="sync-changes" head={['Field', 'Before', 'After']}>
      {changes.map((c) => (
        <tr key={c.field} data-testid="sync-change">
          <th scope="row">{c.field}</th>
          <td>
            <FieldValue value={c.before} />
          </td>
          <td>
            <FieldValue value={c.after} />
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}

function Side({ value, at, lost }: { value: unknown; at: string; lost: boolean }) {
  return (
    <td className={lost ? 'ro-lost' : undefined} data-testid={lost ? 'sync-conflict-loser' : 'sync-conflict-winner'}>
      <FieldValue value={value} /> {lost ? <Badge tone="critical">Lost</Badge> : <Badge tone="success">Kept</Badge>}
      <div className="ro-muted ro-small">written {formatDateTime(at)}</div>
    </td>
  );
}

/** Fields both sides changed: the later write won; the losing value is struck through and badged. */
export function ConflictsTable({ conflicts }: { conflicts: SyncFieldConflictView[] }) {
  return (
    <PlainTable label="Conflicts" testId="sync-conflicts" head={['Field', 'Retailos (ours)', 'Shopify (theirs)']}>
      {conflicts.map((c) => (
        <tr key={c.field} data-testid="sync-conflict">
          <th scope="row">{c.field}</th>
          <Side value={c.ours} at={c.oursAt} lost={c.winner !== 'ours'} />
          <Side value={c.theirs} at={c.theirsAt} lost={c.winner !== 'theirs'} />
        </tr>
      ))}
    </PlainTable>
  );
}
