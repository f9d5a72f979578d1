// Webhook subscriptions: the only place that creates, updates, deletes or lists them. 'api' ones
// come from the Admin API (validation messages follow the 2026-04 captures), 'config' ones stand for
// the app's TOML (control API) and are never removed by failures or by another app.
import type { ShopState } from './shop-state';
import type { WebhookSubscriptionRec } from './store.types';
import type { UserError } from './user-error';
import { userError } from './user-error';
import { topicToEnum } from '../webhooks/webhook-topics';
import { isoSeconds } from '../util/time';

const URI_FIELD = ['webhookSubscription', 'callbackUrl'];

/** Plain http is accepted for local receivers only (tests, demo); Shopify itself demands https. */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h) || /^[a-z0-9-]+$/i.test(h);
}

export function validateUri(uri: unknown): UserError[] {
  if (typeof uri !== 'string' || !uri.trim()) return [userError(URI_FIELD, "Address can't be blank")];
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri);
  if (!m || !m[1]) return [userError(URI_FIELD, 'Address is invalid')];
  const scheme = m[1].toLowerCase();
  if (scheme === 'https') return [];
  if (scheme === 'http') {
    try {
      if (isLocalHost(new URL(uri).hostname)) return [];
    } catch {
      return [userError(URI_FIELD, 'Address is invalid')];
    }
    return [userError(URI_FIELD, 'Address protocol http:// is not supported')];
  }
  const errors = [userError(URI_FIELD, `Address protocol ${scheme}:// is not supported`)];
  if (scheme === 'pubsub' && !/^pubsub:\/\/[^:]+:[^:]+$/.test(uri)) {
    errors.push(
      userError(URI_FIELD, 'Address is not a valid GCP pub/sub format. Format should be pubsub://project:topic'),
    );
  }
  return errors;
}

function validateFilter(filter: unknown): UserError[] {
  if (typeof filter !== 'string' || filter === '') return [];
  if (!/[A-Za-z_.]+:\S+/.test(filter)) {
    return [
      userError(
        ['webhookSubscription'],
        'The specified filter is invalid, please ensure you specify the field(s) you wish to filter on.',
      ),
    ];
  }
  return [];
}

/** Every subscription of the shop, or only one app's of one source. */
export function listSubscriptions(
  shop: ShopState,
  of?: { clientId: string; source: WebhookSubscriptionRec['source'] },
): WebhookSubscriptionRec[] {
  const all = [...shop.webhookSubscriptions.values()];
  return of ? all.filter((s) => s.clientId === of.clientId && s.source === of.source) : all;
}

export function getSubscription(shop: ShopState, id: bigint): WebhookSubscriptionRec | undefined {
  return shop.webhookSubscriptions.get(id);
}

/** A subscription the app made through the Admin API (other apps' and config ones are invisible there). */
export function findApiSubscription(
  shop: ShopState,
  clientId: string,
  id: bigint | null,
): WebhookSubscriptionRec | undefined {
  const sub = id === null ? undefined : getSubscription(shop, id);
  return sub && sub.clientId === clientId && sub.source === 'api' ? sub : undefined;
}

/** Input of webhookSubscriptionCreate/Update (`callbackUrl` is the pre-2025 name of `uri`). */
export interface SubscriptionInput {
  uri?: unknown;
  format?: 'JSON' | 'XML';
  includeFields?: string[] | null;
  metafieldNamespaces?: string[] | null;
  filter?: string | null;
  name?: string | null;
}

type Outcome =
  { subscription: WebhookSubscriptionRec; userErrors: [] } | { subscription: null; userErrors: UserError[] };

function insert(
  shop: ShopState,
  fields: Omit<WebhookSubscriptionRec, '__typename' | 'id' | 'consecutiveFailures' | 'createdAt' | 'updatedAt'>,
): WebhookSubscriptionRec {
  const now = isoSeconds();
  const sub: WebhookSubscriptionRec = {
    __typename: 'WebhookSubscription',
    id: shop.newId(),
    ...fields,
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
  };
  shop.webhookSubscriptions.set(sub.id, sub);
  return sub;
}

export function createApiSubscription(
  shop: ShopState,
  clientId: string,
  topic: string,
  input: SubscriptionInput,
): Outcome {
  const errors = [...validateUri(input.uri), ...validateFilter(input.filter)];
  if (
    errors.length === 0 &&
    listSubscriptions(shop, { clientId, source: 'api' }).some((s) => s.topic === topic && s.uri === input.uri)
  ) {
    errors.push(userError(URI_FIELD, 'Address for this topic has already been taken'));
  }
  if (errors.length > 0) return { subscription: null, userErrors: errors };
  const subscription = insert(shop, {
    clientId,
    topic,
    uri: String(input.uri),
    format: input.format ?? 'JSON',
    includeFields: input.includeFields ?? [],
    metafieldNamespaces: input.metafieldNamespaces ?? [],
    filter: input.filter ?? null,
    name: input.name ?? null,
    source: 'api',
  });
  return { subscription, userErrors: [] };
}

/** Applies the fields present in input; updatedAt moves only when something changed. */
export function updateSubscription(sub: WebhookSubscriptionRec, input: SubscriptionInput): Outcome {
  const errors = [...(input.uri !== undefined ? validateUri(input.uri) : []), ...validateFilter(input.filter)];
  if (errors.length > 0) return { subscription: null, userErrors: errors };
  const before = JSON.stringify([
    sub.uri,
    sub.format,
    sub.includeFields,
    sub.metafieldNamespaces,
    sub.filter,
    sub.name,
  ]);
  if (input.uri !== undefined) sub.uri = String(input.uri);
  if (input.format !== undefined) sub.format = input.format;
  if (input.includeFields !== undefined) sub.includeFields = input.includeFields ?? [];
  if (input.metafieldNamespaces !== undefined) sub.metafieldNamespaces = input.metafieldNamespaces ?? [];
  if (input.filter !== undefined) sub.filter = input.filter ?? null;
  if (input.name !== undefined) sub.name = input.name ?? null;
  const after = JSON.stringify([sub.uri, sub.format, sub.includeFields, sub.metafieldNamespaces, sub.filter, sub.name]);
  if (before !== after) sub.updatedAt = isoSeconds();
  return { subscription: sub, userErrors: [] };
}

export function deleteSubscription(shop: ShopState, sub: WebhookSubscriptionRec): void {
  shop.webhookSubscriptions.delete(sub.id);
}

/**
 * Subscriptions declared in app config (like shopify.app.toml), one per topic: never auto-deleted.
 * Topics may be given as `products/update` or `PRODUCTS_UPDATE`.
 */
export function addConfigSubscriptions(
  shop: ShopState,
  clientId: string,
  topics: readonly string[],
  uri: string,
  includeFields: string[] = [],
): WebhookSubscriptionRec[] {
  return topics.map((topic) =>
    insert(shop, {
      clientId,
      topic: topicToEnum(topic),
      uri,
      format: 'JSON',
      includeFields,
      metafieldNamespaces: [],
      filter: null,
      name: null,
      source: 'config',
    }),
  );
}

/** On uninstall the app's subscriptions go, except app/uninstalled itself (sent just before). */
export function removeAppSubscriptions(shop: ShopState, clientId: string): void {
  for (const [id, sub] of shop.webhookSubscriptions)
    if (sub.clientId === clientId && sub.topic !== 'APP_UNINSTALLED') shop.webhookSubscriptions.delete(id);
}

/** After the last retry failed: an API subscription is removed (true), a config one stays (false). */
export function removeAfterFailures(shop: ShopState, sub: WebhookSubscriptionRec): boolean {
  if (sub.source !== 'api' || shop.webhookSubscriptions.get(sub.id) !== sub) return false;
  shop.webhookSubscriptions.delete(sub.id);
  return true;
}
