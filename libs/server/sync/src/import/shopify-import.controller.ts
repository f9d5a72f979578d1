import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiView, CurrentWorkspace, NotFoundError, RequireScopes } from '@retailos/server/core';
import { ShopifyImportRepository } from './shopify-import.repository';
import { importProgressView, type ImportProgressView } from './shopify-import.service';

@ApiTags('shopify')
@ApiBearerAuth('apiKey')
@Controller('shopify')
export class ShopifyImportController {
  constructor(private readonly imports: ShopifyImportRepository) {}

  /** The workspace's latest import: entity in progress, done/total, rows per second, status. */
  @Get('import')
  @RequireScopes('sync:read')
  @ApiView('ShopifyImportProgressView')
  async progress(@CurrentWorkspace() workspaceId: string): Promise<ImportProgressView> {
    const imp = await this.imports.latest(this.imports.fork(workspaceId), workspaceId);
    if (!imp) throw new NotFoundError('Shopify import');
    return importProgressView(imp);
  }
}
