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
