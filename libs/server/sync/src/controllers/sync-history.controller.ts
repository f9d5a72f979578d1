import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type { Page, SyncHistoryEntryView } from '@retailos/shared/contracts';
import { ListHistoryQueryDto } from '../dto/sync-history.dto';
import { SyncHistoryService } from '../services/sync-history.service';

@ApiTags('sync')
@ApiBearerAuth('apiKey')
@Controller('sync/history')
export class SyncHistoryController {
  constructor(private readonly history: SyncHistoryService) {}

  @Get()
  @RequireScopes('sync:read')
  @ApiView('SyncHistoryEntryView', { as: 'page' })
  list(
    @CurrentWorkspace() workspaceId: string,
    @Query() query: ListHistoryQueryDto,
  ): Promise<Page<SyncHistoryEntryView>> {
    return this.history.list(workspaceId, query);
  }

  @Get(':id')
  @RequireScopes('sync:read')
  @ApiView('SyncHistoryEntryView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<SyncHistoryEntryView> {
    return this.history.get(workspaceId, id);
  }
}
