'use client';
import type {
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecret,
} from '@retailos/shared/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client';
import { useDetailQuery, usePagedQuery } from './paged';
import { queryKeys } from './query-keys';
import { useWorkspaceId } from './session';

export function useWebhookSubscriptions() {
  return usePagedQuery<WebhookSubscriptionView>(queryKeys.webhooks.subscriptions, '/webhooks/subscriptions', {
    limit: 25,
  });
}

export function useWebhookSubscription(id: string) {
  return useDetailQuery<WebhookSubscriptionView>(queryKeys.webhooks.subscription, '/webhooks/subscriptions', id);
}

/**
 * The delivery log. Delivery progress has no live event, so while anything shown is still on its way the log polls
 * (every 1.5 s), and so it does until `followUntil` (epoch ms) after the user sent something (a test event, a
 * replay) whose delivery may not exist yet; it stops once everything shown is final.
 */
export function useWebhookDeliveries(
  filters: { subscriptionId?: string; status?: WebhookDeliveryStatus | ''; limit?: number },
  followUntil = 0,
) {
  return usePagedQuery<WebhookDeliveryView>(
    queryKeys.webhooks.deliveries,
    '/webhooks/deliveries',
    { limit: 25, ...filters },
    {
      refetchInterval: (page) =>
        Date.now() < followUntil ||
        page?.data.some((d) => d.status === 'pending' || d.status === 'sending' || d.status === 'failed')
          ? 1500
          : false,
    },
  );
}

function useWebhookMutation<I, O>(fn: (input: I) => Promise<O>) {
  const ws = useWorkspaceId();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.webhooks.all(ws) }),
  });
}

export function useCreateWebhookSubscription() {
  return useWebhookMutation((input: { url: string; topics: string[]; description?: string }) =>
    apiRequest<WebhookSubscriptionWithSecret>('/webhooks/subscribe', { method: 'POST', body: input }),
  );
}

export function useSendTestEvent() {
  return useWebhookMutation((id: string) =>
    apiRequest<{ eventId: string }>(`/webhooks/subscriptions/${encodeURIComponent(id)}/test`, { method: 'POST' }),
  );
}

export function useRotateWebhookSecret() {
  return useWebhookMutation((id: string) =>
    apiRequest<WebhookSubscriptionWithSecret>(`/webhooks/subscriptions/${encodeURIComponent(id)}/rotate-secret`, {
      method: 'POST',
    }),
  );
}

export function useEnableWebhookSubscription() {
  return useWebhookMutation((id: string) =>
    apiRequest<WebhookSubscriptionView>(`/webhooks/subscriptions/${encodeURIComponent(id)}/enable`, { method: 'POST' }),
  );
}

export function useDeleteWebhookSubscription() {
  return useWebhookMutation((id: string) =>
    apiRequest<void>(`/webhooks/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  );
}

export function useReplayDelivery() {
  return useWebhookMutation((id: string) =>
    apiRequest<WebhookDeliveryView>(`/webhooks/deliveries/${encodeURIComponent(id)}/replay`, { method: 'POST' }),
  );
}

/** Replays every dead letter of a subscription created at or after `since`. */
export function useReplayAllDead() {
  return useWebhookMutation((input: { subscriptionId: string; since: string }) =>
    apiRequest<{ replayed: number }>(`/webhooks/subscriptions/${encodeURIComponent(input.subscriptionId)}/replay`, {
      method: 'POST',
      query: { since: input.since },
    }),
  );
}
