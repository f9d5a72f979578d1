import { Enum, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceOwned } from '@retailos/server/database';
import { User } from './user.entity';
import { Workspace } from './workspace.entity';

export type MemberRole = 'owner' | 'admin' | 'staff';

@Entity({ tableName: 'workspace_members' })
@WorkspaceOwned()
@Index({ name: 'workspace_members_user_idx', properties: ['userId'] })
export class WorkspaceMember {
  @ManyToOne(() => Workspace, {
    primary: true,
    mapToPk: true,
    fieldName: 'workspace_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  workspaceId!: string;

  @ManyToOne(() => User, {
    primary: true,
    mapToPk: true,
    fieldName: 'user_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  userId!: string;

  @Enum({ items: ['owner', 'admin', 'staff'], type: 'text' })
  role!: MemberRole;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
