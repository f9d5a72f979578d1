export * from './shop.operations';
