export { WebhooksModule, WebhooksWorkerModule } from './webhooks.module';
export { webhooksMigrations } from './migrations';
