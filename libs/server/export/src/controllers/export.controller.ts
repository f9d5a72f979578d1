import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentWorkspace, RequireScopes, viewSchema } from '@retailos/server/core';
import {
  CATALOG_FACADE,
  CUSTOMERS_FACADE,
  INVENTORY_FACADE,
  ORDERS_FACADE,
  type CatalogFacade,
  type CustomersFacade,
  type ExportSource,
  type InventoryFacade,
  type OrdersFacade,
} from '@retailos/shared/contracts';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { exportStream, type ExportFormat } from '../services/export-writer';

export const EXPORT_RESOURCES = ['products', 'orders', 'customers', 'inventory'] as const;
type ExportResource = (typeof EXPORT_RESOURCES)[number];

/** JSON (the default): an array of rows; CSV: the same columns, one line per row. */
const ExportResponse = (): MethodDecorator =>
  ApiResponse({
    status: 200,
    description: 'The rows, streamed',
    content: {
      'application/json': { schema: viewSchema('ExportRowView', 'array') },
      'text/csv': { schema: { type: 'string' } },
    },
  });

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: ExportFormat;
}

@ApiTags('export')
@ApiBearerAuth('apiKey')
@Controller('export')
export class ExportController {
  private readonly sources: Record<ExportResource, ExportSource>;

  constructor(
    @Inject(CATALOG_FACADE) catalog: CatalogFacade,
    @Inject(ORDERS_FACADE) orders: OrdersFacade,
    @Inject(CUSTOMERS_FACADE) customers: CustomersFacade,
    @Inject(INVENTORY_FACADE) inventory: InventoryFacade,
  ) {
    this.sources = { products: catalog, orders, customers, inventory };
  }

  @Get('products')
  @RequireScopes('export:read')
  @ApiProduces('application/json', 'text/csv')
  @ExportResponse()
  @ApiOperation({ summary: 'Stream every product variant of the workspace (constant memory, keyset batches of 1,000)' })
  products(@CurrentWorkspace() workspaceId: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): void {
    this.stream('products', workspaceId, query, reply);
  }

  @Get('orders')
  @RequireScopes('export:read')
  @ApiProduces('application/json', 'text/csv')
  @ExportResponse()
  @ApiOperation({ summary: 'Stream every order of the workspace' })
  orders(@CurrentWorkspace() workspaceId: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): void {
    this.stream('orders', workspaceId, query, reply);
  }

  @Get('customers')
  @RequireScopes('export:read')
  @ApiProduces('application/json', 'text/csv')
  @ExportResponse()
  @ApiOperation({ summary: 'Stream every customer of the workspace' })
  customers(@CurrentWorkspace() workspaceId: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): void {
    this.stream('customers', workspaceId, query, reply);
  }

  @Get('inventory')
  @RequireScopes('export:read')
  @ApiProduces('application/json', 'text/csv')
  @ExportResponse()
  @ApiOperation({ summary: 'Stream every inventory level of the workspace' })
  inventory(@CurrentWorkspace() workspaceId: string, @Query() query: ExportQueryDto, @Res() reply: FastifyReply): void {
    this.stream('inventory', workspaceId, query, reply);
  }

  private stream(resource: ExportResource, workspaceId: string, query: ExportQueryDto, reply: FastifyReply): void {
    const format = query.format ?? 'json';
    const date = new Date().toISOString().slice(0, 10);
    const stream = exportStream(this.sources[resource], workspaceId, format);
    // A failing batch mid-stream cannot become a problem+json any more (headers are out): cut the connection so the
    // client sees a truncated download instead of a silently short file.
    stream.on('error', () => reply.raw.destroy());
    void reply
      .header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${resource}-${workspaceId}-${date}.${format}"`)
      .header('Cache-Control', 'no-store')
      .send(stream);
  }
}
