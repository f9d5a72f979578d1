import { Enum, Entity, Filter, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { tenantFilter } from '../../../tenancy/tenant-filter';

@Entity({ tableName: 'idempotency_keys' })
@Filter(tenantFilter)
@Index({ name: 'idempotency_keys_expires_idx', properties: ['expiresAt'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'text' })
  workspaceId!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  requestHash!: string;

  @Enum({ items: ['in_flight', 'completed'], type: 'text' })
  state!: 'in_flight' | 'completed';

  @Property({ type: 'integer', nullable: true })
  responseStatus: number | null = null;

  @Property({ type: 'text', nullable: true })
  responseContentType: string | null = null;

  @Property({ type: 'text', nullable: true })
  responseBody: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  lockedAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  expiresAt!: Date;
}
