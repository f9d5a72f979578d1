// Raw SQL justified by tools/bench/order-throughput.bench.ts and flash-sale.bench.ts: the outbox insert is a CTE of the placement batch and of every stock change.
import type { DomainEventTopic } from '@retailos/shared/contracts';

export const OUTBOX_CHANNEL = 'retailos_outbox';

/**
 * The one outbox insert (id, workspace, topic, payload; occurred_at and txid are the table's defaults), in `select`
 * form so a CTE of the order/stock batch can feed it. Binds `?` id and `?` workspace, then whatever payloadSql binds.
 * The topic comes from code (a DomainEventTopic), never from a request.
 */
export function outboxInsert(topic: DomainEventTopic, payloadSql: string, from?: string): string {
  if (!/^[a-z_.]+$/.test(topic)) throw new TypeError(`not a topic: ${topic}`);
  return `insert into outbox (id, workspace_id, topic, payload) select ?, ?, '${topic}', ${payloadSql}${from ? ` from ${from}` : ''}`;
}

/** Wakes the relay at commit (LISTEN/NOTIFY; one per transaction is enough). */
export const OUTBOX_NOTIFY = `select pg_notify('${OUTBOX_CHANNEL}', '')`;
