import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { WorkspaceCurrency } from '@retailos/server/core';
import { CUSTOMERS_FACADE } from '@retailos/shared/contracts';
import { customersEntities } from './entities';
import { CustomersRepository } from './repositories/customers.repository';
import { CustomersController } from './controllers/customers.controller';
import { CustomersFacadeService } from './services/customers-facade.service';
import { CustomersService } from './services/customers.service';

@Global()
@Module({
  imports: [MikroOrmModule.forFeature(customersEntities)],
  controllers: [CustomersController],
  providers: [CustomersRepository, CustomersService, CustomersFacadeService, WorkspaceCurrency, { provide: CUSTOMERS_FACADE, useExisting: CustomersFacadeService }],
  exports: [CUSTOMERS_FACADE],
})
export class CustomersModule {}
