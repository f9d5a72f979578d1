import { Enum, Entity, Index, Property } from '@mikro-orm/core';
import { createdKeyFormula, WorkspaceScopedEntity } from '@retailos/server/database';

export type ProductStatus = 'active' | 'draft' | 'archived';

@Entity({ tableName: 'products' })
@Index({
  name: 'products_ws_handle_uq',
  expression: 'create unique index products_ws_handle_uq on products (workspace_id, handle)',
})
@Index({
  name: 'products_ws_created_idx',
  expression: 'create index products_ws_created_idx on products (workspace_id, created_at desc, id desc)',
})
@Index({ name: 'products_ws_id_idx', properties: ['workspaceId', 'id'] })
@Index({ name: 'products_ws_updated_idx', properties: ['workspaceId', 'updatedAt'] })
@Index({
  name: 'products_title_trgm_idx',
  expression: 'create index products_title_trgm_idx on products using gin (title gin_trgm_ops)',
})
export class Product extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  handle!: string;

  @Property({ type: 'text', nullable: true })
  description: string | null = null;

  @Property({ type: 'text', nullable: true })
  vendor: string | null = null;

  @Property({ type: 'text', nullable: true })
  productType: string | null = null;

  @Enum({ items: ['active', 'draft', 'archived'], type: 'text', default: 'active' })
  status: ProductStatus = 'active';

  @Property({ type: 'text[]', columnType: 'text[]', defaultRaw: `'{}'` })
  tags: string[] = [];

  /** Exact keyset text of created_at (microseconds), for cursors. */
  @Property({ type: 'text', formula: createdKeyFormula, persist: false, hidden: true })
  createdKey?: string;

  constructor(workspaceId: string, id?: string) {
    super('prod', workspaceId, id);
  }
}
