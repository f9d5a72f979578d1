import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, ApiView, CurrentPrincipal, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type {
  InventoryAdjustmentView,
  InventoryLevelView,
  InventoryTransferView,
  MovementView,
  Page,
  Principal,
} from '@retailos/shared/contracts';
import { AdjustmentDto, ListLevelsQueryDto, ListMovementsQueryDto, TransferDto } from '../dto/inventory.dto';
import { InventoryService } from '../services/inventory.service';

@ApiTags('inventory')
@ApiBearerAuth('apiKey')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get('levels')
  @RequireScopes('inventory:read')
  @ApiOperation({ summary: 'Stock per (variant, location): the single source of truth' })
  @ApiView('InventoryLevelView', { as: 'page' })
  levels(
    @CurrentWorkspace() workspaceId: string,
    @Query() query: ListLevelsQueryDto,
  ): Promise<Page<InventoryLevelView>> {
    return this.inventory.listLevels(workspaceId, query);
  }

  @Get('movements')
  @RequireScopes('inventory:read')
  @ApiOperation({ summary: 'The append-only ledger of stock movements, newest first' })
  @ApiView('MovementView', { as: 'page' })
  movements(
    @CurrentWorkspace() workspaceId: string,
    @Query() query: ListMovementsQueryDto,
  ): Promise<Page<MovementView>> {
    return this.inventory.listMovements(workspaceId, query);
  }

  @Post('adjustments')
  @RequireScopes('inventory:write')
  @ApiOperation({ summary: 'Adjust stock by a delta, or set it (optionally compare-and-set with expected)' })
  @ApiView('InventoryAdjustmentView', { status: 201 })
  adjust(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() dto: AdjustmentDto,
  ): Promise<InventoryAdjustmentView> {
    return this.inventory.adjust(workspaceId, dto, actorOf(principal));
  }

  @Post('transfers')
  @RequireScopes('inventory:write')
  @ApiOperation({ summary: 'Move stock between two locations atomically' })
  @ApiView('InventoryTransferView', { status: 201 })
  transfer(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() dto: TransferDto,
  ): Promise<InventoryTransferView> {
    return this.inventory.transfer(workspaceId, dto, actorOf(principal));
  }
}
