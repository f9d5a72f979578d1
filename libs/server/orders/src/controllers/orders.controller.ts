import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, ApiView, CurrentPrincipal, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type { OrderDetailView, OrderView, Page, Principal, ReturnView } from '@retailos/shared/contracts';
import { CancelOrderDto, CreateOrderDto, CreateReturnDto, ListOrdersQueryDto, UpdateOrderDto } from '../dto/order.dto';
import { OrdersService } from '../services/orders.service';

@ApiTags('orders')
@ApiBearerAuth('apiKey')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @RequireScopes('orders:write')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Replays the first answer for 24 h' })
  @ApiOperation({
    summary: 'Place an order: all lines are decremented atomically or nothing changes (409 with shortLines)',
  })
  @ApiView('OrderView', { status: 201 })
  place(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrderDto,
  ): Promise<OrderView> {
    return this.orders.place(workspaceId, dto, actorOf(principal));
  }

  @Get()
  @RequireScopes('orders:read')
  @ApiOperation({ summary: 'Orders of every channel, newest first, keyset cursor pagination' })
  @ApiView('OrderView', { as: 'page' })
  list(@CurrentWorkspace() workspaceId: string, @Query() query: ListOrdersQueryDto): Promise<Page<OrderView>> {
    return this.orders.list(workspaceId, query);
  }

  @Get(':id')
  @RequireScopes('orders:read')
  @ApiOperation({ summary: 'An order with its lines and returns' })
  @ApiView('OrderDetailView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<OrderDetailView> {
    return this.orders.get(workspaceId, id);
  }

  @Patch(':id')
  @RequireScopes('orders:write')
  @ApiOperation({
    summary: 'Change the note or the customer of an order (lines, totals and stock change only by cancel and returns)',
  })
  @ApiView('OrderView')
  update(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Body() dto: UpdateOrderDto,
  ): Promise<OrderView> {
    return this.orders.update(workspaceId, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('orders:write')
  @ApiOperation({ summary: 'Cancel an order and restock what was not returned' })
  @ApiView('OrderView')
  cancel(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: CancelOrderDto,
  ): Promise<OrderView> {
    return this.orders.cancel(workspaceId, id, dto ?? {}, actorOf(principal));
  }

  @Post(':id/returns')
  @RequireScopes('orders:write')
  @ApiOperation({
    summary: 'Return lines (partial returns add up, never beyond what was sold) and restock to a location',
  })
  @ApiView('ReturnView', { status: 201 })
  createReturn(
    @CurrentWorkspace() workspaceId: string,
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: CreateReturnDto,
  ): Promise<ReturnView> {
    return this.orders.createReturn(workspaceId, id, dto, actorOf(principal));
  }
}
