import { Injectable } from '@nestjs/common';
import { AppConfig, DomainError, RateLimitedError } from '@retailos/server/core';
import type { WorkspacePlan, WorkspaceRole } from '@retailos/shared/contracts';
import { dummyPasswordHash, verifyPassword } from '../domain/passwords';
import { sha256Hex } from '../domain/tokens';
import { IdentityRedis } from './identity-redis';
import { SessionsService, type StartedSession } from './sessions.service';
import { IdentityRepository } from '../repositories/identity.repository';

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials', 'The email or password is not correct.', 401);
  }
}

export interface LoginResult extends StartedSession {
  user: { id: string; email: string };
  workspace: { id: string; name: string; plan: WorkspacePlan; currency: string };
  role: WorkspaceRole;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Password sign-in with brute-force brakes: failures are counted per account (by email, whether or not it exists)
 * and per IP; past two failures each attempt is slowed, past the maximum the account or IP is locked for a while.
 * A locked account answers the same 429 whether the email is known or not.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly config: AppConfig,
    private readonly redis: IdentityRedis,
    private readonly sessions: SessionsService,
  ) {}

  async login(input: {
    email: string;
    password: string;
    workspaceId?: string;
    ip: string;
    userAgent?: string;
    previousToken?: string;
  }): Promise<LoginResult> {
    const email = input.email.trim().toLowerCase();
    const accountKey = this.redis.key('login', 'acct', sha256Hex(email));
    const ipKey = this.redis.key('login', 'ip', input.ip);
    await this.refuseIfLocked(accountKey, ipKey);

    const user = await this.identity.userByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    const membership = user && ok ? await this.membership(user.id, input.workspaceId) : null;
    if (!user || !ok || !membership) {
      await this.recordFailure(accountKey, ipKey);
      throw new InvalidCredentialsError();
    }
    await this.redis.client.del(accountKey);
    const session = await this.sessions.start(membership.workspace_id, user.id, {
      ip: input.ip,
      userAgent: input.userAgent,
      replacesToken: input.previousToken,
    });
    return {
      ...session,
      user: { id: user.id, email: user.email },
      workspace: {
        id: membership.workspace_id,
        name: membership.name,
        plan: membership.plan,
        currency: membership.currency,
      },
      role: membership.role,
    };
  }

  private async membership(
    userId: string,
    workspaceId: string | undefined,
  ): Promise<{
    workspace_id: string;
    role: WorkspaceRole;
    name: string;
    plan: WorkspacePlan;
    currency: string;
  } | null> {
    const member = await this.identity.firstMembership(userId, workspaceId);
    const ws = member ? await this.identity.workspace(member.workspaceId) : null;
    return member && ws
      ? { workspace_id: ws.id, role: member.role, name: ws.name, plan: ws.plan, currency: ws.currency }
      : null;
  }

  private async refuseIfLocked(accountKey: string, ipKey: string): Promise<void> {
    const replies =
      (await this.redis.client.multi().get(accountKey).get(ipKey).pttl(accountKey).pttl(ipKey).exec()) ?? [];
    const [acct, ip, acctTtl, ipTtl] = replies.map(([err, value]) => {
      if (err) throw err;
      return value as string | number | null;
    });
    const acctFails = Number(acct ?? 0);
    const ipFails = Number(ip ?? 0);
    if (acctFails >= this.config.LOGIN_MAX_FAILURES || ipFails >= this.config.LOGIN_IP_MAX_FAILURES) {
      const ttl = Math.max(
        Number(acctFails >= this.config.LOGIN_MAX_FAILURES ? acctTtl : 0),
        Number(ipFails >= this.config.LOGIN_IP_MAX_FAILURES ? ipTtl : 0),
      );
      throw new RateLimitedError(Math.max(1, Math.ceil(ttl / 1000)));
    }
    const worst = Math.max(acctFails, ipFails);
    if (worst >= 2) await sleep(Math.min((worst - 1) * this.config.LOGIN_SLOWDOWN_MS, 5000));
  }

  private async recordFailure(accountKey: string, ipKey: string): Promise<void> {
    const ttl = this.config.LOGIN_LOCKOUT_SECONDS;
    // The lock window restarts with every failure: a slow, steady guesser stays locked.
    await this.redis.client.multi().incr(accountKey).expire(accountKey, ttl).incr(ipKey).expire(ipKey, ttl).exec();
  }
}
