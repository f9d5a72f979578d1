import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, RequireScopes } from '@retailos/server/core';
import { CreateProductDto, ListProductsQueryDto, UpdateProductDto } from '../dto/product.dto';
import type { Page, ProductView } from '@retailos/shared/contracts';
import { ProductsService } from '../services/products.service';

@ApiTags('products')
@ApiBearerAuth('apiKey')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get()
  @RequireScopes('products:read')
  @ApiOperation({ summary: 'List products with variants and live stock per location (cursor paginated)' })
  @ApiView('ProductView', { as: 'page' })
  list(@CurrentWorkspace() workspaceId: string, @Query() query: ListProductsQueryDto): Promise<Page<ProductView>> {
    return this.products.list(workspaceId, query);
  }

  @Post()
  @RequireScopes('products:write')
  @ApiOperation({ summary: 'Create a product with its variants' })
  @ApiView('ProductView', { status: 201 })
  create(@CurrentWorkspace() workspaceId: string, @Body() dto: CreateProductDto): Promise<ProductView> {
    return this.products.create(workspaceId, dto);
  }

  @Get(':id')
  @RequireScopes('products:read')
  @ApiView('ProductView')
  get(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<ProductView> {
    return this.products.get(workspaceId, id);
  }

  @Patch(':id')
  @RequireScopes('products:write')
  @ApiOperation({ summary: 'Update product fields; add, update or remove variants' })
  @ApiView('ProductView')
  update(
    @CurrentWorkspace() workspaceId: string,
    @Param('id') id: string,
    @Body() dto: UpdateProductDto,
  ): Promise<ProductView> {
    return this.products.update(workspaceId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('products:write')
  async remove(@CurrentWorkspace() workspaceId: string, @Param('id') id: string): Promise<void> {
    await this.products.remove(workspaceId, id);
  }
}
