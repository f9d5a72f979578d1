import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Ports } from '@retailos/server/core';
import { INVENTORY_FACADE } from '@retailos/shared/contracts';
import { InventoryController } from './controllers/inventory.controller';
import { LocationsController } from './controllers/locations.controller';
import { InventoryFacadeService } from './services/inventory-facade.service';
import { InventoryService } from './services/inventory.service';
import { InventoryRepository } from './repositories/inventory.repository';
import { LevelWriter } from './services/level-writer.sql';
import { LocationsService } from './services/locations.service';
import { inventoryEntities } from './entities';

/**
 * INVENTORY_FACADE on its own: it reads and writes inventory rows only, so the catalog (stock in product views) and
 * orders can consume it while InventoryModule consumes CATALOG_FACADE, without a module cycle.
 */
@Module({
  imports: [MikroOrmModule.forFeature(inventoryEntities)],
  providers: [
    InventoryRepository,
    LevelWriter,
    InventoryFacadeService,
    { provide: INVENTORY_FACADE, useExisting: InventoryFacadeService },
  ],
  exports: [INVENTORY_FACADE, InventoryRepository, LevelWriter],
})
export class InventoryFacadeModule {}

/** Locations, levels and movements over HTTP; exports INVENTORY_FACADE too. */
@Module({
  imports: [InventoryFacadeModule],
  controllers: [LocationsController, InventoryController],
  providers: [InventoryService, LocationsService],
  exports: [InventoryFacadeModule],
})
export class InventoryModule {
  /** `ports` export CATALOG_FACADE (SKU and variant lookups). */
  static register(ports: Ports): DynamicModule {
    return { module: InventoryModule, imports: ports };
  }
}
