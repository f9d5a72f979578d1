/**
 * Compile-time only (`npm run typecheck`): the response views in `@retailos/shared/contracts`, which the dashboard's
 * client is typed on, must stay readable from what the server actually builds. Each line fails to compile when a
 * server view loses a field or changes its type; fields the server adds later do not break the dashboard.
 * Every other view is built on the contract type itself (its controller returns the contract type), so only the
 * webhook views the webhooks service still declares as classes are checked here.
 */
import type * as C from '@retailos/shared/contracts';
import type {
  AttemptView,
  DeliveryView,
  SubscriptionView,
  SubscriptionWithSecretView,
} from '../../libs/server/webhooks/src/dto/webhook.dto';

type Readable<Server, Contract> = Server extends Contract ? true : false;
type Assert<T extends true> = T;

export type ContractViewChecks = [
  Assert<Readable<SubscriptionView, C.WebhookSubscriptionView>>,
  Assert<Readable<SubscriptionWithSecretView, C.WebhookSubscriptionWithSecret>>,
  Assert<Readable<DeliveryView, C.WebhookDeliveryView>>,
  Assert<Readable<AttemptView, C.WebhookAttemptView>>,
];
