import { BigIntType, Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';
import { Product } from './product.entity';

@Entity({ tableName: 'variants' })
@Index({
  name: 'variants_ws_sku_uq',
  expression: 'create unique index variants_ws_sku_uq on variants (workspace_id, sku)',
})
@Index({ name: 'variants_ws_id_idx', properties: ['workspaceId', 'id'] })
@Index({ name: 'variants_product_idx', properties: ['productId', 'position'] })
@Index({
  name: 'variants_ws_barcode_idx',
  expression: 'create index variants_ws_barcode_idx on variants (workspace_id, barcode) where barcode is not null',
})
@Check({ name: 'variants_price_check', expression: 'price >= 0' })
@Check({ name: 'variants_compare_at_price_check', expression: 'compare_at_price >= 0' })
export class Variant extends WorkspaceScopedEntity {
  @ManyToOne(() => Product, {
    mapToPk: true,
    fieldName: 'product_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
    columnType: 'text',
  })
  productId!: string;

  @Property({ type: 'text' })
  sku!: string;

  @Property({ type: 'text', nullable: true })
  barcode: string | null = null;

  @Property({ type: 'text', default: 'Default' })
  title = 'Default';

  /** Minor units. */
  @Property({ type: new BigIntType('number') })
  price!: number;

  @Property({ type: new BigIntType('number'), nullable: true })
  compareAtPrice: number | null = null;

  @Property({ type: 'character', columnType: 'char(3)', length: 3 })
  currency!: string;

  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: `'{}'` })
  options: Record<string, string> = {};

  @Property({ type: 'boolean', default: false })
  allowBackorder = false;

  @Property({ type: 'integer', default: 0 })
  position = 0;

  constructor(workspaceId: string, id?: string) {
    super('var', workspaceId, id);
  }
}
