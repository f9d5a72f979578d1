/**
 * Field-level last-writer-wins as a three-way merge. For each synced field: `base` is the value last seen from
 * Shopify (what both sides agreed on), `ours` our current value, `theirs` Shopify's incoming value.
 * - Shopify did not change the field (theirs == base): nothing to do, whatever we did stays.
 * - Only Shopify changed it (ours == base): take theirs.
 * - Both changed it to different values: a conflict, decided by the time of each side's write, compared at Shopify's
 *   one-second precision. TIE RULE: within the same second our side wins (our data is authoritative and part 2
 *   pushes it back), so the outcome never depends on sub-second clocks or on arrival order.
 */
import type { SyncFieldChangeView, SyncFieldConflictView, SyncHistorySource } from '@retailos/shared/contracts';

// The merge speaks the Sync History's terms: what it records is what GET /api/sync/history shows.
export type FieldSource = SyncHistorySource;

export interface FieldStamp {
  at: string;
  source: FieldSource;
}

export type FieldValues = Record<string, unknown>;

export interface MergeInput {
  fields: readonly string[];
  base: FieldValues | null;
  ours: FieldValues | null;
  theirs: FieldValues;
  /** Shopify's updated_at of the incoming state. */
  theirsAt: Date;
  /** When our side last wrote each field (its own stamp when known, else the row's updated_at). */
  oursAt: (field: string) => Date;
}

export type FieldChange = SyncFieldChangeView;

export type FieldConflict = SyncFieldConflictView;

export interface MergeResult {
  /** Fields to write on our side, with Shopify's value. */
  apply: FieldValues;
  changes: FieldChange[];
  conflicts: FieldConflict[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/** Which side wins a both-changed field: later second wins; the same second goes to ours. */
export function conflictWinner(oursAt: Date, theirsAt: Date): 'ours' | 'theirs' {
  return seconds(theirsAt) > seconds(oursAt) ? 'theirs' : 'ours';
}

/**
 * The field stamps after a merge was applied: each applied field carries Shopify's write time and the source; a
 * conflict ours won keeps when our write happened, so a later tie is judged on it.
 */
export function stampMerged(
  stamps: Record<string, FieldStamp>,
  merged: MergeResult,
  theirsAt: Date,
  source: FieldSource,
): Record<string, FieldStamp> {
  const next = { ...stamps };
  for (const field of Object.keys(merged.apply)) next[field] = { at: theirsAt.toISOString(), source };
  for (const c of merged.conflicts) if (c.winner === 'ours') next[c.field] = { at: c.oursAt, source: 'local' };
  return next;
}

export function mergeFields(input: MergeInput): MergeResult {
  const result: MergeResult = { apply: {}, changes: [], conflicts: [] };
  for (const field of input.fields) {
    const theirs = input.theirs[field] ?? null;
    const ours = input.ours ? (input.ours[field] ?? null) : null;
    // A record we have never seen from Shopify: its base is unknown, so only an absent local row takes everything.
    if (!input.ours) {
      result.apply[field] = theirs;
      if (theirs !== null) result.changes.push({ field, before: null, after: theirs });
      continue;
    }
    const base = input.base ? (input.base[field] ?? null) : ours;
    if (same(theirs, base) || same(theirs, ours)) continue;
    if (same(ours, base)) {
      result.apply[field] = theirs;
      result.changes.push({ field, before: ours, after: theirs });
      continue;
    }
    const oursAt = input.oursAt(field);
    const winner = conflictWinner(oursAt, input.theirsAt);
    result.conflicts.push({
      field,
      ours,
      theirs,
      oursAt: oursAt.toISOString(),
      theirsAt: input.theirsAt.toISOString(),
      winner,
    });
    if (winner === 'theirs') {
      result.apply[field] = theirs;
      result.changes.push({ field, before: ours, after: theirs });
    }
  }
  return result;
}
