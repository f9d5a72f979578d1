import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_FACADE, type CustomersFacade, type SyncedCustomerFields } from '@retailos/shared/contracts';
import { mergeFields, stampMerged, type FieldSource, type FieldValues, type MergeResult } from '../domain/field-merge';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { lockResource } from '../repositories/sync-locks';
import { SyncHistoryService } from './sync-history.service';

/** Customer fields as Shopify's REST-shaped webhook names them -> ours. */
const FIELD_MAP = [
  ['email', 'email'],
  ['first_name', 'firstName'],
  ['last_name', 'lastName'],
  ['phone', 'phone'],
  ['note', 'note'],
] as const;

export interface CustomerPayload {
  admin_graphql_api_id?: unknown;
  updated_at?: unknown;
  [key: string]: unknown;
}

/** A customer payload's key, Shopify time and the synced fields it carries; null when it is not a customer. */
interface CustomerRow {
  gid: string;
  updatedAt: Date;
  theirs: FieldValues;
}

type CustomerLocal = SyncedCustomerFields & { id: string; updatedAt: Date };

function rowOf(payload: CustomerPayload): CustomerRow | null {
  const gid = payload.admin_graphql_api_id;
  const updatedAt = typeof payload.updated_at === 'string' ? new Date(payload.updated_at) : null;
  if (
    typeof gid !== 'string' ||
    !gid.startsWith('gid://shopify/Customer/') ||
    !updatedAt ||
    Number.isNaN(updatedAt.getTime())
  )
    return null;
  // Only the fields the payload carries take part (a trimmed payload never blanks ours).
  const theirs: FieldValues = {};
  for (const [rest, ours] of FIELD_MAP) if (rest in payload) theirs[ours] = (payload[rest] as unknown) ?? null;
  return { gid, updatedAt, theirs };
}

const emailKey = (v: unknown): string | null => (typeof v === 'string' ? v.toLowerCase() : null);

/**
 * customers/create and customers/update, in any order and any number of times: keyed on the GID, ordered by Shopify's
 * updated_at (an older state changes nothing), merged field by field against the last state seen (three-way), with one
 * Sync History entry in the same transaction as the write.
 */
@Injectable()
export class InboundCustomersService {
  constructor(
    @Inject(CUSTOMERS_FACADE) private readonly customers: CustomersFacade,
    private readonly history: SyncHistoryService,
  ) {}

  /** A webhook delivery (source `webhook`). */
  async apply(
    tx: EntityManager,
    workspaceId: string,
    payload: CustomerPayload,
    cause: SyncCause,
    triggeredAt: Date | null,
  ): Promise<string> {
    const row = rowOf(payload);
    if (!row) return 'invalid';
    await lockResource(tx, workspaceId, row.gid);
    const record = await tx.findOne(SyncRecord, { workspaceId, entityType: 'customer', gid: row.gid });
    const skip = skipped(row, record, triggeredAt);
    if (skip) return skip;

    let localId = record?.localId ?? null;
    if (!localId && typeof row.theirs['email'] === 'string')
      localId = await this.customers.findByEmail(tx, workspaceId, row.theirs['email']);
    const local = localId ? await this.customers.readForSync(tx, workspaceId, localId) : null;
    const merged = mergeOf(row, record, local);
    const written =
      Object.keys(merged.apply).length > 0 || !local
        ? await this.customers.writeFromSync(
            tx,
            workspaceId,
            local?.id ?? null,
            merged.apply as Partial<SyncedCustomerFields>,
          )
        : null;
    const id = written?.id ?? (local?.id as string);
    await this.settle(tx, workspaceId, row, record, id, merged, triggeredAt, 'webhook', cause);
    return outcomeOf(merged, local);
  }

  /**
   * The initial import's rows (source `import`), with the outcome of applying them one by one through `apply` but with
   * its per-row reads done once per batch: the GIDs' sync records, the unlinked rows' emails, the customers (locked),
   * then one batch write (one flush, events in one insert) and the records and history. No advisory lock: the import
   * holds the shop's webhooks until it ends and only the checkpoint's owner commits a batch (see ImportHints). A row
   * touching a GID, customer or email an earlier row of the batch touched starts a new round, which reads again after
   * the earlier rows are written. Persisted, not flushed past the customers' write (the caller flushes).
   */
  async applyBatch(
    tx: EntityManager,
    workspaceId: string,
    payloads: CustomerPayload[],
    cause: SyncCause,
  ): Promise<string[]> {
    const results: string[] = payloads.map(() => 'invalid');
    const rows: { at: number; row: CustomerRow }[] = [];
    for (const [at, payload] of payloads.entries()) {
      const row = rowOf(payload);
      if (row) rows.push({ at, row });
    }
    for (let done = 0; done < rows.length;)
      done += await this.applyRound(tx, workspaceId, rows.slice(done), cause, results);
    return results;
  }

  /** Applies the longest prefix of `rows` whose rows touch nothing an earlier one touched; returns its length. */
  private async applyRound(
    tx: EntityManager,
    workspaceId: string,
    rows: { at: number; row: CustomerRow }[],
    cause: SyncCause,
    results: string[],
  ): Promise<number> {
    const records = new Map(
      (
        await tx.find(SyncRecord, {
          workspaceId,
          entityType: 'customer',
          gid: { $in: [...new Set(rows.map((r) => r.row.gid))] },
        })
      ).map((r) => [r.gid, r]),
    );
    const unlinkedEmails = rows
      .filter((r) => !records.has(r.row.gid))
      .map((r) => r.row.theirs['email'])
      .filter((e): e is string => typeof e === 'string');
    const byEmail = await this.customers.findByEmails(tx, workspaceId, unlinkedEmails);
    const localIdOf = (row: CustomerRow): string | null =>
      records.get(row.gid)?.localId ?? byEmail.get(emailKey(row.theirs['email']) ?? '') ?? null;
    const locals = await this.customers.readManyForSync(
      tx,
      workspaceId,
      rows.map((r) => localIdOf(r.row)).filter((id): id is string => id !== null),
    );

    const touched = { gids: new Set<string>(), ids: new Set<string>(), emails: new Set<string>() };
    const planned: {
      at: number;
      row: CustomerRow;
      record: SyncRecord | null;
      local: CustomerLocal | null;
      merged: MergeResult;
      write: number | null;
    }[] = [];
    const writes: { customerId: string | null; fields: Partial<SyncedCustomerFields> }[] = [];
    let taken = 0;
    for (const { at, row } of rows) {
      const localId = localIdOf(row);
      const email = emailKey(row.theirs['email']);
      if (
        touched.gids.has(row.gid) ||
        (localId !== null && touched.ids.has(localId)) ||
        (email !== null && touched.emails.has(email))
      )
        break;
      taken++;
      const record = records.get(row.gid) ?? null;
      const skip = skipped(row, record, null);
      if (skip) {
        results[at] = skip;
        continue;
      }
      const local = localId ? (locals.get(localId) ?? null) : null;
      const merged = mergeOf(row, record, local);
      let write: number | null = null;
      if (Object.keys(merged.apply).length > 0 || !local) {
        write = writes.length;
        writes.push({ customerId: local?.id ?? null, fields: merged.apply as Partial<SyncedCustomerFields> });
      }
      touched.gids.add(row.gid);
      if (local) touched.ids.add(local.id);
      for (const e of [email, emailKey(local?.email), emailKey(merged.apply['email'])]) if (e) touched.emails.add(e);
      planned.push({ at, row, record, local, merged, write });
    }

    const written = await this.customers.writeManyFromSync(tx, workspaceId, writes);
    for (const { at, row, record, local, merged, write } of planned) {
      const id = write !== null ? (written[write]?.id as string) : (local?.id as string);
      await this.settle(tx, workspaceId, row, record, id, merged, null, 'import', cause);
      results[at] = outcomeOf(merged, local);
    }
    // The next round reads what this one wrote (its records included).
    if (taken < rows.length) await tx.flush();
    return taken;
  }

  /** The sync record moved to this state, and the Sync History entry when anything changed or conflicted. */
  private async settle(
    tx: EntityManager,
    workspaceId: string,
    { gid, updatedAt, theirs }: CustomerRow,
    record: SyncRecord | null,
    id: string,
    merged: MergeResult,
    triggeredAt: Date | null,
    source: FieldSource,
    cause: SyncCause,
  ): Promise<void> {
    const row = record ?? new SyncRecord(workspaceId, 'customer', gid, id, updatedAt, {});
    row.localId = id;
    row.shopifyUpdatedAt = updatedAt;
    row.shopifyTriggeredAt = triggeredAt;
    row.lastSeen = { ...row.lastSeen, ...theirs };
    row.fieldStamps = stampMerged(row.fieldStamps, merged, updatedAt, source);
    tx.persist(row);

    if (merged.changes.length > 0 || merged.conflicts.length > 0) {
      const entry = new SyncHistoryEntry({
        workspaceId,
        entityType: 'customer',
        entityId: id,
        gid,
        direction: 'inbound',
        source,
        changes: merged.changes,
        conflicts: merged.conflicts,
        cause,
        actor: 'shopify',
      });
      await this.history.record(tx, entry);
    }
  }
}

/** 'duplicate' or 'stale' when the payload is a state we hold already or an older one; null when it applies. */
function skipped(row: CustomerRow, record: SyncRecord | null, triggeredAt: Date | null): string | null {
  if (!record) return null;
  if (row.updatedAt.getTime() <= record.shopifyUpdatedAt.getTime() && sameState(record.lastSeen, row.theirs))
    return 'duplicate';
  if (isOlder(row.updatedAt, triggeredAt, record)) return 'stale';
  return null;
}

function mergeOf(row: CustomerRow, record: SyncRecord | null, local: CustomerLocal | null): MergeResult {
  return mergeFields({
    fields: Object.keys(row.theirs),
    base: record?.lastSeen ?? null,
    ours: local ? (local as unknown as FieldValues) : null,
    theirs: row.theirs,
    theirsAt: row.updatedAt,
    // Our side's write time: the field's own stamp when our last write of it is the one we see, else the row's.
    oursAt: (field) => {
      const stamp = record?.fieldStamps[field];
      return stamp?.source === 'local' ? new Date(stamp.at) : (local?.updatedAt ?? new Date(0));
    },
  });
}

const outcomeOf = (merged: MergeResult, local: CustomerLocal | null): string =>
  merged.conflicts.length > 0 ? 'merged_with_conflicts' : local ? 'updated' : 'created';

/** Older than what we hold: an earlier updated_at, or the same second and an earlier X-Shopify-Triggered-At. */
export function isOlder(updatedAt: Date, triggeredAt: Date | null, record: SyncRecord): boolean {
  const diff = updatedAt.getTime() - record.shopifyUpdatedAt.getTime();
  if (diff !== 0) return diff < 0;
  return (
    triggeredAt !== null &&
    record.shopifyTriggeredAt !== null &&
    triggeredAt.getTime() < record.shopifyTriggeredAt.getTime()
  );
}

export function sameState(a: FieldValues, b: FieldValues): boolean {
  return Object.keys(b).every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));
}
