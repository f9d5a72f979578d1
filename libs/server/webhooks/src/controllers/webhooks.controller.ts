import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, DEFAULT_PAGE_LIMIT, RequireScopes } from '@retailos/server/core';
import type {
  Page,
  WebhookDeliveryView,
  WebhookReplayView,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecret,
  WebhookTestSentView,
} from '@retailos/shared/contracts';
import {
  CreateSubscriptionDto,
  ListDeliveriesQueryDto,
  ListSubscriptionsQueryDto,
  ReplaySinceQueryDto,
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
  @ApiView('WebhookSubscriptionWithSecret', { status: 201 })
  subscribe(
    @CurrentWorkspace() workspaceId: string,
    @Body() body: CreateSubscriptionDto,
  ): Promise<WebhookSubscriptionWithSecret> {
    return this.subscriptions.subscribe(workspaceId, body);
  }

  @Get('subscriptions')
  @RequireScopes('webhooks:read')
  @ApiView('WebhookSubscriptionView', { as: 'page' })
  listSubscriptions(
    @CurrentWorkspace() workspaceId: string,
    @Query() q: ListSubscriptionsQueryDto,
  ): Promise<Page<WebhookSubscriptionView>> {
    return this.subscriptions.list(workspaceId, q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
  }

  @Get('subscriptions/:id')
  @RequireScopes('webhooks:read')
  @ApiView('WebhookSubscriptionView')
  getSubscription(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<WebhookSubscriptionView> {
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
  @ApiView('WebhookSubscriptionWithSecret')
  rotateSecret(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
  ): Promise<WebhookSubscriptionWithSecret> {
    return this.subscriptions.rotateSecret(workspaceId, id);
  }

  @Post('subscriptions/:id/test')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Send a `webhook.test` event to this subscription only.' })
  @ApiView('WebhookTestSentView', { status: 202 })
  sendTest(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<WebhookTestSentView> {
    return this.subscriptions.sendTest(workspaceId, id);
  }

  @Post('subscriptions/:id/enable')
  @HttpCode(200)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Re-activate a disabled subscription.' })
  @ApiView('WebhookSubscriptionView')
  enable(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<WebhookSubscriptionView> {
    return this.subscriptions.enable(workspaceId, id);
  }

  @Post('subscriptions/:id/replay')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Replay every dead-lettered delivery of the subscription since a time.' })
  @ApiView('WebhookReplayView', { status: 202 })
  replaySince(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Query() q: ReplaySinceQueryDto,
  ): Promise<WebhookReplayView> {
    return this.deliveries.replaySince(workspaceId, id, () => parseSinceParam(q.since));
  }

  @Get('deliveries')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'Deliveries, newest first, each with every attempt (dead letters: `status=dead`).' })
  @ApiView('WebhookDeliveryView', { as: 'page' })
  listDeliveries(
    @CurrentWorkspace() workspaceId: string,
    @Query() q: ListDeliveriesQueryDto,
  ): Promise<Page<WebhookDeliveryView>> {
    return this.deliveries.list(workspaceId, {
      status: q.status,
      subscriptionId: q.subscriptionId,
      limit: q.limit ?? DEFAULT_PAGE_LIMIT,
      cursor: q.cursor,
    });
  }

  @Get('deliveries/:id')
  @RequireScopes('webhooks:read')
  @ApiView('WebhookDeliveryView')
  getDelivery(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<WebhookDeliveryView> {
    return this.deliveries.get(workspaceId, id);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiView('WebhookDeliveryView', { status: 202 })
  replay(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<WebhookDeliveryView> {
    return this.deliveries.replay(workspaceId, id);
  }
}
