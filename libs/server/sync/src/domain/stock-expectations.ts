/**
 * Who caused a change of a Shopify inventory level. Our stock is authoritative and only our own orders move it; an
 * inventory_levels/update only tells us Shopify's new `available`. Its delta against the last level seen is explained
 * by the known changes we expected there (a sale of q expects -q), oldest first; what is left is a Shopify stock
 * change we did not cause. When the sale's order arrives after its level webhook, the sale is matched against that
 * unexplained remainder instead, so either arrival order ends the same: the sale explained, nothing unexplained.
 */
export interface PendingChange {
  id: string;
  delta: number;
  occurredAt: Date;
}

export interface Explanation {
  /** The expected changes the delta accounts for. */
  absorbed: string[];
  /** The part of the delta nothing we know of explains (0 when fully explained). */
  unexplained: number;
}

/** Expected changes made no later than the level's state (`at`) are absorbed while they fit within the delta. */
export function explainLevelChange(delta: number, pending: readonly PendingChange[], at: Date): Explanation {
  let remaining = delta;
  const absorbed: string[] = [];
  for (const p of pending) {
    if (remaining === 0) break;
    if (p.occurredAt.getTime() > at.getTime() + 999) continue;
    if (Math.sign(p.delta) === Math.sign(remaining) && Math.abs(p.delta) <= Math.abs(remaining)) {
      absorbed.push(p.id);
      remaining -= p.delta;
    }
  }
  return { absorbed, unexplained: remaining };
}

/**
 * A newly known change against the level's unexplained balance (changes Shopify made before we heard why): absorbed
 * when the balance already contains it (same direction, at least as large). Returns the balance left, or null.
 */
export function absorbIntoUnexplained(balance: number, delta: number): number | null {
  if (delta === 0 || Math.sign(balance) !== Math.sign(delta) || Math.abs(balance) < Math.abs(delta)) return null;
  return balance - delta;
}
