import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import type { CustomerDetailView, CustomerView, Page } from '@retailos/shared/contracts';
import { CreateCustomerDto, ListCustomersQueryDto, UpdateCustomerDto } from '../dto/customer.dto';
import { CustomersService } from '../services/customers.service';

@ApiTags('customers')
@ApiBearerAuth('apiKey')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @RequireScopes('customers:read')
  @ApiOperation({ summary: 'List customers with order count, total spent and lifetime value' })
  @ApiView('CustomerView', { as: 'page' })
  list(@CurrentWorkspace() workspaceId: string, @Query() query: ListCustomersQueryDto): Promise<Page<CustomerView>> {
    return this.customers.list(workspaceId, query);
  }

  @Post()
  @RequireScopes('customers:write')
  @ApiView('CustomerView', { status: 201 })
  create(@CurrentWorkspace() workspaceId: string, @Body() dto: CreateCustomerDto): Promise<CustomerView> {
    return this.customers.create(workspaceId, dto);
  }

  @Get(':id')
  @RequireScopes('customers:read')
  @ApiOperation({ summary: 'A customer with recent orders and lifetime value' })
  @ApiView('CustomerDetailView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<CustomerDetailView> {
    return this.customers.get(workspaceId, id);
  }

  @Patch(':id')
  @RequireScopes('customers:write')
  @ApiView('CustomerView')
  update(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerView> {
    return this.customers.update(workspaceId, id, dto);
  }
}
