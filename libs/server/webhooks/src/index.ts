export { WebhooksModule, WebhooksWorkerModule } from './webhooks.module';
export { webhooksMigrations } from './migrations';
// The send path on its own, for the throughput benchmark's sender-only baseline.
export { WebhookHttpClient } from './services/webhook-http-client';
export { generateSigningSecret, signDelivery } from './services/webhook-signature';
export { webhooksEntities } from './entities';
