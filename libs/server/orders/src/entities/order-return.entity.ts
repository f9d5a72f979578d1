import { BigIntType, Check, Entity, Index, Property } from '@mikro-orm/core';
import { ParentKey, WorkspaceRow } from '@retailos/server/database';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';

@Entity({ tableName: 'order_returns' })
@Index({ name: 'order_returns_order_idx', properties: ['orderId', 'createdAt'] })
export class OrderReturn extends WorkspaceRow {
  @ParentKey(() => Order, 'order_id')
  orderId!: string;

  @Property({ type: 'text' })
  locationId!: string;

  @Property({ type: 'text', nullable: true })
  reason: string | null = null;

  @Property({ type: new BigIntType('number') })
  refundAmount!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'order_return_lines' })
@Index({ name: 'order_return_lines_return_idx', properties: ['returnId'] })
@Check({ name: 'order_return_lines_quantity_check', expression: 'quantity > 0' })
export class OrderReturnLine extends WorkspaceRow {
  @ParentKey(() => OrderReturn, 'return_id')
  returnId!: string;

  @ParentKey(() => OrderLine, 'order_line_id')
  orderLineId!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  amount!: number;
}
