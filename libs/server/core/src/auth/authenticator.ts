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

const EARLY = Symbol('retailos.earlyPipeline');
interface EarlyPipeline {
  authenticator?: Authenticator;
  policies: RequestPolicy[];
}
type WithPipeline = { [EARLY]?: EarlyPipeline };

/**
 * Hands the authenticator and the request policies to the parts that answer before the guard runs (Fastify's
 * framework errors, body parsing, unknown routes), so those requests count against the same limits, with the same
 * headers, as the guard would have applied. The identity context installs them.
 */
export function installEarlyPolicies(server: object, policies: RequestPolicy[], authenticator?: Authenticator): void {
  (server as WithPipeline)[EARLY] = { policies, authenticator };
}

export function hasEarlyPolicies(request: { server?: object }): boolean {
  return ((request.server as WithPipeline | undefined)?.[EARLY]?.policies.length ?? 0) > 0;
}

/**
 * Counts a request the guard never saw, the way the guard would have: by workspace with valid credentials, per IP
 * otherwise (failed credentials included). Returns the rate-limit refusal (an error with retryAfterSeconds), if any;
 * other verdicts (401, CSRF) are left to the answer already being sent.
 */
export async function countEarly(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<(Error & { retryAfterSeconds: number }) | null> {
  const pipeline = (request.server as WithPipeline | undefined)?.[EARLY];
  if (!pipeline) return null;
  const limited = (err: unknown): (Error & { retryAfterSeconds: number }) | null =>
    typeof (err as { retryAfterSeconds?: unknown }).retryAfterSeconds === 'number'
      ? (err as Error & { retryAfterSeconds: number })
      : null;
  let principal: Principal | null = null;
  try {
    principal = pipeline.authenticator ? await pipeline.authenticator.authenticate(request) : null;
  } catch (err) {
    if (limited(err)) return limited(err);
  }
  for (const policy of pipeline.policies) {
    try {
      await policy.enforce(request, reply, principal, true);
    } catch (err) {
      if (limited(err)) return limited(err);
    }
  }
  return null;
}
