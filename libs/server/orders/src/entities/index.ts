import { OrderLine } from './order-line.entity';
import { OrderReturn, OrderReturnLine } from './order-return.entity';
import { Order } from './order.entity';

export { Order, OrderLine, OrderReturn, OrderReturnLine };
export type { OrderChannel, OrderSource, OrderStatus } from './order.entity';
export const ordersEntities = [Order, OrderLine, OrderReturn, OrderReturnLine];
