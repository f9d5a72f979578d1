export { SyncModule, SyncWorkerModule } from './sync.module';
export { syncMigrations } from './migrations';
// The Admin API client on its own (benchmarks, the demo seeding script, the client's e2e suite).
export {
  ShopifyGraphql,
  ShopifyBudget,
  ShopifySettings,
  ShopifyApiError,
  ShopifyUnauthorizedError,
  SHOPIFY_API_VERSION,
} from './shopify';
export * as ShopifyOperations from './shopify/operations';
export { SYNC_ENTITIES as syncEntities } from './entities';
// The Shopify order -> our order mapping, for the bulk import.
export {
  orderFactsFromWebhook,
  toOrderInput,
  type ShopifyOrderFacts,
  type ShopifyOrderLineFacts,
  type ResolvedOrderRefs,
} from './services/inbound-orders.service';
