import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Resolves the caller from a request. The identity context provides the implementation. */
export interface Authenticator {
  /** null when the request carries no credentials; throws UnauthenticatedError when they are wrong. */
  authenticate(request: FastifyRequest): Promise<Principal | null>;
}
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/** Runs after authentication for every request (rate limits, CSRF). Optional. */
export interface RequestPolicy {
  enforce(request: FastifyRequest, reply: FastifyReply, principal: Principal | null, isPublic: boolean): Promise<void>;
}
export const REQUEST_POLICIES = Symbol('REQUEST_POLICIES');

const EARLY_POLICIES = Symbol('retailos.earlyPolicies');
type WithPolicies = { [EARLY_POLICIES]?: RequestPolicy[] };

/**
 * Hands the request policies to the parts that answer before the guard runs (Fastify's framework errors, body
 * parsing, unknown routes), so those requests count against the limits too. The identity context installs them.
 */
export function installEarlyPolicies(server: object, policies: RequestPolicy[]): void {
  (server as WithPolicies)[EARLY_POLICIES] = policies;
}

export function earlyPolicies(request: { server?: object }): RequestPolicy[] {
  return (request.server as WithPolicies | undefined)?.[EARLY_POLICIES] ?? [];
}
