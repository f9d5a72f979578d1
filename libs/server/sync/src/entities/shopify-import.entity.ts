import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';

export type ImportStatus = 'running' | 'completed' | 'failed';
/** The phase in progress: one bulk operation per entity, then the webhooks held during the import are released. */
export type ImportStage = 'locations' | 'products' | 'inventory' | 'customers' | 'orders' | 'webhooks' | 'done';

export interface ImportCount {
  done: number;
  total: number | null;
}

/**
 * The durable checkpoint of one initial import: the phase, the bulk operation it reads and how many lines of that
 * operation's JSONL are applied (committed in the same transaction as the rows they produced). A restarted worker
 * resumes exactly there: never a timestamp, so rows sharing one `updated_at` can never be skipped or doubled.
 */
@Entity({ tableName: 'shopify_imports' })
@Index({
  name: 'shopify_imports_ws_idx',
  expression: 'create index shopify_imports_ws_idx on shopify_imports (workspace_id, started_at desc)',
})
@Index({
  name: 'shopify_imports_running_uq',
  expression:
    "create unique index shopify_imports_running_uq on shopify_imports (workspace_id) where status = 'running'",
})
export class ShopifyImport extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  connectionId: string;

  @Enum({ items: ['running', 'completed', 'failed'], type: 'text', default: 'running' })
  status: ImportStatus = 'running';

  @Enum({
    items: ['locations', 'products', 'inventory', 'customers', 'orders', 'webhooks', 'done'],
    type: 'text',
    default: 'locations',
  })
  stage: ImportStage = 'locations';

  /** The phase's bulk operation (GID), null before it is started. */
  @Property({ type: 'text', nullable: true })
  bulkOperationId: string | null = null;

  /** JSONL lines of that operation already applied; a resumed read skips exactly these. */
  @Property({ type: 'integer', default: 0 })
  lineOffset = 0;

  /** Per entity: root rows applied and the operation's root object count once known. */
  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: `'{}'` })
  counts: Record<string, ImportCount> = {};

  /** Orders created before this are not imported (null: all). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  ordersSince: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  startedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  checkpointAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  finishedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  constructor(workspaceId: string, connectionId: string, ordersSince: Date | null) {
    super('sim', workspaceId);
    this.connectionId = connectionId;
    this.ordersSince = ordersSince;
  }
}
