'use client';
import { useLiveEvents } from '@retailos/dashboard/data-access';
import type { EventEnvelope } from '@retailos/shared/contracts';
import { useEffect, useState } from 'react';

function idOf(event: EventEnvelope): string | null {
  const data = event.data as Record<string, unknown>;
  if (typeof data['id'] === 'string') return data['id'];
  for (const v of Object.values(data)) {
    if (v && typeof v === 'object' && typeof (v as Record<string, unknown>)['id'] === 'string')
      return (v as { id: string }).id;
  }
  return null;
}

/** Ids of rows a live event of `prefix` (e.g. `order.`) touched in the last few seconds, for a brief highlight. */
export function useLiveHighlight(prefix: string, ttlMs = 4000): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  useLiveEvents((event) => {
    if (!event.topic.startsWith(prefix)) return;
    const id = idOf(event);
    if (id) setIds((s) => new Set(s).add(id));
  });
  useEffect(() => {
    if (ids.size === 0) return;
    const t = setTimeout(() => setIds(new Set()), ttlMs);
    return () => clearTimeout(t);
  }, [ids, ttlMs]);
  return ids;
}
