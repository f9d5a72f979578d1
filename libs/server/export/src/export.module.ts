import { Module, type DynamicModule } from '@nestjs/common';
import type { Ports } from '@retailos/server/core';
import { ExportController } from './controllers/export.controller';

/** Reads every context through its facade. */
@Module({ controllers: [ExportController] })
export class ExportModule {
  /** `ports` export CATALOG_FACADE, INVENTORY_FACADE, CUSTOMERS_FACADE and ORDERS_FACADE. */
  static register(ports: Ports): DynamicModule {
    return { module: ExportModule, imports: ports };
  }
}
