import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { INVENTORY_FACADE } from '@retailos/shared/contracts';
import { InventoryController } from './controllers/inventory.controller';
import { LocationsController } from './controllers/locations.controller';
import { InventoryFacadeService } from './services/inventory-facade.service';
import { InventoryService } from './services/inventory.service';
import { InventoryRepository } from './repositories/inventory.repository';
import { LevelWriter } from './services/level-writer.sql';
import { LocationsService } from './services/locations.service';
import { inventoryEntities } from './entities';

@Global()
@Module({
  imports: [MikroOrmModule.forFeature(inventoryEntities)],
  controllers: [LocationsController, InventoryController],
  providers: [InventoryRepository, LevelWriter, InventoryService, LocationsService, InventoryFacadeService, { provide: INVENTORY_FACADE, useExisting: InventoryFacadeService }],
  exports: [INVENTORY_FACADE],
})
export class InventoryModule {}
