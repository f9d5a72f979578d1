import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxService } from '@retailos/server/outbox';

/**
 * Disables an active subscription in the caller's transaction: its open deliveries are dead-lettered (replayable
 * once it is enabled again) and `webhook.subscription.disabled` is raised. No-op when it is already disabled.
 */
export async function disableSubscription(
  tem: EntityManager,
  outbox: OutboxService,
  workspaceId: string,
  subscriptionId: string,
  reason: string,
): Promise<boolean> {
  const rows = (await tem.execute(
    `update webhook_subscriptions set status = 'disabled', disabled_reason = ?, disabled_at = now(), updated_at = now()
      where id = ? and workspace_id = ? and status = 'active' returning id, url`,
    [reason, subscriptionId, workspaceId],
  )) as { id: string; url: string }[];
  const row = rows[0];
  if (!row) return false;
  await tem.execute(
    `update webhook_deliveries set status = 'dead', lease_until = null, last_error = coalesce(last_error, 'subscription_disabled'), updated_at = now()
      where subscription_id = ? and workspace_id = ? and status in ('pending', 'failed')`,
    [subscriptionId, workspaceId],
  );
  await outbox.append(tem, workspaceId, 'webhook.subscription.disabled', { subscriptionId, url: row.url, reason });
  return true;
}
