import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError } from '@retailos/server/core';
import { INVENTORY_FACADE, type InventoryFacade, type ShopifyLocationMapView } from '@retailos/shared/contracts';
import type { ShopifyLocationMap } from '../entities/shopify-location-map.entity';
import { ShopifyConnectionRepository } from '../repositories/shopify-connection.repository';
import { ShopifyLocationMapRepository } from '../repositories/shopify-location-map.repository';

/** Declared in contracts (the OpenAPI document and the dashboard read it from there). */
export type LocationMapView = ShopifyLocationMapView;

const toView = (m: ShopifyLocationMap): LocationMapView => ({
  id: m.id,
  shopifyLocationId: m.shopifyLocationGid,
  shopifyName: m.shopifyName,
  shopifyActive: m.shopifyActive,
  locationId: m.locationId,
  updatedAt: m.updatedAt.toISOString(),
});

/** Which of our locations each Shopify location stands for. */
@Injectable()
export class LocationMapsService {
  constructor(
    private readonly connections: ShopifyConnectionRepository,
    private readonly maps: ShopifyLocationMapRepository,
    @Inject(INVENTORY_FACADE) private readonly inventory: InventoryFacade,
  ) {}

  async list(workspaceId: string): Promise<{ data: LocationMapView[] }> {
    const rows = await this.maps.list(this.connections.fork(workspaceId), workspaceId);
    return { data: rows.map(toView) };
  }

  async update(workspaceId: string, id: string, locationId: string | null): Promise<LocationMapView> {
    const em = this.connections.fork(workspaceId);
    const row = await this.maps.byId(em, workspaceId, id);
    if (!row) throw new NotFoundError('Shopify location', id);
    if (locationId !== null && !(await this.inventory.locationExists(null, workspaceId, locationId))) {
      throw new ValidationFailedError([
        { field: 'locationId', message: `no location ${locationId} in this workspace` },
      ]);
    }
    row.locationId = locationId;
    await em.flush();
    return toView(row);
  }
}
