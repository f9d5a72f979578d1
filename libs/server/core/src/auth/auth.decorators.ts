import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ApiScope, Principal, WorkspaceRole } from '@retailos/shared/contracts';
import { UnauthenticatedError } from '../errors/domain-error';

export const AUTH_RULE = 'retailos:auth-rule';

/**
 * Every route carries exactly one rule; the global guard refuses routes that have none.
 * - public: no credentials needed.
 * - scopes: a session or an API key holding every listed scope.
 * - session: a browser session only (never an API key), optionally limited to roles.
 */
export type AuthRule =
  { kind: 'public' } | { kind: 'scopes'; scopes: ApiScope[] } | { kind: 'session'; roles?: WorkspaceRole[] };

export const Public = (): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_RULE, { kind: 'public' } satisfies AuthRule);

export const RequireScopes = (...scopes: ApiScope[]): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_RULE, { kind: 'scopes', scopes } satisfies AuthRule);

export const RequireSession = (...roles: WorkspaceRole[]): MethodDecorator & ClassDecorator =>
  SetMetadata(AUTH_RULE, { kind: 'session', roles: roles.length > 0 ? roles : undefined } satisfies AuthRule);

export interface RequestWithPrincipal {
  principal?: Principal;
}

export function principalOf(request: RequestWithPrincipal): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal =>
  principalOf(ctx.switchToHttp().getRequest<RequestWithPrincipal>()),
);

/** The caller's workspace id: handlers pass it explicitly into every service call. */
export const CurrentWorkspace = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string =>
    principalOf(ctx.switchToHttp().getRequest<RequestWithPrincipal>()).workspaceId,
);

/** Set on a request once the global guard has run (and with it the request policies: rate limits, CSRF). */
export const GUARD_SEEN = Symbol('retailos.guardSeen');
