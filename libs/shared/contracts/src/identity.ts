import type { ScopeGrant, WorkspacePlan, WorkspaceRole } from './auth';
import type { ApiKeyView, CreatedApiKey } from './views';

/** What other contexts may know about a workspace (commerce needs its default currency). */
export interface WorkspaceSummary {
  id: string;
  name: string;
  plan: WorkspacePlan;
  /** ISO 4217 code, the default currency of the workspace's prices and orders. */
  currency: string;
}

export interface WorkspaceDirectory {
  /** null for an unknown workspace id. */
  get(workspaceId: string): Promise<WorkspaceSummary | null>;
}
export const WORKSPACE_DIRECTORY = Symbol.for('retailos.WorkspaceDirectory');

export const WORKSPACE_PLANS = ['free', 'pro', 'enterprise'] as const satisfies readonly WorkspacePlan[];
export const WORKSPACE_ROLES = ['owner', 'admin', 'staff'] as const satisfies readonly WorkspaceRole[];

export interface CreateWorkspaceInput {
  name: string;
  plan?: WorkspacePlan;
  currency?: string;
  ownerEmail: string;
  ownerPassword: string;
}

/** What operators (CLI), seeds and tests may do with identity without going through HTTP; bound by IdentityModule. */
/** An API key made outside HTTP (operators, seeds, tests). Without `createdBy` it is limited only by its scopes. */
export interface OperatorApiKeyInput {
  workspaceId: string;
  name: string;
  scopes: ScopeGrant[] | string[];
  expiresAt?: Date | null;
  createdBy?: { userId: string; role: WorkspaceRole };
}

export interface IdentityAdmin {
  createWorkspace(input: CreateWorkspaceInput): Promise<{ workspaceId: string; userId: string }>;
  createUser(input: {
    workspaceId: string;
    email: string;
    password: string;
    role: WorkspaceRole;
  }): Promise<{ userId: string }>;
  setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void>;
  getWorkspace(workspaceId: string): Promise<WorkspaceSummary | null>;
  /** Without `createdBy` the key is an operator key: limited only by its own scopes. */
  createApiKey(input: OperatorApiKeyInput): Promise<CreatedApiKey>;
  /** Operator revocation by id (any workspace unless one is given); HTTP callers go through the workspace-scoped route. */
  revokeApiKey(id: string, workspaceId?: string | null): Promise<ApiKeyView>;
}
export const IDENTITY_ADMIN = Symbol.for('retailos.IdentityAdmin');
