import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { WorkspaceCurrency, type Ports } from '@retailos/server/core';
import { CATALOG_FACADE } from '@retailos/shared/contracts';
import { catalogEntities } from './entities';
import { ProductsRepository } from './repositories/products.repository';
import { ProductsController } from './controllers/products.controller';
import { CatalogFacadeService } from './services/catalog-facade.service';
import { ProductsService } from './services/products.service';

/** Products and variants; binds CATALOG_FACADE. */
@Module({
  imports: [MikroOrmModule.forFeature(catalogEntities)],
  controllers: [ProductsController],
  providers: [
    ProductsRepository,
    ProductsService,
    CatalogFacadeService,
    WorkspaceCurrency,
    { provide: CATALOG_FACADE, useExisting: CatalogFacadeService },
  ],
  exports: [CATALOG_FACADE],
})
export class CatalogModule {
  /** `ports` export INVENTORY_FACADE (stock in product views) and WORKSPACE_DIRECTORY (default currency). */
  static register(ports: Ports): DynamicModule {
    return { module: CatalogModule, imports: ports };
  }
}
