import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module, type DynamicModule } from '@nestjs/common';
import { WorkspaceCurrency, type Ports } from '@retailos/server/core';
import { ORDERS_FACADE } from '@retailos/shared/contracts';
import { OrdersController } from './controllers/orders.controller';
import { OrdersRepository } from './repositories/orders.repository';
import { OrderNumbers } from './services/order-numbers.service';
import { OrdersFacadeService } from './services/orders-facade.service';
import { OrdersService } from './services/orders.service';
import { ordersEntities } from './entities';

/**
 * ORDERS_FACADE on its own: it reads and writes order rows (and takes stock for Shopify sales through INVENTORY_FACADE),
 * so customers (order history in customer views) can consume it while OrdersModule consumes CUSTOMERS_FACADE, without a
 * module cycle. `ports` export INVENTORY_FACADE.
 */
@Module({})
export class OrdersFacadeModule {
  static register(ports: Ports): DynamicModule {
    return {
      module: OrdersFacadeModule,
      imports: [MikroOrmModule.forFeature(ordersEntities), ...ports],
      providers: [
        OrdersRepository,
        OrderNumbers,
        OrdersFacadeService,
        { provide: ORDERS_FACADE, useExisting: OrdersFacadeService },
      ],
      exports: [ORDERS_FACADE, OrdersRepository, OrderNumbers],
    };
  }
}

/** Order placement, cancellation and returns over HTTP; exports ORDERS_FACADE too. */
@Module({ controllers: [OrdersController], providers: [OrdersService, WorkspaceCurrency] })
export class OrdersModule {
  /** `ports` export CATALOG_FACADE, INVENTORY_FACADE, CUSTOMERS_FACADE and WORKSPACE_DIRECTORY. */
  static register(ports: Ports): DynamicModule {
    const facade = OrdersFacadeModule.register(ports);
    return { module: OrdersModule, imports: [...ports, facade], exports: [facade] };
  }
}
