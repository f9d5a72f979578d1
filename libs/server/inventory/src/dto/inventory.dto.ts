import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@retailos/server/core';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  NotEquals,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const ADJUSTMENT_REASONS = ['received', 'damaged', 'correction', 'cycle_count', 'adjustment'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];
const MAX_QTY = 1_000_000_000;

/** A location's postal address: known fields only, each a bounded string. */
export class LocationAddressDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) line1?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) line2?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) city?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) postalCode?: string;
  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;
}

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

  @ApiPropertyOptional({
    type: LocationAddressDto,
    example: { line1: '1 Main St', city: 'Springfield', country: 'US' },
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationAddressDto)
  address?: LocationAddressDto;
}

export class ListLocationsQueryDto extends PageQueryDto {}

/** A variant named by SKU or id (one of them is required). */
export class VariantRefDto {
  @ApiPropertyOptional({ example: 'TSHIRT-BLK-M' })
  // Checked whenever given, even next to variantId: a number or an object must not reach the database as a sku.
  @ValidateIf((o: VariantRefDto) => o.variantId === undefined || o.sku !== undefined)
  @IsString({ message: 'sku or variantId is required' })
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional()
  @ValidateIf((o: VariantRefDto) => o.sku === undefined || o.variantId !== undefined)
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
