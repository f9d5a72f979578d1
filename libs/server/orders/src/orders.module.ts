import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { WorkspaceCurrency } from '@retailos/server/core';
import { ORDERS_FACADE } from '@retailos/shared/contracts';
import { OrdersController } from './controllers/orders.controller';
import { OrdersRepository } from './repositories/orders.repository';
import { OrderNumbers } from './services/order-numbers.service';
import { OrdersFacadeService } from './services/orders-facade.service';
import { OrdersService } from './services/orders.service';
import { ordersEntities } from './entities';

@Global()
@Module({
  imports: [MikroOrmModule.forFeature(ordersEntities)],
  controllers: [OrdersController],
  providers: [OrdersRepository, OrdersService, OrderNumbers, OrdersFacadeService, WorkspaceCurrency, { provide: ORDERS_FACADE, useExisting: OrdersFacadeService }],
  exports: [ORDERS_FACADE],
})
export class OrdersModule {}
