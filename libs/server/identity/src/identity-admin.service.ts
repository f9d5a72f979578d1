import { Injectable } from '@nestjs/common';
import type {
  ApiKeyView,
  CreateWorkspaceInput,
  CreatedApiKey,
  IdentityAdmin,
  OperatorApiKeyInput,
  WorkspaceRole,
  WorkspaceSummary,
} from '@retailos/shared/contracts';
import { ApiKeysService } from './services/api-keys.service';
import { WorkspacesService } from './services/workspaces.service';

/** IDENTITY_ADMIN: what operators (CLI), seeds and tests may do with identity, without going through HTTP. */
@Injectable()
export class IdentityAdminService implements IdentityAdmin {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  createWorkspace(input: CreateWorkspaceInput): Promise<{ workspaceId: string; userId: string }> {
    return this.workspaces.createWorkspace(input);
  }

  createUser(input: {
    workspaceId: string;
    email: string;
    password: string;
    role: WorkspaceRole;
  }): Promise<{ userId: string }> {
    return this.workspaces.createUser(input.workspaceId, input.email, input.password, input.role);
  }

  setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    return this.workspaces.setRole(workspaceId, userId, role);
  }

  getWorkspace(workspaceId: string): Promise<WorkspaceSummary | null> {
    return this.workspaces.get(workspaceId);
  }

  /** Without `createdBy` the key is an operator key: limited only by its own scopes. */
  createApiKey(input: OperatorApiKeyInput): Promise<CreatedApiKey> {
    return this.apiKeys.create(
      input.workspaceId,
      { name: input.name, scopes: [...input.scopes], expiresAt: input.expiresAt },
      input.createdBy ?? null,
    );
  }

  /** Operator revocation by id (any workspace); HTTP callers go through the workspace-scoped route. */
  revokeApiKey(id: string, workspaceId: string | null = null): Promise<ApiKeyView> {
    return this.apiKeys.revoke(workspaceId, id);
  }
}
