import { Filter, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '@retailos/shared/util';

/** Prefixed public id as primary key, timestamptz audit columns. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'text' })
  id: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  protected constructor(prefix: string, id?: string) {
    this.id = id ?? newId(prefix);
  }
}

export const TENANT_FILTER = 'tenant';

/**
 * Workspace-owned rows. The tenant filter is on by default and needs its workspace argument, so an ORM query that
 * forgets the workspace fails loudly instead of reading across tenants. It is the backstop: services still pass
 * workspaceId into every where clause, and raw SQL is scoped by hand.
 */
@Filter({
  name: TENANT_FILTER,
  cond: (args: { workspaceId?: string }) => ({ workspaceId: args.workspaceId }),
  default: true,
  args: true,
})
export abstract class WorkspaceScopedEntity extends BaseEntity {
  @Property({ type: 'text', fieldName: 'workspace_id' })
  workspaceId: string;

  protected constructor(prefix: string, workspaceId: string, id?: string) {
    super(prefix, id);
    this.workspaceId = workspaceId;
  }
}
