import { Injectable } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import { ID_PREFIXES, newId } from '@retailos/shared/util';
import { scopesForRole } from '../domain/scopes';
import { newSessionToken, sha256Hex } from '../domain/tokens';
import { IdentityRepository } from '../repositories/identity.repository';

export interface StartedSession {
  sessionId: string;
  token: string;
  expiresAt: Date;
}

/** Server-side sessions: the browser holds a random token, the database only its SHA-256. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly identity: IdentityRepository,
    private readonly config: AppConfig,
  ) {}

  async start(
    workspaceId: string,
    userId: string,
    meta: { ip?: string; userAgent?: string; replacesToken?: string },
  ): Promise<StartedSession> {
    const token = newSessionToken();
    const sessionId = newId(ID_PREFIXES.session);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600 * 1000);
    // Rotation: signing in again retires the token the browser had, so a planted or stolen one stops working.
    await this.identity.startSession(
      {
        id: sessionId,
        workspaceId,
        userId,
        tokenHash: sha256Hex(token),
        expiresAt,
        ip: meta.ip ?? null,
        userAgent: meta.userAgent?.slice(0, 500) ?? null,
      },
      meta.replacesToken ? sha256Hex(meta.replacesToken) : null,
    );
    return { sessionId, token, expiresAt };
  }

  async resolve(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 100) return null;
    const session = await this.identity.liveSessionByTokenHash(sha256Hex(token));
    if (!session) return null;
    const [member, ws] = await Promise.all([
      this.identity.member(session.workspaceId, session.userId),
      this.identity.workspace(session.workspaceId),
    ]);
    // A session outlives nothing: no membership (removed user) or no workspace means no access.
    if (!member || !ws) return null;
    return {
      kind: 'session',
      workspaceId: session.workspaceId,
      plan: ws.plan,
      scopes: scopesForRole(member.role),
      userId: session.userId,
      role: member.role,
      sessionId: session.id,
    };
  }

  async revoke(workspaceId: string, sessionId: string): Promise<void> {
    await this.identity.revokeSession(workspaceId, sessionId);
  }
}
