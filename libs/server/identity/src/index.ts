export * from './identity.module';
export * from './identity.facade';
export * from './migrations';
export { identityEntities } from './entities';
