import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors/domain-error';
import { AUTH_RULE, GUARD_SEEN, type AuthRule, type RequestWithPrincipal } from './auth.decorators';
import { AUTHENTICATOR, REQUEST_POLICIES, type Authenticator, type RequestPolicy } from './authenticator';

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.includes('*') || principal.scopes.includes(scope as never);
}

/** Guarded by default: a route without an auth rule is refused, so forgetting a decorator fails closed. */
@Injectable()
export class GlobalAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(AUTHENTICATOR) private readonly authenticator?: Authenticator,
    @Optional() @Inject(REQUEST_POLICIES) private readonly policies: RequestPolicy[] = [],
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AuthRule | undefined>(AUTH_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ForbiddenError('route_without_auth_rule', 'This route has no authorization rule.');
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    (request as unknown as Record<symbol, boolean>)[GUARD_SEEN] = true;

    const principal = this.authenticator ? await this.authenticator.authenticate(request) : null;
    if (principal) request.principal = principal;
    for (const policy of this.policies ?? []) await policy.enforce(request, reply, principal, rule.kind === 'public');

    if (rule.kind === 'public') return true;
    if (!principal) throw new UnauthenticatedError();
    if (rule.kind === 'session') {
      if (principal.kind !== 'session')
        throw new ForbiddenError('session_required', 'This route needs a signed-in staff session.');
      if (rule.roles && (!principal.role || !rule.roles.includes(principal.role))) {
        throw new ForbiddenError('insufficient_role', `This route needs one of the roles: ${rule.roles.join(', ')}.`);
      }
      return true;
    }
    const missing = rule.scopes.filter((s) => !hasScope(principal, s));
    if (missing.length > 0) {
      throw new ForbiddenError('insufficient_scope', `Missing scope: ${missing.join(', ')}.`, {
        requiredScopes: rule.scopes,
      });
    }
    return true;
  }
}
