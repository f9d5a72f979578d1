/**
 * Compile-time only (`npm run typecheck`): the response views in `@retailos/shared/contracts`, which the dashboard's
 * client is typed on, must stay readable from what the server actually builds. Each line fails to compile when a
 * server view loses a field or changes its type; fields the server adds later do not break the dashboard.
 */
import type * as C from '@retailos/shared/contracts';
import type { ProductView, VariantView } from '../../libs/server/catalog/src/services/product-rows';
import type { CustomerView } from '../../libs/server/customers/src/services/customers.service';
import type { LocationView } from '../../libs/server/inventory/src/services/locations.service';
import type { MovementView } from '../../libs/server/inventory/src/services/inventory.service';
import type { LoginResponseDto } from '../../libs/server/identity/src/dto/login.dto';
import type { OrderLineView, OrderView } from '../../libs/server/orders/src/services/order-rows';
import type { AttemptView, DeliveryView, SubscriptionView, SubscriptionWithSecretView } from '../../libs/server/webhooks/src/dto/webhook.dto';

type Readable<Server, Contract> = Server extends Contract ? true : false;
type Assert<T extends true> = T;

export type ContractViewChecks = [
  Assert<Readable<ProductView, C.ProductView>>,
  Assert<Readable<VariantView, C.VariantView>>,
  Assert<Readable<OrderView, C.OrderView>>,
  Assert<Readable<OrderLineView, C.OrderLineView>>,
  Assert<Readable<CustomerView, C.CustomerView>>,
  Assert<Readable<LocationView, C.LocationView>>,
  Assert<Readable<MovementView, C.MovementView>>,
  Assert<Readable<SubscriptionView, C.WebhookSubscriptionView>>,
  Assert<Readable<SubscriptionWithSecretView, C.WebhookSubscriptionWithSecret>>,
  Assert<Readable<DeliveryView, C.WebhookDeliveryView>>,
  Assert<Readable<AttemptView, C.WebhookAttemptView>>,
  Assert<Readable<Omit<LoginResponseDto, 'workspace' | 'role'>, Omit<C.LoginResponse, 'workspace' | 'role'>>>,
];
