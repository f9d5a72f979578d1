'use client';
import { useSyncHistoryEntry } from '@retailos/dashboard/data-access';
import { Card, DetailGrid, formatDateTime, PageHeader, titleCase } from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { QueryState } from '../../../../../lib/query-state';
import {
  ChangesTable,
  ConflictsTable,
  DirectionBadge,
  entityLabel,
  entitySubject,
} from '../../../../../lib/sync-history';

export default function SyncHistoryEntryPage() {
  const { id } = useParams<{ id: string }>();
  const entry = useSyncHistoryEntry(id);
  if (entry.isPending || entry.error) return <QueryState query={entry} label="Loading history entry" />;
  const e = entry.data;
  const ourLink =
    e.entityType === 'customer' && e.entityId
      ? `/customers/${e.entityId}`
      : e.entityType === 'product' && e.entityId
        ? `/products/${e.entityId}`
        : e.entityType === 'order' && e.entityId
          ? `/orders/${e.entityId}`
          : null;
  return (
    <>
      <PageHeader
        back={<Link href="/sync/history">← Sync history</Link>}
        title={`${titleCase(entityLabel(e.entityType))} ${entitySubject(e)}`}
        description={formatDateTime(e.occurredAt)}
      />
      <DetailGrid
        mainTitle="Changed fields"
        main={<ChangesTable changes={e.changes} />}
        detailsTitle="Entry"
        details={[
          ['Direction', <DirectionBadge key="d" direction={e.direction} />],
          ['Source', e.source],
          ['Ours', ourLink ? <Link href={ourLink}>{e.entityId}</Link> : (e.entityId ?? '—')],
          ['Shopify', e.gid ?? '—'],
          ['Actor', e.actor],
          ['Webhook id', e.cause.webhookId ?? '—'],
          ['Job', e.cause.jobId ?? '—'],
        ]}
      />
      {e.conflicts.length > 0 ? (
        <Card title="Conflicts (both sides changed the field; the later write won)" flush>
          <ConflictsTable conflicts={e.conflicts} />
        </Card>
      ) : null}
    </>
  );
}
