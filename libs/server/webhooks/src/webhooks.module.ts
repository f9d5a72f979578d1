import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { WebhookOutcomesRepository } from './repositories/webhook-outcomes.repository';
import { WebhooksRepository } from './repositories/webhooks.repository';
import { WebhooksController } from './controllers/webhooks.controller';
import { WebhooksProcessor } from './processors/webhooks.processor';
import { WebhookDeliveriesService } from './services/webhook-deliveries.service';
import { WebhookDeliveryRecorder } from './services/webhook-delivery-recorder.service';
import { WebhookFanoutService } from './services/webhook-fanout.service';
import { WebhookSecretCache } from './services/webhook-secret-cache';
import { WebhookPruner } from './services/webhook-pruner.service';
import { WebhookSender } from './services/webhook-sender.service';
import { WebhookSettings } from './services/webhook-settings.service';
import { WebhookSubscriptionsService } from './services/webhook-subscriptions.service';
import { WebhookSweeper } from './services/webhook-sweeper.service';
import { webhooksEntities } from './entities';

/** Api: subscriptions, deliveries, replays. */
@Module({
  imports: [MikroOrmModule.forFeature(webhooksEntities)],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhookSettings, WebhookSubscriptionsService, WebhookDeliveriesService],
})
export class WebhooksModule {}

/** Worker: fan-out, delivery, the sweeper and the retention pruner. */
@Module({
  imports: [MikroOrmModule.forFeature(webhooksEntities)],
  providers: [
    WebhookSettings,
    WebhookOutcomesRepository,
    WebhookSecretCache,
    WebhookFanoutService,
    WebhookDeliveryRecorder,
    WebhookSender,
    WebhooksProcessor,
    WebhookSweeper,
    WebhookPruner,
  ],
  exports: [WebhookFanoutService, WebhookSender, WebhookSweeper, WebhookSettings, WebhookPruner],
})
export class WebhooksWorkerModule {}
