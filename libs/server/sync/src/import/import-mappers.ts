import type { CustomerPayload } from '../services/inbound-customers.service';
import type { ProductPayload } from '../services/inbound-products.service';
import type { BulkRow } from './jsonl-reader';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

/**
 * A bulk product row and its variant rows (GraphQL field names) -> the REST-shaped payload the inbound products
 * service merges for webhooks, so an imported product goes through exactly the webhook path.
 */
export function productPayloadOf(root: BulkRow, children: BulkRow[]): ProductPayload {
  return {
    admin_graphql_api_id: root['id'],
    updated_at: root['updatedAt'],
    handle: root['handle'],
    title: root['title'],
    body_html: str(root['descriptionHtml']) ?? '',
    vendor: str(root['vendor']) ?? '',
    product_type: str(root['productType']) ?? '',
    status: lower(root['status']),
    tags: Array.isArray(root['tags']) ? root['tags'] : [],
    variants: children
      .filter((c) => typeof c['id'] === 'string' && (c['id'] as string).startsWith('gid://shopify/ProductVariant/'))
      .map((v) => ({
        admin_graphql_api_id: v['id'],
        updated_at: v['updatedAt'],
        sku: v['sku'] ?? '',
        barcode: v['barcode'] ?? '',
        title: v['title'],
        price: v['price'],
        compare_at_price: v['compareAtPrice'] ?? null,
        inventory_policy: lower(v['inventoryPolicy']),
      })),
  };
}

export function customerPayloadOf(root: BulkRow): CustomerPayload {
  return {
    admin_graphql_api_id: root['id'],
    updated_at: root['updatedAt'],
    email: root['email'] ?? null,
    first_name: root['firstName'] ?? null,
    last_name: root['lastName'] ?? null,
    phone: root['phone'] ?? null,
    note: root['note'] ?? null,
  };
}

export interface LevelLine {
  locationGid: string;
  available: number;
}

/** An inventory item row and its level rows -> the variant's GID and its available quantity per Shopify location. */
export function levelsOf(root: BulkRow, children: BulkRow[]): { variantGid: string | null; levels: LevelLine[] } {
  const variant = root['variant'] as { id?: unknown } | null | undefined;
  const levels: LevelLine[] = [];
  for (const c of children) {
    const location = (c['location'] as { id?: unknown } | null | undefined)?.id;
    const quantities = Array.isArray(c['quantities'])
      ? (c['quantities'] as { name?: unknown; quantity?: unknown }[])
      : [];
    const available = quantities.find((q) => q.name === 'available')?.quantity;
    if (typeof location === 'string' && typeof available === 'number')
      levels.push({ locationGid: location, available });
  }
  return { variantGid: typeof variant?.id === 'string' ? variant.id : null, levels };
}
