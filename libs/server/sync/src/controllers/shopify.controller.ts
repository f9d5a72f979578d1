import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, CurrentWorkspace, Public, RequireScopes, RequireSession } from '@retailos/server/core';
import type { Principal } from '@retailos/shared/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpdateLocationMapDto } from '../dto/shopify.dto';
import { LocationMapsService, type LocationMapView } from '../services/location-maps.service';
import { ShopifyConnectService, type ConnectionView } from '../services/shopify-connect.service';
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
  @RequireSession('owner', 'admin')
  async install(@CurrentPrincipal() principal: Principal, @Query('shop') shop: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const url = await this.connect.install(principal, shop);
    void reply.status(302).header('location', url).header('cache-control', 'no-store');
  }

  @Get('callback')
  @RequireSession('owner', 'admin')
  callback(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown>): Promise<ConnectionView> {
    return this.connect.callback(principal, query);
  }

  @Get('connection')
  @RequireScopes('sync:read')
  connection(@CurrentWorkspace() workspaceId: string): Promise<ConnectionView> {
    return this.connect.get(workspaceId);
  }

  @Delete('connection')
  @RequireSession('owner', 'admin')
  disconnect(@CurrentWorkspace() workspaceId: string): Promise<ConnectionView> {
    return this.connect.disconnect(workspaceId);
  }

  @Get('locations')
  @RequireScopes('sync:read')
  listLocations(@CurrentWorkspace() workspaceId: string): Promise<{ data: LocationMapView[] }> {
    return this.locations.list(workspaceId);
  }

  @Patch('locations/:id')
  @RequireScopes('sync:write')
  updateLocation(@CurrentWorkspace() workspaceId: string, @Param('id') id: string, @Body() dto: UpdateLocationMapDto): Promise<LocationMapView> {
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
