export * from './inventory.module';
export * from './migrations';
export { inventoryEntities } from './entities';
