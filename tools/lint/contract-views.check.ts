/**
 * Compile-time only (`npm run typecheck`): the response views in `@retailos/shared/contracts`, which the dashboard's
 * client is typed on, must stay readable from what the server actually builds. Each line fails to compile when a
 * server view loses a field or changes its type; fields the server adds later do not break the dashboard.
 * Products, variants, orders, customers, locations and movements are built on the contract types themselves (the
 * server imports them from contracts), so only the views still declared server-side are checked here.
 */
import type * as C from '@retailos/shared/contracts';
import type { LoginResponseDto } from '../../libs/server/identity/src/dto/login.dto';
import type { AttemptView, DeliveryView, SubscriptionView, SubscriptionWithSecretView } from '../../libs/server/webhooks/src/dto/webhook.dto';
import type { SyncHistoryView } from '../../libs/server/sync/src/services/sync-history.service';

type Readable<Server, Contract> = Server extends Contract ? true : false;
type Assert<T extends true> = T;

export type ContractViewChecks = [
  Assert<Readable<SubscriptionView, C.WebhookSubscriptionView>>,
  Assert<Readable<SubscriptionWithSecretView, C.WebhookSubscriptionWithSecret>>,
  Assert<Readable<DeliveryView, C.WebhookDeliveryView>>,
  Assert<Readable<AttemptView, C.WebhookAttemptView>>,
  Assert<Readable<SyncHistoryView, C.SyncHistoryEntryView>>,
  Assert<Readable<Omit<LoginResponseDto, 'workspace' | 'role'>, Omit<C.LoginResponse, 'workspace' | 'role'>>>,
];
