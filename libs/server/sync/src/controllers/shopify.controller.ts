import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiView,
  CurrentPrincipal,
  CurrentWorkspace,
  Public,
  RequireScopes,
  RequireSession,
} from '@retailos/server/core';
import type {
  Principal,
  ShopifyConnectionView,
  ShopifyLocationMapList,
  ShopifyLocationMapView,
} from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpdateLocationMapDto } from '../dto/shopify.dto';
import { LocationMapsService } from '../services/location-maps.service';
import { ShopifyConnectService } from '../services/shopify-connect.service';
import { WebhookIngestService } from '../services/webhook-ingest.service';

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

@ApiTags('shopify')
@ApiBearerAuth('apiKey')
@Controller('shopify')
export class ShopifyController {
  constructor(
    private readonly connect: ShopifyConnectService,
    private readonly locations: LocationMapsService,
    private readonly ingest: WebhookIngestService,
  ) {}

  /** Starts OAuth: 302 to the shop's authorize page with a state bound to this session. */
  @Get('install')
  @ApiResponse({ status: 302, description: "Redirect to the shop's authorize page (Location header)." })
  @RequireSession('owner', 'admin')
  async install(
    @CurrentPrincipal() principal: Principal,
    @Query('shop') shop: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const url = await this.connect.install(principal, shop);
    void reply.status(302).header('location', url).header('cache-control', 'no-store');
  }

  @Get('callback')
  @RequireSession('owner', 'admin')
  @ApiView('ShopifyConnectionView')
  callback(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<ShopifyConnectionView> {
    return this.connect.callback(principal, query);
  }

  @Get('connection')
  @RequireScopes('sync:read')
  @ApiView('ShopifyConnectionView')
  connection(@CurrentWorkspace() workspaceId: string): Promise<ShopifyConnectionView> {
    return this.connect.get(workspaceId);
  }

  @Delete('connection')
  @RequireSession('owner', 'admin')
  @ApiView('ShopifyConnectionView')
  disconnect(@CurrentWorkspace() workspaceId: string): Promise<ShopifyConnectionView> {
    return this.connect.disconnect(workspaceId);
  }

  @Get('locations')
  @RequireScopes('sync:read')
  @ApiView('ShopifyLocationMapList')
  listLocations(@CurrentWorkspace() workspaceId: string): Promise<ShopifyLocationMapList> {
    return this.locations.list(workspaceId);
  }

  @Patch('locations/:id')
  @RequireScopes('sync:write')
  @ApiView('ShopifyLocationMapView')
  updateLocation(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Body() dto: UpdateLocationMapDto,
  ): Promise<ShopifyLocationMapView> {
    return this.locations.update(workspaceId, id, dto.locationId);
  }

  /** Shopify's deliveries: authenticated by their HMAC, not by our credentials. */
  @Post('webhooks')
  @Public()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async webhook(@Req() req: FastifyRequest): Promise<{ ok: true }> {
    await this.ingest.receive(
      {
        topic: header(req, 'x-shopify-topic'),
        hmac: header(req, 'x-shopify-hmac-sha256'),
        shop: header(req, 'x-shopify-shop-domain'),
        webhookId: header(req, 'x-shopify-webhook-id'),
        eventId: header(req, 'x-shopify-event-id'),
        triggeredAt: header(req, 'x-shopify-triggered-at'),
      },
      (req as FastifyRequest & { rawBody?: Buffer }).rawBody,
    );
    return { ok: true };
  }
}
