'use client';
import {
  describeError,
  useDeleteWebhookSubscription,
  useEnableWebhookSubscription,
  useReplayAllDead,
  useRotateWebhookSecret,
  useSendTestEvent,
  useWebhookSubscription,
} from '@retailos/dashboard/data-access';
import {
  Badge,
  Button,
  ConfirmDialog,
  DetailGrid,
  formatDateTime,
  PageHeader,
  SecretModal,
  Tabs,
} from '@retailos/dashboard/ui';
import Link from 'next/link';
import { useParams, useRouter } from 'next/navigation';
import { useState } from 'react';
import { DeliveryLog } from '../../../../lib/delivery-log';
import { QueryState } from '../../../../lib/query-state';
import { StatusTitle } from '../../../../lib/status';

export default function WebhookDetailPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const sub = useWebhookSubscription(id);
  const test = useSendTestEvent();
  const rotate = useRotateWebhookSecret();
  const enable = useEnableWebhookSubscription();
  const remove = useDeleteWebhookSubscription();
  const replayAll = useReplayAllDead();
  const [confirm, setConfirm] = useState<'rotate' | 'delete' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // after a test or a replay, follow the log until the new delivery has had time to appear and finish
  const [followUntil, setFollowUntil] = useState(0);

  if (sub.isPending || sub.error) return <QueryState query={sub} label="Loading endpoint" />;
  const s = sub.data;
  const actionError = test.error ?? enable.error ?? replayAll.error;
  // the open state, busy flag and error of the dialog confirming `kind` with `mutation`
  const confirmProps = (kind: 'rotate' | 'delete', mutation: { isPending: boolean; error: unknown }) => ({
    open: confirm === kind,
    onOpenChange: (o: boolean) => !o && setConfirm(null),
    busy: mutation.isPending,
    error: mutation.error ? describeError(mutation.error) : null,
  });
  return (
    <>
      <PageHeader
        back={<Link href="/webhooks">← Webhooks</Link>}
        title={
          <StatusTitle status={s.status}>
            <span className="ro-break">{s.url}</span>
          </StatusTitle>
        }
        description={s.description ?? undefined}
        actions={
          <>
            <Button
              variant="primary"
              busy={test.isPending}
              onClick={() =>
                test.mutate(s.id, {
                  onSuccess: (r) => {
                    setFollowUntil(Date.now() + 30_000);
                    setNotice(`Test event ${r.eventId} queued: it appears in the log below.`);
                  },
                })
              }
            >
              Send test event
            </Button>
            <Button onClick={() => setConfirm('rotate')}>Rotate secret</Button>
            {s.status === 'disabled' ? (
              <Button busy={enable.isPending} onClick={() => enable.mutate(s.id)}>
                Enable
              </Button>
            ) : null}
            <Button variant="ghost" onClick={() => setConfirm('delete')}>
              Delete
            </Button>
          </>
        }
      />
      {notice ? (
        <div className="ro-notice ro-notice--success" role="status">
          {notice}
        </div>
      ) : null}
      {actionError ? (
        <div className="ro-inline-error" role="alert">
          {describeError(actionError)}
        </div>
      ) : null}
      {s.status === 'disabled' ? (
        <div className="ro-notice ro-notice--warning" role="status">
          Disabled {formatDateTime(s.disabledAt)}
          {s.disabledReason ? `: ${s.disabledReason}` : ''}. No events are sent until you enable it again.
        </div>
      ) : null}
      <DetailGrid
        main={
          <Tabs
            label="Deliveries"
            tabs={[
              {
                value: 'all',
                label: 'Delivery log',
                content: (
                  <DeliveryLog
                    subscriptionId={s.id}
                    followUntil={followUntil}
                    emptyTitle="No deliveries yet: send a test event."
                  />
                ),
              },
              {
                value: 'dead',
                label: 'Dead letters',
                content: (
                  <>
                    <div className="ro-toolbar">
                      <Button
                        size="sm"
                        busy={replayAll.isPending}
                        onClick={() =>
                          replayAll.mutate(
                            { subscriptionId: s.id, since: new Date(0).toISOString() },
                            {
                              onSuccess: (r) => {
                                setFollowUntil(Date.now() + 30_000);
                                setNotice(
                                  `${r.replayed} dead-lettered deliver${r.replayed === 1 ? 'y' : 'ies'} queued again.`,
                                );
                              },
                            },
                          )
                        }
                      >
                        Replay all
                      </Button>
                    </div>
                    <DeliveryLog subscriptionId={s.id} status="dead" emptyTitle="No dead letters." />
                  </>
                ),
              },
            ]}
          />
        }
        detailsTitle="Endpoint"
        details={[
          [
            'Topics',
            <span className="ro-chips" key="t">
              {s.topics.map((t) => (
                <Badge key={t}>{t}</Badge>
              ))}
            </span>,
          ],
          ['Last success', formatDateTime(s.lastSuccessAt)],
          ['Failing since', formatDateTime(s.failingSince)],
          ['Old secret valid until', formatDateTime(s.previousSecretExpiresAt)],
          ['Created', formatDateTime(s.createdAt)],
          ['Id', <code key="id">{s.id}</code>],
        ]}
      />
      <ConfirmDialog
        {...confirmProps('rotate', rotate)}
        title="Rotate the signing secret?"
        description="A new secret signs every delivery from now on. The current one keeps signing alongside it for 24 hours, so you can update your receiver without dropping events."
        confirmLabel="Rotate secret"
        onConfirm={() =>
          rotate.mutate(s.id, {
            onSuccess: (r) => {
              setConfirm(null);
              setSecret(r.secret);
            },
          })
        }
      />
      <ConfirmDialog
        {...confirmProps('delete', remove)}
        title="Delete this endpoint?"
        description="No more events are sent to it. Its delivery log is deleted with it."
        confirmLabel="Delete endpoint"
        onConfirm={() => remove.mutate(s.id, { onSuccess: () => router.replace('/webhooks') })}
      />
      <SecretModal
        open={secret !== null}
        onClose={() => setSecret(null)}
        title="New signing secret"
        label="Signing secret"
        value={secret ?? ''}
        warning="Copy the new secret now: it is shown only once."
      />
    </>
  );
}
