import { BigIntType, Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { WorkspaceOwned } from '@retailos/server/database';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';

@Entity({ tableName: 'order_returns' })
@WorkspaceOwned()
@Index({ name: 'order_returns_order_idx', properties: ['orderId', 'createdAt'] })
export class OrderReturn {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  workspaceId!: string;

  @ManyToOne(() => Order, { mapToPk: true, fieldName: 'order_id', deleteRule: 'cascade', updateRule: 'no action', columnType: 'text' })
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
@WorkspaceOwned()
@Index({ name: 'order_return_lines_return_idx', properties: ['returnId'] })
@Check({ name: 'order_return_lines_quantity_check', expression: 'quantity > 0' })
export class OrderReturnLine {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  workspaceId!: string;

  @ManyToOne(() => OrderReturn, { mapToPk: true, fieldName: 'return_id', deleteRule: 'cascade', updateRule: 'no action', columnType: 'text' })
  returnId!: string;

  @ManyToOne(() => OrderLine, { mapToPk: true, fieldName: 'order_line_id', deleteRule: 'cascade', updateRule: 'no action', columnType: 'text' })
  orderLineId!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  amount!: number;
}
