import { Entity, Index, Property } from '@mikro-orm/core';
import { BaseEntity, ParentKey, WorkspaceOwned } from '@retailos/server/database';
import { ID_PREFIXES } from '@retailos/shared/util';
import { User } from './user.entity';
import { Workspace } from './workspace.entity';

/** A staff session; only the SHA-256 of its token is stored. Looked up by token hash before the workspace is known. */
@Entity({ tableName: 'sessions' })
@WorkspaceOwned()
@Index({
  name: 'sessions_token_hash_key',
  expression: 'create unique index sessions_token_hash_key on sessions (token_hash)',
})
@Index({ name: 'sessions_workspace_user_idx', properties: ['workspaceId', 'userId'] })
export class Session extends BaseEntity {
  @ParentKey(() => Workspace, 'workspace_id')
  workspaceId!: string;

  @ParentKey(() => User, 'user_id')
  userId!: string;

  @Property({ type: 'text', hidden: true })
  tokenHash!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Property({ type: 'text', nullable: true })
  userAgent: string | null = null;

  constructor(id?: string) {
    super(ID_PREFIXES.session, id);
  }
}
