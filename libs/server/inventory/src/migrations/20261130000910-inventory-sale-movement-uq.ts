import { Migration } from '@mikro-orm/migrations';

/** One `order_placed` ledger row per order, variant and location: a replayed sale can never take stock twice. */
export class Migration20261130000910InventorySaleMovementUq extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create unique index inventory_movements_sale_uq on inventory_movements (workspace_id, reference, variant_id, location_id) where reason = 'order_placed' and reference is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists inventory_movements_sale_uq;');
  }
}
