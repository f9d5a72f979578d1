/** Queue names. One BullMQ queue per concern so a slow consumer never blocks another. */
export const QUEUES = {
  webhooks: 'webhooks',
  realtime: 'realtime',
  /** Outbound HTTP to subscribers: its own queue so slow receivers never hold up event fan-out. */
  webhookDeliveries: 'webhook-deliveries',
  outbox: 'outbox',
  /** Shopify sync: applying inbound webhooks and connection setup (short jobs). */
  sync: 'sync',
  /** Shopify initial imports (long jobs): their own queue so one shop's import never holds up any shop's webhook apply. */
  syncImport: 'sync-import',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Job name -> payload. Payloads carry ids and the workspace only (BullMQ stores job data in clear text in Redis):
 * never whole records, never secrets.
 */
export interface JobPayloads {
  /** One domain event handed to one consumer; the consumer loads the event row by id. */
  'webhooks.fanout': { eventId: string; workspaceId: string };
  'realtime.broadcast': { eventId: string; workspaceId: string };
  'webhooks.deliver': { deliveryId: string; workspaceId: string };
  /** Deletes published outbox rows past their retention (scheduled; any worker copy may run it). */
  'outbox.prune': Record<string, never>;
  /** Deletes finished webhook deliveries (and unreferenced envelopes, fan-out markers) past WEBHOOK_RETENTION. */
  'webhooks.prune': Record<string, never>;
  /** After OAuth: register the webhook subscriptions and map the shop's locations (the token is read from the row). */
  'sync.connection.setup': { workspaceId: string; connectionId: string };
  /** Applies one verified Shopify delivery from the inbox (by inbox row id). */
  'sync.webhook.apply': { workspaceId: string; inboxId: string };
  /** Runs (or resumes from its checkpoint) one initial import of a connected shop. */
  'sync.import.run': { workspaceId: string; importId: string };
}
export type JobName = keyof JobPayloads;

/** Which queue each job runs on. A job listed here without a handler stops the worker at boot. */
export const JOB_QUEUES: { readonly [K in JobName]: QueueName } = {
  'webhooks.fanout': QUEUES.webhooks,
  'realtime.broadcast': QUEUES.realtime,
  'webhooks.deliver': QUEUES.webhookDeliveries,
  'outbox.prune': QUEUES.outbox,
  'webhooks.prune': QUEUES.webhooks,
  'sync.connection.setup': QUEUES.sync,
  'sync.webhook.apply': QUEUES.sync,
  'sync.import.run': QUEUES.syncImport,
};

/** Jobs the outbox relay enqueues for every committed domain event. */
export const EVENT_CONSUMER_JOBS = ['webhooks.fanout', 'realtime.broadcast'] as const satisfies readonly JobName[];
