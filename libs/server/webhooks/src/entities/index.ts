import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEvent, WebhookFanout } from './webhook-event.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

export { WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookFanout, WebhookSubscription };
export type { WebhookDeliveryStatus } from './webhook-delivery.entity';
export type { WebhookSubscriptionStatus } from './webhook-subscription.entity';
export const webhooksEntities = [WebhookSubscription, WebhookDelivery, WebhookAttempt, WebhookEvent, WebhookFanout];
