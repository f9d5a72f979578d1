// Webhook subscriptions through the Admin API; the rules live in store/webhook-subscriptions.domain.ts.
import type { WebhookSubscriptionRec } from '../../store/store.types';
import type { SubscriptionInput } from '../../store/webhook-subscriptions.domain';
import {
  createApiSubscription,
  deleteSubscription,
  findApiSubscription,
  listSubscriptions,
  updateSubscription,
} from '../../store/webhook-subscriptions.domain';
import { connectionFromArray } from '../connection';
import { compileSearch } from '../search-query';
import type { Args, ResolverMap } from '../resolver-types';
import { count, gidId, userError } from '../resolver-types';
import type { GraphQLContext } from '../graphql-context';
import { toGid } from '../../util/gid';
import { API_VERSION } from '../../webhooks/webhook-delivery.service';

function ownSubscriptions(ctx: GraphQLContext): WebhookSubscriptionRec[] {
  return listSubscriptions(ctx.shop, { clientId: ctx.clientId, source: 'api' });
}

function findOwn(ctx: GraphQLContext, id: unknown): WebhookSubscriptionRec | undefined {
  return findApiSubscription(ctx.shop, ctx.clientId, gidId(id, 'WebhookSubscription'));
}

function subscriptionInput(input: Args): SubscriptionInput {
  return { ...(input as SubscriptionInput), uri: input['uri'] ?? input['callbackUrl'] };
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
      const search = compileSearch<WebhookSubscriptionRec>(args['query'] as string | null, {
        id: (s) => s.id,
        topic: (s) => s.topic,
      });
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
      const out = createApiSubscription(
        ctx.shop,
        ctx.clientId,
        String(args['topic']),
        subscriptionInput(args['webhookSubscription'] as Args),
      );
      return { webhookSubscription: out.subscription, userErrors: out.userErrors };
    },
    webhookSubscriptionUpdate: (_s, args, ctx) => {
      const sub = findOwn(ctx, args['id']);
      if (!sub)
        return { webhookSubscription: null, userErrors: [userError(['id'], 'Webhook subscription does not exist')] };
      const out = updateSubscription(sub, subscriptionInput(args['webhookSubscription'] as Args));
      return { webhookSubscription: out.subscription, userErrors: out.userErrors };
    },
    webhookSubscriptionDelete: (_s, args, ctx) => {
      const sub = findOwn(ctx, args['id']);
      if (!sub)
        return {
          deletedWebhookSubscriptionId: null,
          userErrors: [userError(['id'], 'Webhook subscription does not exist')],
        };
      deleteSubscription(ctx.shop, sub);
      return { deletedWebhookSubscriptionId: toGid('WebhookSubscription', sub.id), userErrors: [] };
    },
  },
};
