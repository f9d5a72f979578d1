import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { WorkspaceOwned } from '@retailos/server/database';
import { WebhookDelivery } from './webhook-delivery.entity';

@Entity({ tableName: 'webhook_attempts' })
@WorkspaceOwned()
@Unique({ name: 'webhook_attempts_uq', properties: ['deliveryId', 'attemptNo'] })
export class WebhookAttempt {
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  id!: number;

  @Property({ type: 'text' })
  workspaceId!: string;

  @ManyToOne(() => WebhookDelivery, {
    mapToPk: true,
    fieldName: 'delivery_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  deliveryId!: string;

  @Property({ type: 'integer' })
  attemptNo!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  attemptedAt!: Date;

  @Property({ type: 'integer', nullable: true })
  statusCode: number | null = null;

  @Property({ type: 'integer' })
  latencyMs!: number;

  @Property({ type: 'boolean' })
  succeeded!: boolean;

  @Property({ type: 'text', nullable: true })
  responseExcerpt: string | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;
}
