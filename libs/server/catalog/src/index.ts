export * from './catalog.module';
export * from './migrations';
export { catalogEntities } from './entities';
