import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type { LocationView, Page } from '@retailos/shared/contracts';
import { CreateLocationDto, ListLocationsQueryDto } from '../dto/inventory.dto';
import { LocationsService } from '../services/locations.service';

@ApiTags('inventory')
@ApiBearerAuth('apiKey')
@Controller('locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Get()
  @RequireScopes('inventory:read')
  @ApiView('LocationView', { as: 'page' })
  list(@CurrentWorkspace() workspaceId: string, @Query() query: ListLocationsQueryDto): Promise<Page<LocationView>> {
    return this.locations.list(workspaceId, query);
  }

  @Post()
  @RequireScopes('inventory:write')
  @ApiView('LocationView', { status: 201 })
  create(@CurrentWorkspace() workspaceId: string, @Body() dto: CreateLocationDto): Promise<LocationView> {
    return this.locations.create(workspaceId, dto);
  }

  @Get(':id')
  @RequireScopes('inventory:read')
  @ApiView('LocationView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<LocationView> {
    return this.locations.get(workspaceId, id);
  }
}
