import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type { Page } from '@retailos/shared/contracts';
import { ListHistoryQueryDto } from '../dto/sync-history.dto';
import { SyncHistoryService, type SyncHistoryView } from '../services/sync-history.service';

@ApiTags('sync')
@ApiBearerAuth('apiKey')
@Controller('sync/history')
export class SyncHistoryController {
  constructor(private readonly history: SyncHistoryService) {}

  @Get()
  @RequireScopes('sync:read')
  list(@CurrentWorkspace() workspaceId: string, @Query() query: ListHistoryQueryDto): Promise<Page<SyncHistoryView>> {
    return this.history.list(workspaceId, query);
  }

  @Get(':id')
  @RequireScopes('sync:read')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<SyncHistoryView> {
    return this.history.get(workspaceId, id);
  }
}
