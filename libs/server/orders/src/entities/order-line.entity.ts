import { BigIntType, Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { WorkspaceOwned } from '@retailos/server/database';
import { Order } from './order.entity';

@Entity({ tableName: 'order_lines' })
@WorkspaceOwned()
@Index({ name: 'order_lines_order_idx', properties: ['orderId', 'position'] })
@Check({ name: 'order_lines_quantity_check', expression: 'quantity > 0' })
@Check({ name: 'order_lines_unit_price_check', expression: 'unit_price >= 0' })
@Check({ name: 'order_lines_returned_le_sold', expression: 'returned_quantity >= 0 and returned_quantity <= quantity' })
export class OrderLine {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  workspaceId!: string;

  @ManyToOne(() => Order, { mapToPk: true, fieldName: 'order_id', deleteRule: 'cascade', updateRule: 'no action', columnType: 'text' })
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
