import { Enum, BigIntType, Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';

export type OrderChannel = 'pos' | 'online' | 'b2b';
export type OrderSource = 'retailos' | 'shopify' | 'pos';
export type OrderStatus = 'open' | 'partially_returned' | 'returned' | 'cancelled';

/** Numbers come from one sequence per workspace (`order_number_<workspace>`); `customer_id`/`location_id` are cross-context keys. */
@Entity({ tableName: 'orders' })
@Index({
  name: 'orders_ws_number_uq',
  expression: 'create unique index orders_ws_number_uq on orders (workspace_id, number)',
})
@Index({
  name: 'orders_ws_external_uq',
  expression:
    'create unique index orders_ws_external_uq on orders (workspace_id, source, external_id) where external_id is not null',
})
@Index({
  name: 'orders_ws_created_idx',
  expression: 'create index orders_ws_created_idx on orders (workspace_id, created_at desc, id desc)',
})
@Index({
  name: 'orders_ws_customer_idx',
  expression:
    'create index orders_ws_customer_idx on orders (workspace_id, customer_id, created_at desc, id desc) where customer_id is not null',
})
@Index({ name: 'orders_ws_id_idx', properties: ['workspaceId', 'id'] })
export class Order extends WorkspaceScopedEntity {
  @Property({ type: new BigIntType('number') })
  number!: number;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: ['pos', 'online', 'b2b'], type: 'text' })
  channel!: OrderChannel;

  @Enum({ items: ['retailos', 'shopify', 'pos'], type: 'text', default: 'retailos' })
  source: OrderSource = 'retailos';

  @Property({ type: 'text', nullable: true })
  externalId: string | null = null;

  @Enum({ items: ['open', 'partially_returned', 'returned', 'cancelled'], type: 'text', default: 'open' })
  status: OrderStatus = 'open';

  @Property({ type: 'text', nullable: true })
  customerId: string | null = null;

  @Property({ type: 'text' })
  locationId!: string;

  @Property({ type: 'character', columnType: 'char(3)', length: 3 })
  currency!: string;

  @Property({ type: new BigIntType('number') })
  subtotal!: number;

  @Property({ type: new BigIntType('number') })
  total!: number;

  @Property({ type: new BigIntType('number'), default: 0 })
  refundedTotal = 0;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  cancelReason: string | null = null;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('ord', workspaceId, id);
  }
}
