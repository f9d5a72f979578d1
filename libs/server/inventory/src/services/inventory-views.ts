import type { LevelView, LocationView, MovementView } from '@retailos/shared/contracts';
import type { InventoryLevel } from '../entities/inventory-level.entity';
import type { InventoryMovement } from '../entities/inventory-movement.entity';
import type { Location } from '../entities/location.entity';

export type { LocationView, MovementView };

export function levelView(l: InventoryLevel): LevelView {
  return {
    id: l.id,
    variantId: l.variantId,
    locationId: l.locationId,
    available: l.available,
    onHand: l.onHand,
    committed: l.committed,
    updatedAt: l.updatedAt.toISOString(),
  };
}

export function locationView(l: Location): LocationView {
  return {
    id: l.id,
    name: l.name,
    code: l.code,
    address: l.address,
    active: l.active,
    createdAt: l.createdAt.toISOString(),
  };
}

export function movementView(m: InventoryMovement): MovementView {
  return {
    id: m.id,
    variantId: m.variantId,
    locationId: m.locationId,
    delta: m.delta,
    reason: m.reason,
    reference: m.reference,
    actor: m.actor,
    availableAfter: m.availableAfter,
    onHandAfter: m.onHandAfter,
    createdAt: m.createdAt.toISOString(),
  };
}
