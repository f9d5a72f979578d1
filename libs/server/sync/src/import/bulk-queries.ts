/**
 * The bulk queries of the initial import, one per phase (Shopify runs them server-side and answers with a JSONL file;
 * nested connections come back as child rows carrying `__parentId`). At most 5 connections, nesting depth 2.
 * Validated against the 2026-04 schema by bulk-queries.spec.ts.
 */
export type ImportPhase = 'locations' | 'products' | 'inventory' | 'customers' | 'orders';

export const IMPORT_PHASES: readonly ImportPhase[] = ['locations', 'products', 'inventory', 'customers', 'orders'];

export const BULK_LOCATIONS = `{
  locations(includeInactive: true) {
    edges { node { id name isActive } }
  }
}`;

export const BULK_PRODUCTS = `{
  products {
    edges {
      node {
        id handle title descriptionHtml vendor productType status tags updatedAt
        variants {
          edges {
            node {
              id sku barcode title price compareAtPrice inventoryPolicy updatedAt
              inventoryItem { id }
            }
          }
        }
      }
    }
  }
}`;

export const BULK_INVENTORY = `{
  inventoryItems {
    edges {
      node {
        id
        variant { id }
        inventoryLevels {
          edges {
            node {
              id
              location { id }
              quantities(names: ["available", "on_hand"]) { name quantity }
            }
          }
        }
      }
    }
  }
}`;

export const BULK_CUSTOMERS = `{
  customers {
    edges { node { id email firstName lastName phone note tags updatedAt } }
  }
}`;

/** `since`: only orders created at or after it (Shopify search syntax), null for all. */
export function bulkOrders(since: Date | null): string {
  const filter = since ? `(query: "created_at:>='${since.toISOString()}'")` : '';
  return `{
  orders${filter} {
    edges {
      node {
        id name email note tags createdAt updatedAt cancelledAt cancelReason
        currencyCode
        customer { id }
        subtotalPriceSet { shopMoney { amount currencyCode } }
        totalPriceSet { shopMoney { amount currencyCode } }
        lineItems {
          edges {
            node {
              id title sku quantity
              variant { id }
              originalUnitPriceSet { shopMoney { amount } }
            }
          }
        }
      }
    }
  }
}`;
}

export function bulkQueryOf(phase: ImportPhase, ordersSince: Date | null): string {
  switch (phase) {
    case 'locations':
      return BULK_LOCATIONS;
    case 'products':
      return BULK_PRODUCTS;
    case 'inventory':
      return BULK_INVENTORY;
    case 'customers':
      return BULK_CUSTOMERS;
    case 'orders':
      return bulkOrders(ordersSince);
  }
}
