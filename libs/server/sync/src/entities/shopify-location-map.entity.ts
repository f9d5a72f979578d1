import { Entity, Property, Unique } from '@mikro-orm/core';
import { WorkspaceScopedEntity } from '@retailos/server/database';

/** One Shopify location and the location of ours it stands for (created on import, editable by the merchant). */
@Entity({ tableName: 'shopify_location_maps' })
@Unique({ name: 'shopify_location_maps_gid_uq', properties: ['workspaceId', 'shopifyLocationGid'] })
export class ShopifyLocationMap extends WorkspaceScopedEntity {
  @Property({ type: 'text' })
  shopifyLocationGid: string;

  @Property({ type: 'text' })
  shopifyName: string;

  @Property({ type: 'boolean' })
  shopifyActive: boolean;

  /** Our location; null until mapped (a Shopify location may be left out of the sync). */
  @Property({ type: 'text', nullable: true })
  locationId: string | null;

  constructor(
    workspaceId: string,
    shopifyLocationGid: string,
    shopifyName: string,
    shopifyActive: boolean,
    locationId: string | null,
  ) {
    super('slm', workspaceId);
    this.shopifyLocationGid = shopifyLocationGid;
    this.shopifyName = shopifyName;
    this.shopifyActive = shopifyActive;
    this.locationId = locationId;
  }
}
