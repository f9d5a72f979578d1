// Shopify global ids: gid://shopify/{Type}/{id}; InventoryLevel is parameterised by item.
export function toGid(type: string, id: bigint): string {
  return `gid://shopify/${type}/${id}`;
}

export function inventoryLevelGid(locationId: bigint, inventoryItemId: bigint): string {
  return `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${inventoryItemId}`;
}

export interface ParsedGid {
  type: string;
  id: bigint;
  params: URLSearchParams;
}

export function parseGid(value: unknown): ParsedGid | null {
  if (typeof value !== 'string') return null;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!m || !m[1] || !m[2]) return null;
  return { type: m[1], id: BigInt(m[2]), params: new URLSearchParams(m[3] ?? '') };
}

/** Numeric id of a GID of `type`, or null when it is malformed or of another type. */
export function gidId(value: unknown, type: string): bigint | null {
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== type) return null;
  return parsed.id;
}

/** Accepts a GID of the given type or a bare numeric id (control API convenience). */
export function idFrom(value: unknown, type: string): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return BigInt(value);
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}
