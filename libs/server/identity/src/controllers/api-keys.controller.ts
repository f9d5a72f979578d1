import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentPrincipal, CurrentWorkspace, RequireSession } from '@retailos/server/core';
import type { ApiKeyView, CreatedApiKey, Page, Principal } from '@retailos/shared/contracts';
import { CreateApiKeyDto } from '../dto/create-api-key.dto';
import { ListApiKeysQuery } from '../dto/list-api-keys.query';
import { ApiKeysService } from '../services/api-keys.service';

@ApiTags('api-keys')
@ApiCookieAuth('session')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @RequireSession('owner', 'admin')
  @Post()
  @ApiOperation({ summary: 'Creates an API key; the raw key is in this response only.' })
  @ApiView('CreatedApiKey', { status: 201 })
  create(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateApiKeyDto,
  ): Promise<CreatedApiKey> {
    const creator = principal.userId && principal.role ? { userId: principal.userId, role: principal.role } : null;
    return this.apiKeys.create(
      workspaceId,
      { name: dto.name, scopes: dto.scopes, expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null },
      creator,
    );
  }

  @RequireSession('owner', 'admin')
  @Get()
  @ApiView('ApiKeyView', { as: 'page' })
  list(@CurrentWorkspace() workspaceId: string, @Query() q: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    return this.apiKeys.list(workspaceId, { limit: q.limit, cursor: q.cursor });
  }

  @RequireSession('owner', 'admin')
  @Get(':id')
  @ApiView('ApiKeyView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<ApiKeyView> {
    return this.apiKeys.get(workspaceId, id);
  }

  @RequireSession('owner', 'admin')
  @Delete(':id')
  @ApiOperation({ summary: 'Revokes a key; every api instance refuses it from the next request on.' })
  @ApiView('ApiKeyView')
  revoke(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<ApiKeyView> {
    return this.apiKeys.revoke(workspaceId, id);
  }
}
