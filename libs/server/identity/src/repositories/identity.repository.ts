import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TENANT_FILTER, type KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm, WITHOUT_TENANT_FILTER } from '@retailos/server/database';
import type { WorkspacePlan, WorkspaceRole } from '@retailos/shared/contracts';
import { ApiKey } from '../entities/api-key.entity';
import { Session } from '../entities/session.entity';
import { User } from '../entities/user.entity';
import { WorkspaceMember } from '../entities/workspace-member.entity';
import { Workspace } from '../entities/workspace.entity';

const API_KEY_KEYS = createdKeyset<ApiKey>();
/** The workspace as the filter argument: for an EntityManager not bound to it (a caller's transaction, a global fork). */
const inWorkspace = (workspaceId: string) => ({ filters: { [TENANT_FILTER]: { workspaceId } } });

/**
 * Workspaces, users, memberships, sessions and API keys. Workspaces and users are global; lookups by a secret's hash
 * (sessions, API keys) and a user's memberships happen before any workspace is known, so they lift the tenant filter
 * explicitly (WITHOUT_TENANT_FILTER) and nowhere else.
 */
@Injectable()
export class IdentityRepository {
  constructor(private readonly em: EntityManager) {}

  fork(): EntityManager {
    return this.em.fork();
  }

  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  workspace(id: string): Promise<Workspace | null> {
    return this.em.fork().findOne(Workspace, { id });
  }

  user(id: string): Promise<User | null> {
    return this.em.fork().findOne(User, { id });
  }

  userByEmail(email: string): Promise<User | null> {
    return this.em.fork().findOne(User, { [raw('lower(email)')]: email.toLowerCase() });
  }

  /** Adds a workspace, a user and/or a membership to the caller's unit of work (it flushes, in its transaction). */
  addWorkspace(em: EntityManager, id: string, fields: { name: string; plan: WorkspacePlan; currency: string }): void {
    const ws = new Workspace(id);
    Object.assign(ws, fields);
    em.persist(ws);
  }

  addUser(em: EntityManager, id: string, email: string, passwordHash: string): void {
    const user = new User(id);
    user.email = email;
    user.passwordHash = passwordHash;
    em.persist(user);
  }

  addMember(em: EntityManager, workspaceId: string, userId: string, role: WorkspaceRole): void {
    const member = new WorkspaceMember();
    Object.assign(member, { workspaceId, userId, role });
    em.persist(member);
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<boolean> {
    return (
      (await this.scope(workspaceId).nativeUpdate(
        WorkspaceMember,
        { workspaceId, userId },
        { role, updatedAt: new Date() },
      )) > 0
    );
  }

  member(workspaceId: string, userId: string): Promise<WorkspaceMember | null> {
    return this.em.fork().findOne(WorkspaceMember, { workspaceId, userId }, inWorkspace(workspaceId));
  }

  /** The user's first membership (or the one in workspaceId): sign-in happens before a workspace is chosen. */
  firstMembership(userId: string, workspaceId?: string): Promise<WorkspaceMember | null> {
    return this.em
      .fork()
      .findOne(
        WorkspaceMember,
        { userId, ...(workspaceId ? { workspaceId } : {}) },
        { ...WITHOUT_TENANT_FILTER, orderBy: [{ createdAt: 'asc' }, { workspaceId: 'asc' }] },
      );
  }

  async startSession(
    session: Omit<Session, 'createdAt' | 'updatedAt' | 'revokedAt'>,
    replacesTokenHash: string | null,
  ): Promise<void> {
    await this.em.fork().transactional(async (tem) => {
      // The replaced token may be any workspace's: it is found by its hash alone.
      if (replacesTokenHash) {
        await tem.nativeUpdate(
          Session,
          { tokenHash: replacesTokenHash, revokedAt: null },
          { revokedAt: new Date(), updatedAt: new Date() },
          WITHOUT_TENANT_FILTER,
        );
      }
      const row = new Session();
      Object.assign(row, session);
      tem.persist(row);
    });
  }

  liveSessionByTokenHash(tokenHash: string): Promise<Session | null> {
    return this.em
      .fork()
      .findOne(Session, { tokenHash, revokedAt: null, expiresAt: { $gt: new Date() } }, WITHOUT_TENANT_FILTER);
  }

  async revokeSession(workspaceId: string, id: string): Promise<void> {
    await this.scope(workspaceId).nativeUpdate(
      Session,
      { id, workspaceId, revokedAt: null },
      { revokedAt: new Date(), updatedAt: new Date() },
    );
  }

  async createApiKey(
    fields: Pick<ApiKey, 'id' | 'workspaceId' | 'name' | 'prefix' | 'keyHash' | 'scopes' | 'expiresAt' | 'createdBy'>,
  ): Promise<ApiKey> {
    const em = this.scope(fields.workspaceId);
    const key = new ApiKey();
    Object.assign(key, fields);
    await em.persist(key).flush();
    return key;
  }

  async listApiKeys(workspaceId: string, after: KeysetPosition | null, take: number): Promise<ApiKey[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(ApiKey, 'k').select('*').where({ workspaceId });
    await applyKeyset(qb, API_KEY_KEYS, after, take);
    return qb.getResultList();
  }

  apiKey(workspaceId: string, id: string): Promise<ApiKey | null> {
    return this.scope(workspaceId).findOne(ApiKey, { id, workspaceId });
  }

  /** Marks the key revoked (idempotent). workspaceId null: the operator CLI, which names a key by id alone. */
  async revokeApiKey(workspaceId: string | null, id: string): Promise<ApiKey | null> {
    const em = workspaceId === null ? this.em.fork() : this.scope(workspaceId);
    const key = await em.findOne(
      ApiKey,
      workspaceId === null ? { id } : { id, workspaceId },
      workspaceId === null ? WITHOUT_TENANT_FILTER : {},
    );
    if (!key) return null;
    key.revokedAt ??= new Date();
    key.updatedAt = new Date();
    await em.flush();
    return key;
  }

  /** Auth lookup by the key's hash (before any workspace is known), with its workspace plan and creator's role. */
  async apiKeyByHash(
    keyHash: string,
  ): Promise<{ key: ApiKey; plan: WorkspacePlan; creatorRole: WorkspaceRole | null } | null> {
    const key = await this.em.fork().findOne(ApiKey, { keyHash }, WITHOUT_TENANT_FILTER);
    if (!key) return null;
    const [ws, creator] = await Promise.all([
      this.workspace(key.workspaceId),
      key.createdBy ? this.member(key.workspaceId, key.createdBy) : Promise.resolve(null),
    ]);
    return ws ? { key, plan: ws.plan, creatorRole: creator?.role ?? null } : null;
  }

  async touchApiKey(workspaceId: string, id: string): Promise<void> {
    await this.scope(workspaceId).nativeUpdate(ApiKey, { id, workspaceId }, { lastUsedAt: new Date() });
  }
}
