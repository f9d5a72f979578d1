import { Global, Module } from '@nestjs/common';
import { WorkspaceCurrency } from '@retailos/server/core';
import { CATALOG_FACADE } from '@retailos/shared/contracts';
import { ProductsController } from './controllers/products.controller';
import { CatalogFacadeService } from './services/catalog-facade.service';
import { ProductsService } from './services/products.service';

/** Global so the other contexts reach CATALOG_FACADE without importing this module (no module cycles). */
@Global()
@Module({
  controllers: [ProductsController],
  providers: [ProductsService, CatalogFacadeService, WorkspaceCurrency, { provide: CATALOG_FACADE, useExisting: CatalogFacadeService }],
  exports: [CATALOG_FACADE],
})
export class CatalogModule {}
