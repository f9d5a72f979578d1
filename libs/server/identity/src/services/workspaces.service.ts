import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationFailedError } from '@retailos/server/core';
import type { WorkspacePlan, WorkspaceRole, WorkspaceSummary } from '@retailos/shared/contracts';
import { ID_PREFIXES, newId } from '@retailos/shared/util';
import { hashPassword } from '../domain/passwords';
import { query } from './sql';

export interface CreateWorkspaceInput {
  name: string;
  plan?: WorkspacePlan;
  currency?: string;
  ownerEmail: string;
  ownerPassword: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkCredentials(email: string, password: string): void {
  const errors = [];
  if (!EMAIL.test(email)) errors.push({ field: 'email', message: 'email must be an email address' });
  if (password.length < 8) errors.push({ field: 'password', message: 'password must be at least 8 characters' });
  if (password.length > 1024) errors.push({ field: 'password', message: 'password must be at most 1024 characters' });
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

@Injectable()
export class WorkspacesService {
  constructor(private readonly em: EntityManager) {}

  async createWorkspace(input: CreateWorkspaceInput): Promise<{ workspaceId: string; userId: string }> {
    const name = input.name.trim();
    if (!name) throw new ValidationFailedError([{ field: 'name', message: 'name must not be empty' }]);
    const currency = (input.currency ?? 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationFailedError([{ field: 'currency', message: 'currency must be an ISO 4217 code' }]);
    checkCredentials(input.ownerEmail, input.ownerPassword);
    const passwordHash = await hashPassword(input.ownerPassword);
    const workspaceId = newId(ID_PREFIXES.workspace);
    const userId = newId(ID_PREFIXES.user);
    try {
      await this.em.fork().transactional(async (tem) => {
        await query(tem, 'insert into workspaces (id, name, plan, currency) values (?, ?, ?, ?)', [workspaceId, name, input.plan ?? 'free', currency]);
        await query(tem, 'insert into users (id, email, password_hash) values (?, ?, ?)', [userId, input.ownerEmail.trim(), passwordHash]);
        await query(tem, 'insert into workspace_members (workspace_id, user_id, role) values (?, ?, ?)', [workspaceId, userId, 'owner']);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw new ConflictError('email_taken', 'A user with this email already exists.');
      throw err;
    }
    return { workspaceId, userId };
  }

  async createUser(workspaceId: string, email: string, password: string, role: WorkspaceRole): Promise<{ userId: string }> {
    checkCredentials(email, password);
    await this.requireWorkspace(workspaceId);
    const passwordHash = await hashPassword(password);
    const userId = newId(ID_PREFIXES.user);
    try {
      await this.em.fork().transactional(async (tem) => {
        await query(tem, 'insert into users (id, email, password_hash) values (?, ?, ?)', [userId, email.trim(), passwordHash]);
        await query(tem, 'insert into workspace_members (workspace_id, user_id, role) values (?, ?, ?)', [workspaceId, userId, role]);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw new ConflictError('email_taken', 'A user with this email already exists.');
      throw err;
    }
    return { userId };
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    const rows = await query(this.em.fork(), 'update workspace_members set role = ?, updated_at = now() where workspace_id = ? and user_id = ? returning user_id', [
      role,
      workspaceId,
      userId,
    ]);
    if (rows.length === 0) throw new NotFoundError('User', userId);
  }

  async get(workspaceId: string): Promise<WorkspaceSummary | null> {
    const rows = await query<WorkspaceSummary>(this.em.fork(), 'select id, name, plan, currency from workspaces where id = ?', [workspaceId]);
    return rows[0] ?? null;
  }

  async requireWorkspace(workspaceId: string): Promise<WorkspaceSummary> {
    const ws = await this.get(workspaceId);
    if (!ws) throw new NotFoundError('Workspace', workspaceId);
    return ws;
  }

  async userEmail(userId: string): Promise<string | null> {
    const rows = await query<{ email: string }>(this.em.fork(), 'select email from users where id = ?', [userId]);
    return rows[0]?.email ?? null;
  }
}
