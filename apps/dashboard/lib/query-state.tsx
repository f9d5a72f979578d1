'use client';
import { describeError } from '@retailos/dashboard/data-access';
import { ErrorState, LoadingState } from '@retailos/dashboard/ui';

/** What a detail page shows before its query has data: the spinner, or the error with a retry. */
export function QueryState({ query, label }: { query: { error: unknown; refetch: () => unknown }; label: string }) {
  if (query.error) return <ErrorState message={describeError(query.error)} onRetry={() => void query.refetch()} />;
  return <LoadingState label={label} />;
}
