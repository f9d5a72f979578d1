import { BigIntType, Check, Entity, Index, Property } from '@mikro-orm/core';
import { ParentKey, WorkspaceRow } from '@retailos/server/database';
import { Order } from './order.entity';

@Entity({ tableName: 'order_lines' })
@Index({ name: 'order_lines_order_idx', properties: ['orderId', 'position'] })
@Check({ name: 'order_lines_quantity_check', expression: 'quantity > 0' })
@Check({ name: 'order_lines_unit_price_check', expression: 'unit_price >= 0' })
@Check({ name: 'order_lines_returned_le_sold', expression: 'returned_quantity >= 0 and returned_quantity <= quantity' })
export class OrderLine extends WorkspaceRow {
  @ParentKey(() => Order, 'order_id')
  orderId!: string;

  /** The catalog's variant (cross-context key). */
  @Property({ type: 'text' })
  variantId!: string;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  unitPrice!: number;

  @Property({ type: new BigIntType('number') })
  total!: number;

  @Property({ type: 'integer', default: 0 })
  returnedQuantity = 0;

  @Property({ type: 'integer' })
  position!: number;
}
