import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000700Webhooks } from './20261123000700-webhooks';
import { Migration20261123000701WebhookFanouts } from './20261123000701-webhook-fanouts';
import { Migration20261123000702WebhookEvents } from './20261123000702-webhook-events';
import { Migration20261129000703WebhookRetention } from './20261129000703-webhook-retention';

export const webhooksMigrations: MigrationObject[] = [
  { name: 'Migration20261123000700Webhooks', class: Migration20261123000700Webhooks },
  { name: 'Migration20261123000701WebhookFanouts', class: Migration20261123000701WebhookFanouts },
  { name: 'Migration20261123000702WebhookEvents', class: Migration20261123000702WebhookEvents },
  { name: 'Migration20261129000703WebhookRetention', class: Migration20261129000703WebhookRetention },
];
