import { Injectable } from '@nestjs/common';
import { RateLimitedError, UnauthenticatedError, type Authenticator } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyRequest } from 'fastify';
import type { Strategy as PassportStrategy } from 'passport';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { Strategy as CustomStrategy } from 'passport-custom';
import { SESSION_COOKIE } from '../domain/tokens';
import { ApiKeysService } from '../services/api-keys.service';
import { RateLimiter } from '../services/rate-limiter.service';
import { SessionsService } from '../services/sessions.service';
import type { IdentityRequest } from './identity-request';
import { runStrategy } from './passport-runner';

/**
 * Resolves the caller: `Authorization: Bearer wsk_live_...` (passport-http-bearer) or the session cookie
 * (passport-custom). A bearer credential always wins over a cookie, so a key-authenticated call never needs CSRF.
 */
@Injectable()
export class IdentityAuthenticator implements Authenticator {
  private readonly bearer: PassportStrategy;
  private readonly session: PassportStrategy;

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly limiter: RateLimiter,
  ) {
    this.bearer = new BearerStrategy(
      { passReqToCallback: true },
      (offered: unknown, token: string, done: BearerDone) => {
        // An IP that has failed authentication a whole budget's worth of times gets 429 before any database lookup
        // (failures only: anonymous calls from a shared address must not lock out valid keys). Cached keys skip it.
        const caller = (offered as OfferedRequest).caller;
        this.apiKeys.resolve(token, { beforeLookup: () => this.refuseIfFailing(caller) }).then(
          (principal) => done(null, principal ?? false),
          (err: unknown) => done(err as Error),
        );
      },
    );
    this.session = new CustomStrategy((req, done) => {
      const token = (req as unknown as IdentityRequest).sessionToken;
      if (!token) return done(null, false);
      this.sessions.resolve(token).then(
        (principal) => done(null, principal ?? false),
        (err: unknown) => done(err as Error),
      );
    });
  }

  async authenticate(request: FastifyRequest): Promise<Principal | null> {
    const req = request as IdentityRequest;
    const authorization = req.headers.authorization;
    if (authorization !== undefined) {
      // Only the header is offered to the strategy: keys in query strings or bodies would end up in logs.
      const offered: OfferedRequest = { headers: { authorization }, caller: req };
      const outcome = await runStrategy<Principal>(this.bearer, offered);
      if (outcome.ok) return this.withFreshRevocation(req, outcome.user);
      await this.countFailure(req);
      throw new UnauthenticatedError();
    }
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token) return null;
    req.sessionToken = token;
    // Stale cookies count as failures; once an IP has a budget's worth, none is looked up (the request is then
    // anonymous, and its per-IP count answers 429).
    if ((await this.limiter.peekFailures(req.ip))?.exceeded) return null;
    const outcome = await runStrategy<Principal>(this.session, req);
    if (!outcome.ok) await this.limiter.failedFrom(req.ip);
    // A stale cookie is treated as no credentials: public routes (sign-in) keep working, guarded ones answer 401.
    return outcome.ok ? outcome.user : null;
  }

  /** Counts the request against the workspace budget and, in the same Redis round trip, checks the revocation marker. */
  private async withFreshRevocation(req: IdentityRequest, principal: Principal): Promise<Principal> {
    const keyId = principal.apiKeyId as string;
    const outcome = await this.limiter.forWorkspace(
      principal.workspaceId,
      principal.plan,
      this.limiter.revocationMarker(keyId),
    );
    if (outcome.state) req.rateLimit = outcome.state;
    if (outcome.revoked) {
      this.apiKeys.forget(keyId);
      throw new UnauthenticatedError();
    }
    if (outcome.unavailable) {
      // Without Redis we cannot see revocations made elsewhere: trust only the database.
      this.apiKeys.forget(keyId);
      const fresh = await this.apiKeys.resolve(bearerToken(req.headers.authorization ?? ''), { bypassCache: true });
      if (!fresh) throw new UnauthenticatedError();
      return fresh;
    }
    return principal;
  }

  /** A failed credential counts against the caller's per-IP budget; once it is spent the answer is 429, not 401. */
  private async countFailure(req: IdentityRequest): Promise<void> {
    const [outcome] = await Promise.all([this.limiter.forIp(req.ip), this.limiter.failedFrom(req.ip)]);
    if (outcome.state) req.rateLimit = outcome.state;
    if (outcome.state?.exceeded) throw new RateLimitedError(outcome.state.resetSeconds);
  }

  private async refuseIfFailing(req: IdentityRequest): Promise<void> {
    const state = await this.limiter.peekFailures(req.ip);
    if (state?.exceeded) {
      req.rateLimit = state;
      throw new RateLimitedError(state.resetSeconds);
    }
  }
}

/** What the bearer strategy sees: the Authorization header only, plus the caller for the per-IP failure check. */
interface OfferedRequest {
  headers: { authorization: string };
  caller: IdentityRequest;
}

type BearerDone = (err: Error | null, user?: Principal | false) => void;

function bearerToken(authorization: string): string {
  return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? '';
}
