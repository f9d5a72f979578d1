import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { WorkspaceOwned } from '@retailos/server/database';
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
export class Session {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @ManyToOne(() => Workspace, {
    mapToPk: true,
    fieldName: 'workspace_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  workspaceId!: string;

  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'user_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
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

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
