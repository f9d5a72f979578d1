/** Admin GraphQL documents about the shop itself. Every document here is validated against the schema by a spec. */

export const SHOP_INFO = `#graphql
  query SyncShopInfo {
    shop {
      id
      name
      myshopifyDomain
      currencyCode
    }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = `#graphql
  query SyncWebhookSubscriptions($first: Int!, $after: String) {
    webhookSubscriptions(first: $first, after: $after) {
      edges {
        node {
          id
          topic
          uri
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `#graphql
  mutation SyncWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
      webhookSubscription {
        id
        topic
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const LOCATIONS_PAGE = `#graphql
  query SyncLocationsPage($first: Int!, $after: String) {
    locations(first: $first, after: $after, includeInactive: true) {
      edges {
        node {
          id
          name
          isActive
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
