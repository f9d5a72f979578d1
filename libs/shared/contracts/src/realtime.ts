import type { ApiScope } from './auth';

/** The Socket.IO event name every domain event envelope is emitted under on `/ws`. */
export const REALTIME_EVENT = 'event';

/**
 * Redis pub/sub channel (under the REDIS_PREFIX, e.g. `retailos:identity.api-key.revoked`) on which identity
 * announces a revoked API key as JSON `ApiKeyRevokedMessage`; the realtime gateway disconnects its sockets at once.
 * Sockets are also re-authenticated periodically, so a missed message only delays the disconnect.
 */
export const API_KEY_REVOKED_CHANNEL = 'identity.api-key.revoked';
export interface ApiKeyRevokedMessage {
  apiKeyId: string;
  workspaceId: string;
}

/** The scope a reader needs to see a topic (live channel and event listings). */
export function readScopeForTopic(topic: string): ApiScope | null {
  const entity = topic.split('.')[0];
  switch (entity) {
    case 'order':
      return 'orders:read';
    case 'inventory':
      return 'inventory:read';
    case 'product':
      return 'products:read';
    case 'customer':
      return 'customers:read';
    case 'sync':
      return 'sync:read';
    case 'webhook':
      return 'webhooks:read';
    default:
      return null;
  }
}
