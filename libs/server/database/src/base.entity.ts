import { Filter, ManyToOne, PrimaryKey, Property, type EntityClass } from '@mikro-orm/core';
import { TENANT_FILTER, tenantFilter } from '@retailos/server/core';
import { newId } from '@retailos/shared/util';

export { TENANT_FILTER, tenantFilter };

/** The timestamptz audit columns (`now()` defaults, as the migrations declare them), for rows keyed otherwise. */
export abstract class AuditedRow {
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** Prefixed public id as primary key, and the audit columns. */
export abstract class BaseEntity extends AuditedRow {
  @PrimaryKey({ type: 'text' })
  id: string;

  protected constructor(prefix: string, id?: string) {
    super();
    this.id = id ?? newId(prefix);
  }
}

/**
 * Workspace-owned rows. The tenant filter is on by default: a query through an EntityManager without a workspace
 * (see `tenantEm`) throws `tenant_scope_missing` instead of reading across tenants. It is the backstop: repositories
 * still put workspaceId in every where clause, and raw SQL (`*.sql.ts`) is scoped by hand.
 * Entities whose table lacks id/created_at/updated_at carry `@WorkspaceOwned()` and a `workspaceId` property instead.
 */
@Filter(tenantFilter)
export abstract class WorkspaceScopedEntity extends BaseEntity {
  @Property({ type: 'text' })
  workspaceId: string;

  protected constructor(prefix: string, workspaceId: string, id?: string) {
    super(prefix, id);
    this.workspaceId = workspaceId;
  }
}

/** The tenant filter for a workspace-owned entity that does not extend WorkspaceScopedEntity. */
export function WorkspaceOwned(): ClassDecorator {
  return Filter(tenantFilter) as ClassDecorator;
}

/** A workspace-owned row whose table has no audit columns (lines, join rows): id and workspace, tenant filter on. */
@Filter(tenantFilter)
export abstract class WorkspaceRow {
  @PrimaryKey({ type: 'text' })
  id!: string;

  @Property({ type: 'text' })
  workspaceId!: string;
}

/**
 * A text foreign key to the parent row, mapped as the parent's id and deleted with it (`on delete cascade`);
 * `primary` for a join row keyed by its parents.
 */
export function ParentKey(
  parent: () => EntityClass<object>,
  fieldName: string,
  options: { primary?: boolean } = {},
): PropertyDecorator {
  return ManyToOne(parent, {
    mapToPk: true,
    fieldName,
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
    ...options,
  }) as PropertyDecorator;
}
