// REST topic names ("products/update") <-> GraphQL enum values ("PRODUCTS_UPDATE").
const KNOWN: Record<string, string> = {
  PRODUCTS_CREATE: 'products/create',
  PRODUCTS_UPDATE: 'products/update',
  PRODUCTS_DELETE: 'products/delete',
  INVENTORY_LEVELS_UPDATE: 'inventory_levels/update',
  INVENTORY_LEVELS_CONNECT: 'inventory_levels/connect',
  INVENTORY_ITEMS_CREATE: 'inventory_items/create',
  INVENTORY_ITEMS_UPDATE: 'inventory_items/update',
  INVENTORY_ITEMS_DELETE: 'inventory_items/delete',
  ORDERS_CREATE: 'orders/create',
  ORDERS_UPDATED: 'orders/updated',
  ORDERS_CANCELLED: 'orders/cancelled',
  CUSTOMERS_CREATE: 'customers/create',
  CUSTOMERS_UPDATE: 'customers/update',
  CUSTOMERS_DELETE: 'customers/delete',
  LOCATIONS_CREATE: 'locations/create',
  LOCATIONS_UPDATE: 'locations/update',
  LOCATIONS_DELETE: 'locations/delete',
  APP_UNINSTALLED: 'app/uninstalled',
  BULK_OPERATIONS_FINISH: 'bulk_operations/finish',
  SHOP_UPDATE: 'shop/update',
};
const BY_REST = new Map(Object.entries(KNOWN).map(([k, v]) => [v, k]));

export function topicToRest(enumValue: string): string {
  const known = KNOWN[enumValue];
  if (known) return known;
  const lower = enumValue.toLowerCase();
  const at = lower.lastIndexOf('_');
  return at < 0 ? lower : `${lower.slice(0, at)}/${lower.slice(at + 1)}`;
}

/** Accepts either spelling and returns the enum value. */
export function topicToEnum(topic: string): string {
  if (/^[A-Z0-9_]+$/.test(topic)) return topic;
  return BY_REST.get(topic) ?? topic.replace(/\//g, '_').toUpperCase();
}
