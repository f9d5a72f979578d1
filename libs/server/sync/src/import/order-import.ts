import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportedOrder, OrdersFacade } from '@retailos/shared/contracts';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
import { lockResource } from '../repositories/sync-locks';
import { minorUnits } from '../services/inbound-products.service';
import type { SyncHistoryService } from '../services/sync-history.service';
import type { BulkRow } from './jsonl-reader';

const ORDER_GID = 'gid://shopify/Order/';

/** Our ids for the Shopify GIDs a batch of orders names (variants, customers), read once per batch. */
export interface OrderLinks {
  variants: Map<string, string>;
  customers: Map<string, string>;
  locationId: string;
}

const money = (v: unknown): number =>
  minorUnits((v as { shopMoney?: { amount?: unknown } } | null)?.shopMoney?.amount) ?? 0;
const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** A bulk order row and its line item rows -> our imported order; null when it is not an order. Lines of unknown variants are left out. */
export function importedOrderOf(root: BulkRow, children: BulkRow[], links: OrderLinks): ImportedOrder | null {
  const gid = root['id'];
  const createdAt = date(root['createdAt']);
  if (typeof gid !== 'string' || !gid.startsWith(ORDER_GID) || !createdAt) return null;
  const customerGid = (root['customer'] as { id?: unknown } | null)?.id;
  const lines: ImportedOrder['lines'] = [];
  for (const li of children) {
    const variantGid = (li['variant'] as { id?: unknown } | null)?.id;
    const variantId = typeof variantGid === 'string' ? links.variants.get(variantGid) : undefined;
    const quantity = typeof li['quantity'] === 'number' ? li['quantity'] : 0;
    if (!variantId || quantity <= 0) continue;
    lines.push({
      variantId,
      sku: typeof li['sku'] === 'string' && li['sku'] !== '' ? li['sku'] : variantId,
      title: typeof li['title'] === 'string' ? li['title'] : '',
      quantity,
      unitPrice: money(li['originalUnitPriceSet']),
    });
  }
  return {
    externalId: gid,
    name: typeof root['name'] === 'string' ? root['name'] : gid.slice(ORDER_GID.length),
    customerId: typeof customerGid === 'string' ? (links.customers.get(customerGid) ?? null) : null,
    locationId: links.locationId,
    currency: typeof root['currencyCode'] === 'string' ? root['currencyCode'] : 'USD',
    subtotal: money(root['subtotalPriceSet']),
    total: money(root['totalPriceSet']),
    note: typeof root['note'] === 'string' ? root['note'] : null,
    createdAt,
    cancelledAt: date(root['cancelledAt']),
    cancelReason: typeof root['cancelReason'] === 'string' ? root['cancelReason'] : null,
    lines,
  };
}

/** Order GIDs of a batch that have a sync record (read once per batch); those absent skip the per-row lookup. */
export type RecordedOrders = Set<string>;

/**
 * The import's one entry to orders (the webhook path, orders/create and orders/updated, lives in its own service):
 * through the orders facade, once per GID, with its sync record and one Sync History entry when created.
 */
export async function importOrder(
  tx: EntityManager,
  orders: OrdersFacade,
  history: SyncHistoryService,
  workspaceId: string,
  order: ImportedOrder,
  updatedAt: Date,
  cause: SyncCause,
  recorded?: RecordedOrders,
): Promise<'created' | 'updated'> {
  // With the batch's records read (the import), no per-order advisory lock: the import holds the shop's webhooks
  // until it ends and only the checkpoint's owner commits a batch (see ImportHints in inbound-products.service.ts).
  if (!recorded) await lockResource(tx, workspaceId, order.externalId);
  const written = await orders.importOrderFromSync(tx, workspaceId, order);
  const record =
    recorded && !recorded.has(order.externalId)
      ? null
      : await tx.findOne(SyncRecord, { workspaceId, entityType: 'order', gid: order.externalId });
  recorded?.add(order.externalId);
  const seen = { name: order.name, total: order.total, cancelledAt: order.cancelledAt?.toISOString() ?? null };
  if (record) {
    if (updatedAt.getTime() > record.shopifyUpdatedAt.getTime()) record.shopifyUpdatedAt = updatedAt;
    record.lastSeen = { ...record.lastSeen, ...seen };
  } else {
    tx.persist(new SyncRecord(workspaceId, 'order', order.externalId, written.id, updatedAt, seen));
  }
  if (written.created) {
    const entry = new SyncHistoryEntry({
      workspaceId,
      entityType: 'order',
      entityId: written.id,
      gid: order.externalId,
      orderCode: order.name,
      direction: 'inbound',
      source: 'import',
      changes: [
        { field: 'total', before: null, after: order.total },
        { field: 'lines', before: null, after: order.lines.length },
      ],
      conflicts: [],
      cause,
      actor: 'shopify',
    });
    await history.record(tx, entry);
  }
  return written.created ? 'created' : 'updated';
}
