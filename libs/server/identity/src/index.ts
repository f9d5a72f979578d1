export * from './identity.module';
export * from './migrations';
export { identityEntities } from './entities';
