import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';

export type StockExpectationStatus = 'pending' | 'absorbed';

/**
 * A change of a Shopify inventory level that we know of and did not need an inventory_levels/update to learn (a sale
 * we took from our stock, a cancellation we restocked). The level webhook it causes is absorbed against it; whatever
 * is left is a Shopify stock change we did not cause. Unique per cause, so a replay can never add a second one.
 */
@Entity({ tableName: 'sync_stock_expectations' })
@Unique({ name: 'sync_stock_expectations_cause_uq', properties: ['workspaceId', 'levelGid', 'causeKey'] })
@Index({
  name: 'sync_stock_expectations_pending_idx',
  expression: `create index sync_stock_expectations_pending_idx on sync_stock_expectations (workspace_id, level_gid, occurred_at, id) where status = 'pending'`,
})
export class SyncStockExpectation extends WorkspaceScopedEntity {
  /** Canonical `gid://shopify/InventoryLevel/{location}?inventory_item_id={item}`. */
  @Property({ type: 'text' })
  levelGid: string;

  /** `sale:<line item GID>` or `cancel:<line item GID>`. */
  @Property({ type: 'text' })
  causeKey: string;

  @Property({ type: 'text', nullable: true })
  orderGid: string | null;

  /** Expected change of Shopify's `available` (a sale is negative). */
  @Property({ type: 'integer' })
  delta: number;

  /** When Shopify made the change (the order's created_at or cancelled_at). */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt: Date;

  @Enum({ items: ['pending', 'absorbed'], type: 'text', default: 'pending' })
  status: StockExpectationStatus = 'pending';

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  absorbedAt: Date | null = null;

  constructor(
    workspaceId: string,
    levelGid: string,
    causeKey: string,
    orderGid: string | null,
    delta: number,
    occurredAt: Date,
  ) {
    super('sse', workspaceId);
    this.levelGid = levelGid;
    this.causeKey = causeKey;
    this.orderGid = orderGid;
    this.delta = delta;
    this.occurredAt = occurredAt;
  }
}
