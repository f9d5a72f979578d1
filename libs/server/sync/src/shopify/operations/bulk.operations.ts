/** Bulk operations (the initial import). The bulk queries themselves are in import/bulk-queries.ts. */

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation SyncBulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_STATUS = `#graphql
  query SyncBulkOperationStatus($id: ID!) {
    node(id: $id) {
      ... on BulkOperation {
        id
        status
        errorCode
        objectCount
        rootObjectCount
        url
        partialDataUrl
      }
    }
  }
`;
