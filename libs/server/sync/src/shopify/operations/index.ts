export * from './shop.operations';
export * from './bulk.operations';
