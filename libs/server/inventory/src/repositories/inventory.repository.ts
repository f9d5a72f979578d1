import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TENANT_FILTER, type KeysetPosition } from '@retailos/server/core';
import { applyKeyset, createdKeyset, tenantEm, type KeysetKey } from '@retailos/server/database';
import { InventoryLevel } from '../entities/inventory-level.entity';
import { InventoryMovement } from '../entities/inventory-movement.entity';
import { Location } from '../entities/location.entity';

export interface LevelListFilter {
  variantId?: string;
  locationId?: string;
}

export interface MovementListFilter extends LevelListFilter {
  reference?: string;
}

const LOCATION_KEYS = createdKeyset<Location>();
const MOVEMENT_KEYS = createdKeyset<InventoryMovement>();
const LEVEL_KEYS: KeysetKey<InventoryLevel>[] = [{ property: 'id', column: 'id' }];

/** Reads and non-hot writes of locations, levels and the ledger (stock changes are in level-writer.sql.ts). */
@Injectable()
export class InventoryRepository {
  constructor(private readonly em: EntityManager) {}

  scope(workspaceId: string): EntityManager {
    return tenantEm(this.em, workspaceId);
  }

  async listLocations(workspaceId: string, after: KeysetPosition | null, take: number): Promise<Location[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(Location, 'l').select('*').where({ workspaceId });
    await applyKeyset(qb, LOCATION_KEYS, after, take);
    return qb.getResultList();
  }

  findLocation(workspaceId: string, id: string): Promise<Location | null> {
    return this.scope(workspaceId).findOne(Location, { id, workspaceId });
  }

  /** `em` may be another context's transaction: the workspace goes in as the filter argument. */
  async locationExists(em: EntityManager | null, workspaceId: string, id: string): Promise<boolean> {
    return (
      (await (em ?? this.em.fork()).count(
        Location,
        { id, workspaceId },
        { filters: { [TENANT_FILTER]: { workspaceId } } },
      )) > 0
    );
  }

  async createLocation(
    workspaceId: string,
    fields: { name: string; code?: string; address?: Record<string, unknown> },
  ): Promise<Location> {
    const em = this.scope(workspaceId);
    const location = new Location(workspaceId);
    location.name = fields.name;
    location.code = fields.code ?? null;
    location.address = fields.address ?? null;
    await em.persist(location).flush();
    return location;
  }

  async listLevels(
    workspaceId: string,
    filter: LevelListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<InventoryLevel[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(InventoryLevel, 'l').select('*').where({ workspaceId });
    if (filter.variantId) qb.andWhere({ variantId: filter.variantId });
    if (filter.locationId) qb.andWhere({ locationId: filter.locationId });
    await applyKeyset(qb, LEVEL_KEYS, after, take, 'asc');
    return qb.getResultList();
  }

  async listMovements(
    workspaceId: string,
    filter: MovementListFilter,
    after: KeysetPosition | null,
    take: number,
  ): Promise<InventoryMovement[]> {
    const qb = this.scope(workspaceId).createQueryBuilder(InventoryMovement, 'm').select('*').where({ workspaceId });
    if (filter.variantId) qb.andWhere({ variantId: filter.variantId });
    if (filter.locationId) qb.andWhere({ locationId: filter.locationId });
    if (filter.reference) qb.andWhere({ reference: filter.reference });
    await applyKeyset(qb, MOVEMENT_KEYS, after, take);
    return qb.getResultList();
  }

  levelsForVariants(workspaceId: string, variantIds: string[]): Promise<InventoryLevel[]> {
    return this.scope(workspaceId).find(
      InventoryLevel,
      { workspaceId, variantId: { $in: variantIds } },
      { orderBy: [{ variantId: 'asc' }, { locationId: 'asc' }] },
    );
  }

  levelsAt(workspaceId: string, locationId: string, variantIds: string[]): Promise<InventoryLevel[]> {
    return this.scope(workspaceId).find(InventoryLevel, { workspaceId, locationId, variantId: { $in: variantIds } });
  }
}
