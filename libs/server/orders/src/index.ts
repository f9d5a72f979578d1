export * from './orders.module';
export * from './migrations';
export { ordersEntities } from './entities';
