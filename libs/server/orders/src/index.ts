export * from './orders.module';
export * from './services/orders-facade.service';
export * from './migrations';
export { ordersEntities } from './entities';
