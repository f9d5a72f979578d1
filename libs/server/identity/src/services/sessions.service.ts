import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@retailos/server/core';
import type { Principal, WorkspacePlan, WorkspaceRole } from '@retailos/shared/contracts';
import { ID_PREFIXES, newId } from '@retailos/shared/util';
import { scopesForRole } from '../domain/scopes';
import { newSessionToken, sha256Hex } from '../domain/tokens';
import { query } from './sql';

export interface StartedSession {
  sessionId: string;
  token: string;
  expiresAt: Date;
}

/** Server-side sessions: the browser holds a random token, the database only its SHA-256. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async start(workspaceId: string, userId: string, meta: { ip?: string; userAgent?: string; replacesToken?: string }): Promise<StartedSession> {
    const token = newSessionToken();
    const sessionId = newId(ID_PREFIXES.session);
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3600 * 1000);
    await this.em.fork().transactional(async (tem) => {
      // Rotation: signing in again retires the token the browser had, so a planted or stolen one stops working.
      if (meta.replacesToken) {
        await query(tem, 'update sessions set revoked_at = now(), updated_at = now() where token_hash = ? and revoked_at is null', [sha256Hex(meta.replacesToken)]);
      }
      await query(tem, 'insert into sessions (id, workspace_id, user_id, token_hash, expires_at, ip, user_agent) values (?, ?, ?, ?, ?, ?, ?)', [
        sessionId,
        workspaceId,
        userId,
        sha256Hex(token),
        expiresAt,
        meta.ip ?? null,
        meta.userAgent?.slice(0, 500) ?? null,
      ]);
    });
    return { sessionId, token, expiresAt };
  }

  async resolve(token: string): Promise<Principal | null> {
    if (token.length < 20 || token.length > 100) return null;
    const rows = await query<{ id: string; workspace_id: string; user_id: string; role: WorkspaceRole; plan: WorkspacePlan }>(
      this.em.fork(),
      `select s.id, s.workspace_id, s.user_id, m.role, w.plan
         from sessions s
         join workspace_members m on m.workspace_id = s.workspace_id and m.user_id = s.user_id
         join workspaces w on w.id = s.workspace_id
        where s.token_hash = ? and s.revoked_at is null and s.expires_at > now()`,
      [sha256Hex(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      kind: 'session',
      workspaceId: row.workspace_id,
      plan: row.plan,
      scopes: scopesForRole(row.role),
      userId: row.user_id,
      role: row.role,
      sessionId: row.id,
    };
  }

  async revoke(workspaceId: string, sessionId: string): Promise<void> {
    await query(this.em.fork(), 'update sessions set revoked_at = now(), updated_at = now() where id = ? and workspace_id = ? and revoked_at is null', [
      sessionId,
      workspaceId,
    ]);
  }
}
