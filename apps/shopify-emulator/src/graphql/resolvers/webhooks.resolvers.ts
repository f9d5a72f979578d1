// Webhook subscriptions through the Admin API; validation messages follow the 2026-04 captures.
import type { WebhookSubscriptionRec } from '../../store/store.types';
import { connectionFromArray } from '../connection';
import { compileSearch } from '../search-query';
import type { Args, ResolverMap, UserError } from '../resolver-types';
import { count, gidId, userError } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { toGid } from '../../util/gid';
import { isoSeconds } from '../../util/time';
import { API_VERSION } from '../../webhooks/webhook-delivery.service';

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
    errors.push(userError(URI_FIELD, 'Address is not a valid GCP pub/sub format. Format should be pubsub://project:topic'));
  }
  return errors;
}

function validateFilter(filter: unknown): UserError[] {
  if (typeof filter !== 'string' || filter === '') return [];
  if (!/[A-Za-z_.]+:\S+/.test(filter)) {
    return [userError(['webhookSubscription'], 'The specified filter is invalid, please ensure you specify the field(s) you wish to filter on.')];
  }
  return [];
}

function ownSubscriptions(ctx: GraphQLContext): WebhookSubscriptionRec[] {
  return [...ctx.shop.webhookSubscriptions.values()].filter((s) => s.clientId === ctx.clientId && s.source === 'api');
}

function findOwn(ctx: GraphQLContext, id: unknown): WebhookSubscriptionRec | undefined {
  const n = gidId(id, 'WebhookSubscription');
  const sub = n === null ? undefined : ctx.shop.webhookSubscriptions.get(n);
  return sub && sub.clientId === ctx.clientId && sub.source === 'api' ? sub : undefined;
}

function uriOf(input: Args): unknown {
  return input['uri'] ?? input['callbackUrl'];
}

export const webhookResolvers: ResolverMap = {
  QueryRoot: {
    webhookSubscriptions: (_s, args, ctx) => {
      const search = compileSearch<WebhookSubscriptionRec>(args['query'] as string | null, {
        id: (s) => s.id,
        topic: (s) => s.topic,
        created_at: (s) => s.createdAt,
        updated_at: (s) => s.updatedAt,
      });
      const topics = args['topics'] as string[] | undefined;
      const uri = (args['uri'] ?? args['callbackUrl']) as string | undefined;
      const list = ownSubscriptions(ctx).filter(
        (s) =>
          (!search || search(s)) &&
          (!topics || topics.length === 0 || topics.includes(s.topic)) &&
          (!uri || s.uri === uri) &&
          (!args['format'] || s.format === args['format']),
      );
      return connectionFromArray(list, (s) => s.id, args, Boolean(ctx.bulkPage));
    },
    webhookSubscription: (_s, args, ctx) => findOwn(ctx, args['id']) ?? null,
    webhookSubscriptionsCount: (_s, args, ctx) => {
      const search = compileSearch<WebhookSubscriptionRec>(args['query'] as string | null, { id: (s) => s.id, topic: (s) => s.topic });
      return count(ownSubscriptions(ctx).filter((s) => !search || search(s)).length);
    },
  },
  WebhookSubscription: {
    endpoint: (s: WebhookSubscriptionRec) => ({ __typename: 'WebhookHttpEndpoint', callbackUrl: s.uri }),
    callbackUrl: (s: WebhookSubscriptionRec) => s.uri,
    apiVersion: () => ({ handle: API_VERSION, displayName: API_VERSION, supported: true }),
    metafields: () => [],
  },
  Mutation: {
    webhookSubscriptionCreate: (_s, args, ctx) => {
      const input = args['webhookSubscription'] as Args;
      const errors = [...validateUri(uriOf(input)), ...validateFilter(input['filter'])];
      const topic = String(args['topic']);
      if (errors.length === 0 && ownSubscriptions(ctx).some((s) => s.topic === topic && s.uri === uriOf(input))) {
        errors.push(userError(URI_FIELD, 'Address for this topic has already been taken'));
      }
      if (errors.length > 0) return { webhookSubscription: null, userErrors: errors };
      const now = isoSeconds();
      const sub: WebhookSubscriptionRec = {
        __typename: 'WebhookSubscription',
        id: ctx.shop.newId(),
        clientId: ctx.clientId,
        topic,
        uri: String(uriOf(input)),
        format: (input['format'] as 'JSON' | 'XML' | undefined) ?? 'JSON',
        includeFields: (input['includeFields'] as string[] | undefined) ?? [],
        metafieldNamespaces: (input['metafieldNamespaces'] as string[] | undefined) ?? [],
        filter: (input['filter'] as string | undefined) ?? null,
        name: (input['name'] as string | undefined) ?? null,
        source: 'api',
        consecutiveFailures: 0,
        createdAt: now,
        updatedAt: now,
      };
      ctx.shop.webhookSubscriptions.set(sub.id, sub);
      return { webhookSubscription: sub, userErrors: [] };
    },
    webhookSubscriptionUpdate: (_s, args, ctx) => {
      const sub = findOwn(ctx, args['id']);
      if (!sub) return { webhookSubscription: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] };
      const input = args['webhookSubscription'] as Args;
      const uri = uriOf(input);
      const errors = [...(uri !== undefined ? validateUri(uri) : []), ...validateFilter(input['filter'])];
      if (errors.length > 0) return { webhookSubscription: null, userErrors: errors };
      const before = JSON.stringify([sub.uri, sub.format, sub.includeFields, sub.metafieldNamespaces, sub.filter, sub.name]);
      if (uri !== undefined) sub.uri = String(uri);
      if (input['format'] !== undefined) sub.format = input['format'] as 'JSON' | 'XML';
      if (input['includeFields'] !== undefined) sub.includeFields = (input['includeFields'] as string[] | null) ?? [];
      if (input['metafieldNamespaces'] !== undefined) sub.metafieldNamespaces = (input['metafieldNamespaces'] as string[] | null) ?? [];
      if (input['filter'] !== undefined) sub.filter = (input['filter'] as string | null) ?? null;
      if (input['name'] !== undefined) sub.name = (input['name'] as string | null) ?? null;
      const after = JSON.stringify([sub.uri, sub.format, sub.includeFields, sub.metafieldNamespaces, sub.filter, sub.name]);
      if (before !== after) sub.updatedAt = isoSeconds();
      return { webhookSubscription: sub, userErrors: [] };
    },
    webhookSubscriptionDelete: (_s, args, ctx) => {
      const sub = findOwn(ctx, args['id']);
      if (!sub) return { deletedWebhookSubscriptionId: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] };
      ctx.shop.webhookSubscriptions.delete(sub.id);
      return { deletedWebhookSubscriptionId: toGid('WebhookSubscription', sub.id), userErrors: [] };
    },
  },
};
