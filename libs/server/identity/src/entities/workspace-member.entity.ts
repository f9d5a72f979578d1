import { Enum, Entity, Index } from '@mikro-orm/core';
import { AuditedRow, ParentKey, WorkspaceOwned } from '@retailos/server/database';
import { User } from './user.entity';
import { Workspace } from './workspace.entity';

export type MemberRole = 'owner' | 'admin' | 'staff';

@Entity({ tableName: 'workspace_members' })
@WorkspaceOwned()
@Index({ name: 'workspace_members_user_idx', properties: ['userId'] })
export class WorkspaceMember extends AuditedRow {
  @ParentKey(() => Workspace, 'workspace_id', { primary: true })
  workspaceId!: string;

  @ParentKey(() => User, 'user_id', { primary: true })
  userId!: string;

  @Enum({ items: ['owner', 'admin', 'staff'], type: 'text' })
  role!: MemberRole;
}
