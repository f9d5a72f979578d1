import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@retailos/shared/util';

/**
 * Test-data factories: one row per call, through the ORM's insert (entities are addressed by name, so this library
 * needs no context internals), with defaults a test overrides only where it matters. Inserts skip the tenant filter
 * by nature; every row still names its workspace.
 */
type Row = Record<string, unknown>;

let seq = 0;
const unique = (): string => `${Date.now().toString(36)}${(++seq).toString(36)}`;

async function insert(em: EntityManager, entity: string, row: Row): Promise<void> {
  // Without this, an entity the ORM was not given would be inserted into a table named after the class.
  if (!em.getMetadata().find(entity))
    throw new Error(`${entity} is not a discovered entity: import its context module`);
  await em.fork().insert(entity, row);
}

export function newWorkspaceId(): string {
  return newId('ws');
}

export async function makeWorkspace(em: EntityManager, overrides: Row = {}): Promise<string> {
  const id = (overrides['id'] as string | undefined) ?? newWorkspaceId();
  await insert(em, 'Workspace', { id, name: `Workspace ${unique()}`, plan: 'pro', currency: 'USD', ...overrides });
  return id;
}

export async function makeUser(em: EntityManager, overrides: Row = {}): Promise<string> {
  const id = newId('usr');
  await insert(em, 'User', {
    id,
    email: `user-${unique()}@example.test`,
    passwordHash: 'not-a-real-hash',
    ...overrides,
  });
  return id;
}

export async function makeMember(
  em: EntityManager,
  workspaceId: string,
  userId: string,
  role: 'owner' | 'admin' | 'staff' = 'staff',
): Promise<void> {
  await insert(em, 'WorkspaceMember', { workspaceId, userId, role });
}

export async function makeCustomer(em: EntityManager, workspaceId: string, overrides: Row = {}): Promise<string> {
  const id = newId('cus');
  await insert(em, 'Customer', {
    id,
    workspaceId,
    email: `customer-${unique()}@example.test`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...overrides,
  });
  return id;
}

export async function makeProduct(em: EntityManager, workspaceId: string, overrides: Row = {}): Promise<string> {
  const id = newId('prod');
  await insert(em, 'Product', { id, workspaceId, title: 'Product', handle: `product-${unique()}`, ...overrides });
  return id;
}

export async function makeVariant(
  em: EntityManager,
  workspaceId: string,
  productId: string,
  overrides: Row = {},
): Promise<string> {
  const id = newId('var');
  await insert(em, 'Variant', {
    id,
    workspaceId,
    productId,
    sku: `SKU-${unique()}`,
    price: 1000,
    currency: 'USD',
    ...overrides,
  });
  return id;
}

export async function makeLocation(em: EntityManager, workspaceId: string, overrides: Row = {}): Promise<string> {
  const id = newId('loc');
  await insert(em, 'Location', { id, workspaceId, name: `Location ${unique()}`, ...overrides });
  return id;
}

export async function makeLevel(
  em: EntityManager,
  workspaceId: string,
  variantId: string,
  locationId: string,
  available: number,
): Promise<string> {
  const id = newId('lvl');
  await insert(em, 'InventoryLevel', { id, workspaceId, variantId, locationId, available, onHand: available });
  return id;
}
