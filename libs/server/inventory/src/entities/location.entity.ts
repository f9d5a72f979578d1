import { Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';

@Entity({ tableName: 'locations' })
@Index({
  name: 'locations_ws_created_idx',
  expression: 'create index locations_ws_created_idx on locations (workspace_id, created_at desc, id desc)',
})
@Index({
  name: 'locations_ws_code_uq',
  expression: 'create unique index locations_ws_code_uq on locations (workspace_id, code) where code is not null',
})
export class Location extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  code: string | null = null;

  @Property({ type: 'json', columnType: 'jsonb', nullable: true })
  address: Record<string, unknown> | null = null;

  @Property({ type: 'boolean', default: true })
  active = true;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('loc', workspaceId, id);
  }
}
