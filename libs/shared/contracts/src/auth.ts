export const API_SCOPES = [
  'products:read',
  'products:write',
  'orders:read',
  'orders:write',
  'customers:read',
  'customers:write',
  'inventory:read',
  'inventory:write',
  'sync:read',
  'sync:write',
  'webhooks:read',
  'webhooks:write',
  'export:read',
] as const;

export type ApiScope = (typeof API_SCOPES)[number];
export type ScopeGrant = ApiScope | '*';

export type WorkspaceRole = 'owner' | 'admin' | 'staff';
export type WorkspacePlan = 'free' | 'pro' | 'enterprise';

/** Who is calling: resolved once per request by the global guard. */
export interface Principal {
  kind: 'session' | 'api_key';
  workspaceId: string;
  plan: WorkspacePlan;
  /** Effective scopes after narrowing by the workspace role. */
  scopes: readonly ScopeGrant[];
  userId?: string;
  role?: WorkspaceRole;
  apiKeyId?: string;
  sessionId?: string;
}
