import type { EntityManager } from '@mikro-orm/postgresql';
import type { ImportedOrder, OrdersFacade } from '@retailos/shared/contracts';
import { SyncHistoryEntry, type SyncCause } from '../entities/sync-history-entry.entity';
import { SyncRecord } from '../entities/sync-record.entity';
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

/**
 * The import's one entry to orders (the webhook path, orders/create and orders/updated, lives in its own service): a
 * batch through the orders facade in one call, once per GID, each with its sync record and one Sync History entry when
 * created. The batch's records are read in one query; no per-order advisory lock: the import holds the shop's webhooks
 * until it ends and only the checkpoint's owner commits a batch (see ImportHints in inbound-products.service.ts).
 * Persisted, not flushed (the caller flushes once).
 */
export async function importOrders(
  tx: EntityManager,
  orders: OrdersFacade,
  history: SyncHistoryService,
  workspaceId: string,
  items: { order: ImportedOrder; updatedAt: Date }[],
  cause: SyncCause,
): Promise<('created' | 'updated')[]> {
  if (items.length === 0) return [];
  const written = await orders.importOrdersFromSync(
    tx,
    workspaceId,
    items.map((i) => i.order),
  );
  const gids = [...new Set(items.map((i) => i.order.externalId))];
  const records = new Map(
    (await tx.find(SyncRecord, { workspaceId, entityType: 'order', gid: { $in: gids } })).map((r) => [r.gid, r]),
  );
  const results: ('created' | 'updated')[] = [];
  for (const [i, { order, updatedAt }] of items.entries()) {
    const w = written[i];
    if (!w) throw new Error(`the orders facade answered ${written.length} of ${items.length} imported orders`);
    const seen = { name: order.name, total: order.total, cancelledAt: order.cancelledAt?.toISOString() ?? null };
    const record = records.get(order.externalId);
    if (record) {
      if (updatedAt.getTime() > record.shopifyUpdatedAt.getTime()) record.shopifyUpdatedAt = updatedAt;
      record.lastSeen = { ...record.lastSeen, ...seen };
    } else {
      const fresh = new SyncRecord(workspaceId, 'order', order.externalId, w.id, updatedAt, seen);
      records.set(order.externalId, fresh);
      tx.persist(fresh);
    }
    if (w.created) {
      const entry = new SyncHistoryEntry({
        workspaceId,
        entityType: 'order',
        entityId: w.id,
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
    results.push(w.created ? 'created' : 'updated');
  }
  return results;
}
