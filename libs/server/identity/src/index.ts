export * from './identity.module';
export * from './identity.facade';
export * from './migrations';
