import { idempotencyEntities } from '@retailos/server/core';
import { catalogEntities } from '@retailos/server/catalog';
import { customersEntities } from '@retailos/server/customers';
import { identityEntities } from '@retailos/server/identity';
import { inventoryEntities } from '@retailos/server/inventory';
import { ordersEntities } from '@retailos/server/orders';
import { outboxEntities } from '@retailos/server/outbox';
import { syncEntities } from '@retailos/server/sync';
import { webhooksEntities } from '@retailos/server/webhooks';

/** Every context's entities (contexts own their files; this only lists them, as ALL_MIGRATIONS does). */
export const ALL_ENTITIES = [
  ...outboxEntities,
  ...identityEntities,
  ...catalogEntities,
  ...inventoryEntities,
  ...customersEntities,
  ...ordersEntities,
  ...idempotencyEntities,
  ...webhooksEntities,
  ...syncEntities,
];
