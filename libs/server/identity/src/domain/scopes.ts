import { API_SCOPES, type ApiScope, type ScopeGrant, type WorkspaceRole } from '@retailos/shared/contracts';

const STAFF_SCOPES: readonly ApiScope[] = [
  ...API_SCOPES.filter((s) => s.endsWith(':read')),
  'products:write',
  'orders:write',
  'customers:write',
  'inventory:write',
];

/** What a role may do; an API key never gets more than the role of the user who created it. */
export function scopesForRole(role: WorkspaceRole): readonly ScopeGrant[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['*'];
    case 'staff':
      return STAFF_SCOPES;
  }
}

export function isScopeGrant(value: string): value is ScopeGrant {
  return value === '*' || (API_SCOPES as readonly string[]).includes(value);
}

function expand(grants: readonly ScopeGrant[]): Set<ApiScope> {
  return new Set(grants.includes('*') ? API_SCOPES : (grants as readonly ApiScope[]));
}

export function covers(allowed: readonly ScopeGrant[], requested: readonly ScopeGrant[]): boolean {
  if (allowed.includes('*')) return true;
  if (requested.includes('*')) return false;
  const set = expand(allowed);
  return requested.every((s) => set.has(s as ApiScope));
}

/** The effective scopes of a key: its own, narrowed by what its creator's role allows now. */
export function narrow(requested: readonly ScopeGrant[], allowed: readonly ScopeGrant[]): ScopeGrant[] {
  if (allowed.includes('*')) return [...requested];
  if (requested.includes('*')) return [...expand(allowed)];
  const set = expand(allowed);
  return requested.filter((s) => set.has(s as ApiScope));
}
