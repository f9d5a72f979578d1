export * from './customers.module';
export * from './migrations';
export { customersEntities } from './entities';
