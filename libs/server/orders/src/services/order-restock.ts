import type { EntityManager } from '@mikro-orm/postgresql';
import type { InventoryFacade } from '@retailos/shared/contracts';
import type { OrderLine } from '../entities/order-line.entity';
import type { Order } from '../entities/order.entity';

/** A cancelled order's stock goes back on its location's shelf: only what was sold and not already returned. */
export function restockCancelled(
  inventory: InventoryFacade,
  tem: EntityManager,
  order: Order,
  lines: OrderLine[],
  actor: string,
): Promise<void> {
  return inventory.restock(
    tem,
    order.workspaceId,
    order.locationId,
    lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity - l.returnedQuantity })),
    'order_cancelled',
    { reference: order.id, actor },
  );
}
