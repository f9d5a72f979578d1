import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@retailos/server/core';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, Min, NotEquals, ValidateIf } from 'class-validator';

export const ADJUSTMENT_REASONS = ['received', 'damaged', 'correction', 'cycle_count', 'adjustment'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
const MAX_QTY = 1_000_000_000;

export class CreateLocationDto {
  @ApiProperty({ example: 'Main store' })
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiPropertyOptional({ example: 'MAIN', description: 'Short code, unique per workspace' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  code?: string;

  @ApiPropertyOptional({ example: { line1: '1 Main St', city: 'Springfield', country: 'US' } })
  @IsOptional()
  @IsObject()
  address?: Record<string, unknown>;
}

export class ListLocationsQueryDto extends PageQueryDto {}

/** A variant named by SKU or id (one of them is required). */
export class VariantRefDto {
  @ApiPropertyOptional({ example: 'TSHIRT-BLK-M' })
  @ValidateIf((o: VariantRefDto) => o.variantId === undefined)
  @IsString({ message: 'sku or variantId is required' })
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional()
  @ValidateIf((o: VariantRefDto) => o.sku === undefined)
  @IsString({ message: 'sku or variantId is required' })
  @Length(1, 64)
  variantId?: string;
}

export class AdjustmentDto extends VariantRefDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  locationId!: string;

  @ApiPropertyOptional({ description: 'Relative change of available and on hand (exclusive with set)', example: 10 })
  @ValidateIf((o: AdjustmentDto) => o.set === undefined)
  @IsInt({ message: 'exactly one of delta or set is required (an integer)' })
  @NotEquals(0)
  @Min(-MAX_QTY)
  @Max(MAX_QTY)
  delta?: number;

  @ApiPropertyOptional({ description: 'Absolute new available quantity (exclusive with delta)', example: 25 })
  @ValidateIf((o: AdjustmentDto) => o.delta === undefined || o.set !== undefined)
  @IsInt({ message: 'exactly one of delta or set is required (an integer)' })
  @Min(0)
  @Max(MAX_QTY)
  set?: number;

  @ApiPropertyOptional({ description: 'With set: the available quantity you expect now; 409 if it moved' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_QTY)
  @Max(MAX_QTY)
  expected?: number;

  @ApiProperty({ enum: ADJUSTMENT_REASONS })
  @IsIn(ADJUSTMENT_REASONS)
  reason!: AdjustmentReason;

  @ApiPropertyOptional({ description: 'Free reference stored in the ledger (PO number, count id...)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  reference?: string;
}

export class TransferDto extends VariantRefDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  fromLocationId!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 64)
  toLocationId!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_QTY)
  quantity!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 255)
  reference?: string;
}

export class ListLevelsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  variantId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locationId?: string;
}

export class ListMovementsQueryDto extends ListLevelsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 255)
  reference?: string;
}

