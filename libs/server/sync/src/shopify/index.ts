export * from './shopify-settings';
export * from './shopify-budget';
export * from './shopify-errors';
export * from './shopify-graphql.service';
