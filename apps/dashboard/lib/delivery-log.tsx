'use client';
import { describeError, useReplayDelivery, useWebhookDeliveries } from '@retailos/dashboard/data-access';
import {
  Button,
  EmptyState,
  ErrorState,
  formatDateTime,
  formatRelative,
  LoadingState,
  SourcePager,
} from '@retailos/dashboard/ui';
import type { WebhookDeliveryStatus, WebhookDeliveryView } from '@retailos/shared/contracts';
import { StatusBadge } from './status';

function Delivery({ d }: { d: WebhookDeliveryView }) {
  const replay = useReplayDelivery();
  return (
    <li className="ro-delivery" data-testid="delivery" data-status={d.status} data-topic={d.topic}>
      <details>
        <summary>
          <span className="ro-delivery__topic">
            <code>{d.topic}</code>
          </span>
          <StatusBadge status={d.status} />
          <span className="ro-muted">
            {d.attemptCount} attempt{d.attemptCount === 1 ? '' : 's'}
            {d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ''}
          </span>
          <span className="ro-muted ro-delivery__when" title={formatDateTime(d.createdAt)}>
            {formatRelative(d.createdAt)}
          </span>
        </summary>
        <div className="ro-delivery__body">
          <div className="ro-muted">
            Event <code>{d.eventId}</code> · delivery <code>{d.id}</code>
            {d.nextAttemptAt && d.status !== 'succeeded' && d.status !== 'dead'
              ? ` · next attempt ${formatRelative(d.nextAttemptAt)}`
              : ''}
          </div>
          {d.attempts.length === 0 ? (
            <p className="ro-muted">No attempt yet.</p>
          ) : (
            <ol className="ro-attempts" aria-label="Attempts">
              {d.attempts.map((a) => (
                <li key={a.attemptNo}>
                  <strong>#{a.attemptNo}</strong>
                  <span>{formatDateTime(a.attemptedAt)}</span>
                  <span className={a.succeeded ? 'ro-ok' : 'ro-state--error'}>
                    {a.statusCode ? `HTTP ${a.statusCode}` : (a.error ?? 'no response')}
                  </span>
                  <span className="ro-muted">{a.latencyMs} ms</span>
                  {a.responseExcerpt ? <code className="ro-excerpt">{a.responseExcerpt}</code> : null}
                </li>
              ))}
            </ol>
          )}
        </div>
      </details>
      {d.status === 'dead' ? (
        <div className="ro-delivery__actions">
          <Button
            size="sm"
            busy={replay.isPending}
            onClick={() => replay.mutate(d.id)}
            aria-label={`Replay delivery ${d.id}`}
          >
            Replay
          </Button>
          {replay.error ? <span className="ro-state--error">{describeError(replay.error)}</span> : null}
        </div>
      ) : null}
    </li>
  );
}

/** Deliveries of one subscription (optionally one status), newest first, every attempt one click away. */
export function DeliveryLog({
  subscriptionId,
  status,
  emptyTitle,
  followUntil,
}: {
  subscriptionId?: string;
  status?: WebhookDeliveryStatus;
  emptyTitle: string;
  followUntil?: number;
}) {
  const deliveries = useWebhookDeliveries({ subscriptionId, status }, followUntil);
  const { query } = deliveries;
  if (query.isPending) return <LoadingState label="Loading deliveries" />;
  if (query.error) return <ErrorState message={describeError(query.error)} onRetry={() => void query.refetch()} />;
  return (
    <>
      {query.data.data.length === 0 ? (
        <EmptyState title={emptyTitle} />
      ) : (
        <ul className="ro-deliveries" aria-label="Deliveries">
          {query.data.data.map((d) => (
            <Delivery key={d.id} d={d} />
          ))}
        </ul>
      )}
      <SourcePager source={deliveries} />
    </>
  );
}
