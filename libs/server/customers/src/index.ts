export * from './customers.module';
export * from './services/customers-facade.service';
export * from './migrations';
export { customersEntities } from './entities';
