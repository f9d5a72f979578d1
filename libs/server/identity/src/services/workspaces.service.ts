import { Injectable } from '@nestjs/common';
import { ConflictError, isUniqueViolation, NotFoundError, ValidationFailedError } from '@retailos/server/core';
import type { CreateWorkspaceInput, WorkspaceRole, WorkspaceSummary } from '@retailos/shared/contracts';
import { ID_PREFIXES, newId } from '@retailos/shared/util';
import { hashPassword } from '../domain/passwords';
import { IdentityRepository } from '../repositories/identity.repository';

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
  constructor(private readonly identity: IdentityRepository) {}

  async createWorkspace(input: CreateWorkspaceInput): Promise<{ workspaceId: string; userId: string }> {
    const name = input.name.trim();
    if (!name) throw new ValidationFailedError([{ field: 'name', message: 'name must not be empty' }]);
    const currency = (input.currency ?? 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency))
      throw new ValidationFailedError([{ field: 'currency', message: 'currency must be an ISO 4217 code' }]);
    checkCredentials(input.ownerEmail, input.ownerPassword);
    const passwordHash = await hashPassword(input.ownerPassword);
    const workspaceId = newId(ID_PREFIXES.workspace);
    const userId = newId(ID_PREFIXES.user);
    try {
      await this.identity.fork().transactional(async (tem) => {
        this.identity.addWorkspace(tem, workspaceId, { name, plan: input.plan ?? 'free', currency });
        this.identity.addUser(tem, userId, input.ownerEmail.trim(), passwordHash);
        await tem.flush();
        this.identity.addMember(tem, workspaceId, userId, 'owner');
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key'))
        throw new ConflictError('email_taken', 'A user with this email already exists.');
      throw err;
    }
    return { workspaceId, userId };
  }

  async createUser(
    workspaceId: string,
    email: string,
    password: string,
    role: WorkspaceRole,
  ): Promise<{ userId: string }> {
    checkCredentials(email, password);
    await this.requireWorkspace(workspaceId);
    const passwordHash = await hashPassword(password);
    const userId = newId(ID_PREFIXES.user);
    try {
      await this.identity.fork().transactional(async (tem) => {
        this.identity.addUser(tem, userId, email.trim(), passwordHash);
        await tem.flush();
        this.identity.addMember(tem, workspaceId, userId, role);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key'))
        throw new ConflictError('email_taken', 'A user with this email already exists.');
      throw err;
    }
    return { userId };
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    if (!(await this.identity.setRole(workspaceId, userId, role))) throw new NotFoundError('User', userId);
  }

  async get(workspaceId: string): Promise<WorkspaceSummary | null> {
    const ws = await this.identity.workspace(workspaceId);
    return ws ? { id: ws.id, name: ws.name, plan: ws.plan, currency: ws.currency } : null;
  }

  async requireWorkspace(workspaceId: string): Promise<WorkspaceSummary> {
    const ws = await this.get(workspaceId);
    if (!ws) throw new NotFoundError('Workspace', workspaceId);
    return ws;
  }

  async userEmail(userId: string): Promise<string | null> {
    return (await this.identity.user(userId))?.email ?? null;
  }
}
