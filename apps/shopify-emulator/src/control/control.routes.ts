// Control API for tests, benchmarks and the demo: one file per resource (apps, shops, throttle and
// faults, config-level webhook subscriptions and the delivery log, state reads, merchant actions).
// Bodies are validated field by field (control-body.ts); errors are problem+json naming the field.
// Documented in README.md.
import type { FastifyInstance } from 'fastify';
import type { Emulator } from '../emulator';
import { sendJson } from './control-util';
import { registerAppRoutes } from './apps.routes';
import { registerShopRoutes } from './shops.routes';
import { registerShopSettingsRoutes } from './shop-settings.routes';
import { registerWebhookRoutes } from './webhooks.routes';
import { registerStateRoutes } from './state.routes';
import { registerMerchantRoutes } from './merchant.routes';

export function registerControlRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.get('/_emulator/health', async (_req, reply) => sendJson(reply, 200, { ok: true, shops: emulator.shops.size }));
  registerAppRoutes(app, emulator);
  registerShopRoutes(app, emulator);
  registerShopSettingsRoutes(app, emulator);
  registerWebhookRoutes(app, emulator);
  registerStateRoutes(app, emulator);
  registerMerchantRoutes(app, emulator);
}
