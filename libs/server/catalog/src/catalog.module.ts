import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { WorkspaceCurrency } from '@retailos/server/core';
import { CATALOG_FACADE } from '@retailos/shared/contracts';
import { catalogEntities } from './entities';
import { ProductsRepository } from './repositories/products.repository';
import { ProductsController } from './controllers/products.controller';
import { CatalogFacadeService } from './services/catalog-facade.service';
import { ProductsService } from './services/products.service';

/** Global so the other contexts reach CATALOG_FACADE without importing this module (no module cycles). */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature(catalogEntities)],
  controllers: [ProductsController],
  providers: [ProductsRepository, ProductsService, CatalogFacadeService, WorkspaceCurrency, { provide: CATALOG_FACADE, useExisting: CatalogFacadeService }],
  exports: [CATALOG_FACADE],
})
export class CatalogModule {}
