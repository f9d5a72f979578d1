import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace, DEFAULT_PAGE_LIMIT, RequireScopes } from '@retailos/server/core';
import type { Page } from '@retailos/shared/contracts';
import {
  CreateSubscriptionDto,
  DeliveryView,
  ListDeliveriesQueryDto,
  ListSubscriptionsQueryDto,
  ReplaySinceQueryDto,
  SubscriptionView,
  SubscriptionWithSecretView,
} from '../dto/webhook.dto';
import { WebhookDeliveriesService } from '../services/webhook-deliveries.service';
import { WebhookSubscriptionsService } from '../services/webhook-subscriptions.service';
import { parseSinceParam } from '../services/webhook-timing';

@ApiTags('webhooks')
@ApiBearerAuth('apiKey')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly subscriptions: WebhookSubscriptionsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post('subscribe')
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Subscribe a URL to topics; the answer carries the signing secret, shown once.' })
  @ApiCreatedResponse({ type: SubscriptionWithSecretView })
  subscribe(@CurrentWorkspace() workspaceId: string, @Body() body: CreateSubscriptionDto): Promise<SubscriptionWithSecretView> {
    return this.subscriptions.subscribe(workspaceId, body);
  }

  @Get('subscriptions')
  @RequireScopes('webhooks:read')
  @ApiOkResponse({ description: '{ data: SubscriptionView[], nextCursor }' })
  listSubscriptions(@CurrentWorkspace() workspaceId: string, @Query() q: ListSubscriptionsQueryDto): Promise<Page<SubscriptionView>> {
    return this.subscriptions.list(workspaceId, q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
  }

  @Get('subscriptions/:id')
  @RequireScopes('webhooks:read')
  @ApiOkResponse({ type: SubscriptionView })
  getSubscription(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<SubscriptionView> {
    return this.subscriptions.get(workspaceId, id);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @RequireScopes('webhooks:write')
  async deleteSubscription(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.subscriptions.remove(workspaceId, id);
  }

  @Post('subscriptions/:id/rotate-secret')
  @HttpCode(200)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'New signing secret (shown once); the previous one keeps signing alongside for 24 h.' })
  @ApiOkResponse({ type: SubscriptionWithSecretView })
  rotateSecret(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<SubscriptionWithSecretView> {
    return this.subscriptions.rotateSecret(workspaceId, id);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Send a `webhook.test` event to this subscription only.' })
  sendTest(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<{ eventId: string }> {
    return this.subscriptions.sendTest(workspaceId, id);
  }

  @Post('subscriptions/:id/enable')
  @HttpCode(200)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Re-activate a disabled subscription.' })
  @ApiOkResponse({ type: SubscriptionView })
  enable(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<SubscriptionView> {
    return this.subscriptions.enable(workspaceId, id);
  }

  @Post('subscriptions/:id/replay')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Replay every dead-lettered delivery of the subscription since a time.' })
  replaySince(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Query() q: ReplaySinceQueryDto,
  ): Promise<{ replayed: number }> {
    return this.deliveries.replaySince(workspaceId, id, () => parseSinceParam(q.since));
  }

  @Get('deliveries')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'Deliveries, newest first, each with every attempt (dead letters: `status=dead`).' })
  @ApiOkResponse({ description: '{ data: DeliveryView[], nextCursor }' })
  listDeliveries(@CurrentWorkspace() workspaceId: string, @Query() q: ListDeliveriesQueryDto): Promise<Page<DeliveryView>> {
    return this.deliveries.list(workspaceId, { status: q.status, subscriptionId: q.subscriptionId, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('deliveries/:id')
  @RequireScopes('webhooks:read')
  @ApiOkResponse({ type: DeliveryView })
  getDelivery(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<DeliveryView> {
    return this.deliveries.get(workspaceId, id);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOkResponse({ type: DeliveryView })
  replay(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<DeliveryView> {
    return this.deliveries.replay(workspaceId, id);
  }
}
