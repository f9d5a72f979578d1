import type { EntityManager } from '@mikro-orm/postgresql';
import { positional, queryPrepared } from '@retailos/server/core';

// Benchmark: tools/bench/shopify-webhook-ingest.bench.ts — the ORM path (connection findOne + em.insert + duplicate
// lookup, three round trips) ran at 0.09 of a bare Fastify route; this one prepared statement is the whole ingest write.
const INGEST = positional(
  `with c as (select workspace_id, shop_domain from shopify_connections where shop_domain = ? and status = 'active'),
   ins as (
     insert into shopify_webhooks (id, workspace_id, shop_domain, webhook_id, event_id, topic, triggered_at, body)
     select ?, c.workspace_id, c.shop_domain, ?, ?, ?, ?::timestamptz, ? from c
     on conflict (shop_domain, webhook_id) do nothing
     returning id
   )
   select c.workspace_id,
          coalesce((select id from ins), (select w.id from shopify_webhooks w where w.shop_domain = c.shop_domain and w.webhook_id = ?)) as id,
          not exists (select 1 from ins) as duplicate
     from c`,
  ['', '', '', '', '', null, '', ''],
  { prepare: true },
);

export interface IngestRow {
  workspace_id: string;
  /** Null only for a duplicate whose first copy is still being inserted by a concurrent request. */
  id: string | null;
  duplicate: boolean;
}

/**
 * Stores a verified delivery once, for the shop's active connection, in one round trip. No row: the shop has no
 * active connection. The workspace comes from the connection (scoped by the shop, which is unique among active ones).
 */
export async function ingestWebhook(
  em: EntityManager,
  input: { id: string; shopDomain: string; webhookId: string; eventId: string | null; topic: string; triggeredAt: Date | null; body: string },
): Promise<IngestRow | null> {
  const rows = await queryPrepared<IngestRow>(em, {
    ...INGEST,
    values: [input.shopDomain, input.id, input.webhookId, input.eventId, input.topic, input.triggeredAt ? input.triggeredAt.toISOString() : null, input.body, input.webhookId],
  });
  return rows[0] ?? null;
}
