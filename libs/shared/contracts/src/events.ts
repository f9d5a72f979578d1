/** Domain event topics, `<entity>.<past-verb>`. */
export const DOMAIN_EVENT_TOPICS = [
  'product.created',
  'product.updated',
  'product.deleted',
  'inventory.level.updated',
  'order.created',
  'order.updated',
  'order.cancelled',
  'order.returned',
  'customer.created',
  'customer.updated',
  'webhook.test',
  'webhook.subscription.disabled',
] as const;

export type DomainEventTopic = (typeof DOMAIN_EVENT_TOPICS)[number] | `sync.${string}`;

/** The envelope every consumer (webhooks, sockets) sees. */
export interface EventEnvelope<T = Record<string, unknown>> {
  id: string;
  topic: DomainEventTopic;
  workspaceId: string;
  occurredAt: string;
  data: T;
}
