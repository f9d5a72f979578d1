import { Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';

@Entity({ tableName: 'customers' })
@Index({
  name: 'customers_ws_created_idx',
  expression: 'create index customers_ws_created_idx on customers (workspace_id, created_at desc, id desc)',
})
@Index({ name: 'customers_ws_id_idx', properties: ['workspaceId', 'id'] })
@Index({
  name: 'customers_ws_email_uq',
  expression:
    'create unique index customers_ws_email_uq on customers (workspace_id, lower(email)) where email is not null',
})
@Index({
  name: 'customers_name_trgm_idx',
  expression:
    "create index customers_name_trgm_idx on customers using gin ((coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '')) gin_trgm_ops)",
})
export class Customer extends WorkspaceScopedEntity {
  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text', nullable: true })
  firstName: string | null = null;

  @Property({ type: 'text', nullable: true })
  lastName: string | null = null;

  @Property({ type: 'text', nullable: true })
  phone: string | null = null;

  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: `'[]'` })
  addresses: Record<string, unknown>[] = [];

  @Property({ type: 'text[]', columnType: 'text[]', defaultRaw: `'{}'` })
  tags: string[] = [];

  @Property({ type: 'boolean', default: false })
  acceptsMarketing = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  marketingConsentUpdatedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('cus', workspaceId, id);
  }
}
