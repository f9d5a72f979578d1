import { DomainError } from '../errors/domain-error';

export const TENANT_FILTER = 'tenant';

/** A workspace-owned entity was queried through an EntityManager with no workspace set (see `tenantEm`). */
export class TenantScopeMissingError extends DomainError {
  constructor(entity: string) {
    super(
      'tenant_scope_missing',
      `${entity} was queried without a workspace in context; use tenantEm(em, workspaceId).`,
      500,
    );
  }
}

export interface TenantFilterArgs {
  workspaceId?: string;
}

/**
 * The workspace filter every workspace-owned entity carries, on by default. `args: false` lets MikroORM call the
 * condition even when no workspace was set, so the missing workspace becomes a coded error instead of MikroORM's
 * generic "No arguments provided" (or, worse, an unfiltered read).
 */
export const tenantFilter = {
  name: TENANT_FILTER,
  default: true,
  args: false,
  cond: (
    args: TenantFilterArgs | undefined,
    _type?: unknown,
    _em?: unknown,
    _options?: unknown,
    entityName?: string,
  ): { workspaceId: string } => {
    const workspaceId = args?.workspaceId;
    if (typeof workspaceId !== 'string' || workspaceId === '')
      throw new TenantScopeMissingError(entityName ?? 'A workspace-owned entity');
    return { workspaceId };
  },
} as const;
