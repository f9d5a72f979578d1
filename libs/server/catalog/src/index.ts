export * from './catalog.module';
export * from './services/catalog-facade.service';
export * from './migrations';
export { catalogEntities } from './entities';
