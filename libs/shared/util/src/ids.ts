import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Public id prefixes. Ids are opaque to clients but say what they point at. */
export const ID_PREFIXES = {
  workspace: 'ws',
  user: 'usr',
  session: 'ses',
  apiKey: 'key',
  product: 'prod',
  variant: 'var',
  location: 'loc',
  inventoryLevel: 'lvl',
  inventoryMovement: 'mov',
  customer: 'cus',
  order: 'ord',
  orderLine: 'oli',
  orderReturn: 'ret',
  event: 'evt',
  webhookSubscription: 'whs',
  webhookDelivery: 'whd',
} as const;
export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

/**
 * `<prefix>_<time><random>`: 8 base36 chars of milliseconds keep ids roughly time-sortable (good for btree locality),
 * 16 random base36 chars (~82 bits) keep them unguessable.
 */
export function newId(prefix: IdPrefix | string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = randomBytes(16);
  let rand = '';
  for (const b of bytes) rand += ALPHABET[b % 36];
  return `${prefix}_${time}${rand}`;
}

export function hasPrefix(id: string, prefix: IdPrefix | string): boolean {
  return id.startsWith(`${prefix}_`) && id.length > prefix.length + 1;
}
