import { Badge, titleCase, type Tone } from '@retailos/dashboard/ui';
import type { ReactNode } from 'react';

const TONES: Record<string, Tone> = {
  open: 'info',
  active: 'success',
  succeeded: 'success',
  partially_returned: 'warning',
  returned: 'neutral',
  cancelled: 'critical',
  draft: 'neutral',
  archived: 'neutral',
  disabled: 'critical',
  dead: 'critical',
  failed: 'warning',
  pending: 'info',
  sending: 'info',
  revoked: 'critical',
  expired: 'warning',
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status] ?? 'neutral'}>{titleCase(status)}</Badge>;
}

/** A detail page's title: the record's name followed by its status badge. */
export function StatusTitle({ status, children }: { status: string; children: ReactNode }) {
  return (
    <>
      {children} <StatusBadge status={status} />
    </>
  );
}
