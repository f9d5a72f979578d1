import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity, createdKeyFormula, ParentKey, WorkspaceOwned } from '@retailos/server/database';
import { ID_PREFIXES } from '@retailos/shared/util';
import { User } from './user.entity';
import { Workspace } from './workspace.entity';

/** Stored as SHA-256 plus a display prefix. Looked up by hash on every API call, before the workspace is known. */
@Entity({ tableName: 'api_keys' })
@WorkspaceOwned()
@Index({
  name: 'api_keys_key_hash_key',
  expression: 'create unique index api_keys_key_hash_key on api_keys (key_hash)',
})
@Index({
  name: 'api_keys_workspace_created_idx',
  expression: 'create index api_keys_workspace_created_idx on api_keys (workspace_id, created_at desc, id desc)',
})
export class ApiKey extends BaseEntity {
  @ParentKey(() => Workspace, 'workspace_id')
  workspaceId!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text', hidden: true })
  keyHash!: string;

  @Property({ type: 'text[]', columnType: 'text[]' })
  scopes!: string[];

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  lastUsedAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  @ManyToOne(() => User, {
    mapToPk: true,
    fieldName: 'created_by',
    deleteRule: 'set null',
    updateRule: 'no action',
    nullable: true,
    columnType: 'text',
  })
  createdBy: string | null = null;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(id?: string) {
    super(ID_PREFIXES.apiKey, id);
  }
}
