/**
 * Who caused a change of a Shopify inventory level. Our stock is authoritative and only our own orders move it; an
 * inventory_levels/update only tells us Shopify's new `available` as of its updated_at. That state includes every
 * change Shopify made up to then, so its delta against the last state seen is explained by the changes we expected
 * there (a sale of q expects -q) that happened no later than it; the rest is a Shopify stock change we did not cause.
 * A sale we learn of only after a level state that already includes it is taken back out of what was recorded as
 * unexplained. Whatever the arrival order, the unexplained total converges to the changes nobody we know made.
 */
export interface PendingChange {
  id: string;
  delta: number;
  occurredAt: Date;
}

export interface Explanation {
  /** The expected changes the level state includes. */
  absorbed: string[];
  /** The part of the delta nothing we know of explains (0 when fully explained). */
  unexplained: number;
}

export function explainLevelChange(delta: number, pending: readonly PendingChange[], at: Date): Explanation {
  const included = pending.filter((p) => p.occurredAt.getTime() <= at.getTime());
  return { absorbed: included.map((p) => p.id), unexplained: delta - included.reduce((s, p) => s + p.delta, 0) };
}

/** Whether a level state seen at `seenAt` already includes a change made at `occurredAt` (Shopify's one-second clock). */
export function includedIn(occurredAt: Date, seenAt: Date): boolean {
  return occurredAt.getTime() <= seenAt.getTime();
}
