import { InventoryLevel } from './inventory-level.entity';
import { InventoryMovement } from './inventory-movement.entity';
import { Location } from './location.entity';

export { InventoryLevel, InventoryMovement, Location };
export const inventoryEntities = [Location, InventoryLevel, InventoryMovement];
