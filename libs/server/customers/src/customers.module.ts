import { Global, Module } from '@nestjs/common';
import { WorkspaceCurrency } from '@retailos/server/core';
import { CUSTOMERS_FACADE } from '@retailos/shared/contracts';
import { CustomersController } from './controllers/customers.controller';
import { CustomersFacadeService } from './services/customers-facade.service';
import { CustomersService } from './services/customers.service';

@Global()
@Module({
  controllers: [CustomersController],
  providers: [CustomersService, CustomersFacadeService, WorkspaceCurrency, { provide: CUSTOMERS_FACADE, useExisting: CustomersFacadeService }],
  exports: [CUSTOMERS_FACADE],
})
export class CustomersModule {}
