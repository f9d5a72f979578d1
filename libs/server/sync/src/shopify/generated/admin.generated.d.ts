/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type SyncBulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type SyncBulkOperationRunQueryMutation = { bulkOperationRunQuery?: AdminTypes.Maybe<{ bulkOperation?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type SyncBulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type SyncBulkOperationStatusQuery = { node?: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'rootObjectCount' | 'url' | 'partialDataUrl'>> };

export type SyncShopInfoQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type SyncShopInfoQuery = { shop: Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain' | 'currencyCode'> };

export type SyncWebhookSubscriptionsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncWebhookSubscriptionsQuery = { webhookSubscriptions: { edges: Array<{ node: Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'> }>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type SyncWebhookSubscriptionCreateMutationVariables = AdminTypes.Exact<{
  topic: AdminTypes.WebhookSubscriptionTopic;
  uri: AdminTypes.Scalars['String']['input'];
}>;


export type SyncWebhookSubscriptionCreateMutation = { webhookSubscriptionCreate?: AdminTypes.Maybe<{ webhookSubscription?: AdminTypes.Maybe<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type SyncLocationsPageQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SyncLocationsPageQuery = { locations: { edges: Array<{ node: Pick<AdminTypes.Location, 'id' | 'name' | 'isActive'> }>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

interface GeneratedQueryTypes {
  "#graphql\n  query SyncBulkOperationStatus($id: ID!) {\n    node(id: $id) {\n      ... on BulkOperation {\n        id\n        status\n        errorCode\n        objectCount\n        rootObjectCount\n        url\n        partialDataUrl\n      }\n    }\n  }\n": {return: SyncBulkOperationStatusQuery, variables: SyncBulkOperationStatusQueryVariables},
  "#graphql\n  query SyncShopInfo {\n    shop {\n      id\n      name\n      myshopifyDomain\n      currencyCode\n    }\n  }\n": {return: SyncShopInfoQuery, variables: SyncShopInfoQueryVariables},
  "#graphql\n  query SyncWebhookSubscriptions($first: Int!, $after: String) {\n    webhookSubscriptions(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          topic\n          uri\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: SyncWebhookSubscriptionsQuery, variables: SyncWebhookSubscriptionsQueryVariables},
  "#graphql\n  query SyncLocationsPage($first: Int!, $after: String) {\n    locations(first: $first, after: $after, includeInactive: true) {\n      edges {\n        node {\n          id\n          name\n          isActive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: SyncLocationsPageQuery, variables: SyncLocationsPageQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation SyncBulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        field\n        message\n        code\n      }\n    }\n  }\n": {return: SyncBulkOperationRunQueryMutation, variables: SyncBulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation SyncWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {\n    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {\n      webhookSubscription {\n        id\n        topic\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: SyncWebhookSubscriptionCreateMutation, variables: SyncWebhookSubscriptionCreateMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
