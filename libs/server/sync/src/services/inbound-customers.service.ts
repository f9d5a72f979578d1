import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { CUSTOMERS_FACADE, type CustomersFacade, type SyncedCustomerFields } from '@retailos/shared/contracts';
import { mergeFields, stampMerged, type FieldSource, type FieldValues } from '../domain/field-merge';
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

  /** `source`: `webhook` for deliveries, `import` for the initial import's rows. */
  async apply(
    tx: EntityManager,
    workspaceId: string,
    payload: CustomerPayload,
    cause: SyncCause,
    triggeredAt: Date | null,
    source: FieldSource = 'webhook',
    /** The import's batch read of which customer GIDs have a sync record (no lock, no lookup for the others; see ImportHints). */
    recorded?: Set<string>,
  ): Promise<string> {
    const gid = payload.admin_graphql_api_id;
    const updatedAt = typeof payload.updated_at === 'string' ? new Date(payload.updated_at) : null;
    if (
      typeof gid !== 'string' ||
      !gid.startsWith('gid://shopify/Customer/') ||
      !updatedAt ||
      Number.isNaN(updatedAt.getTime())
    )
      return 'invalid';
    if (!recorded) await lockResource(tx, workspaceId, gid);

    // Only the fields the payload carries take part (a trimmed payload never blanks ours).
    const theirs: FieldValues = {};
    for (const [rest, ours] of FIELD_MAP) if (rest in payload) theirs[ours] = (payload[rest] as unknown) ?? null;
    const fields = Object.keys(theirs);

    const record =
      recorded && !recorded.has(gid)
        ? null
        : await tx.findOne(SyncRecord, { workspaceId, entityType: 'customer', gid });
    recorded?.add(gid);
    if (record && updatedAt.getTime() <= record.shopifyUpdatedAt.getTime() && sameState(record.lastSeen, theirs))
      return 'duplicate';
    if (record && isOlder(updatedAt, triggeredAt, record)) return 'stale';

    let localId = record?.localId ?? null;
    if (!localId && typeof theirs['email'] === 'string')
      localId = await this.customers.findByEmail(tx, workspaceId, theirs['email']);
    const local = localId ? await this.customers.readForSync(tx, workspaceId, localId) : null;
    const merged = mergeFields({
      fields,
      base: record?.lastSeen ?? null,
      ours: local ? (local as unknown as FieldValues) : null,
      theirs,
      theirsAt: updatedAt,
      // Our side's write time: the field's own stamp when our last write of it is the one we see, else the row's.
      oursAt: (field) => {
        const stamp = record?.fieldStamps[field];
        return stamp?.source === 'local' ? new Date(stamp.at) : (local?.updatedAt ?? new Date(0));
      },
    });

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
    return merged.conflicts.length > 0 ? 'merged_with_conflicts' : local ? 'updated' : 'created';
  }
}

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
