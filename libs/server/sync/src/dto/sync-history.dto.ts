import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListHistoryQueryDto {
  @ApiPropertyOptional({ enum: ['customer', 'product', 'variant', 'order', 'inventory_level', 'location'] })
  @IsOptional()
  @IsIn(['customer', 'product', 'variant', 'order', 'inventory_level', 'location'])
  entityType?: string;

  @ApiPropertyOptional({ description: 'Our id or the Shopify GID' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sku?: string;

  @ApiPropertyOptional({ example: '#1001' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  orderCode?: string;

  @ApiPropertyOptional({ enum: ['inbound', 'outbound'] })
  @IsOptional()
  @IsIn(['inbound', 'outbound'])
  direction?: string;

  @ApiPropertyOptional({ enum: ['import', 'webhook', 'push', 'reconciliation', 'revert', 'redo', 'local'] })
  @IsOptional()
  @IsIn(['import', 'webhook', 'push', 'reconciliation', 'revert', 'redo', 'local'])
  source?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 250, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;
}
