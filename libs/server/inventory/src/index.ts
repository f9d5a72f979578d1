export * from './inventory.module';
export * from './services/inventory-facade.service';
export * from './migrations';
export { inventoryEntities } from './entities';
