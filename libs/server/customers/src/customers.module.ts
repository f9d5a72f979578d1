import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { WorkspaceCurrency, type Ports } from '@retailos/server/core';
import { CUSTOMERS_FACADE } from '@retailos/shared/contracts';
import { customersEntities } from './entities';
import { CustomersRepository } from './repositories/customers.repository';
import { CustomersController } from './controllers/customers.controller';
import { CustomersFacadeService } from './services/customers-facade.service';
import { CustomersService } from './services/customers.service';

/** Customers; binds CUSTOMERS_FACADE. */
@Module({
  imports: [MikroOrmModule.forFeature(customersEntities)],
  controllers: [CustomersController],
  providers: [
    CustomersRepository,
    CustomersService,
    CustomersFacadeService,
    WorkspaceCurrency,
    { provide: CUSTOMERS_FACADE, useExisting: CustomersFacadeService },
  ],
  exports: [CUSTOMERS_FACADE],
})
export class CustomersModule {
  /** `ports` export ORDERS_FACADE (order history in customer views) and WORKSPACE_DIRECTORY (default currency). */
  static register(ports: Ports): DynamicModule {
    return { module: CustomersModule, imports: ports };
  }
}
