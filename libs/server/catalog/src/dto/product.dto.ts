import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsStringMap, IsTimestamp, NestedList, OptionalNotNull, PageQueryDto } from '@retailos/server/core';
import { PRODUCT_STATUSES, type ProductStatus } from '@retailos/shared/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURRENCY = /^[A-Z]{3}$/;
const SKU = /^[A-Za-z0-9._\-/]+$/;
/** Options per variant: Shopify's own limit (size, color, material); names up to 64, values up to 255 characters. */
const MAX_OPTIONS = 3;

export class CreateVariantDto {
  @ApiProperty({ example: 'TSHIRT-BLK-M' })
  @IsString()
  @Length(1, 64)
  @Matches(SKU, { message: 'sku may contain letters, digits, dot, dash, underscore and slash only' })
  sku!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  barcode?: string;

  @ApiPropertyOptional({ example: 'Black / M' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 255)
  title?: string;

  @ApiProperty({ description: 'Minor units', example: 2500 })
  @IsInt()
  @Min(0)
  price!: number;

  @ApiPropertyOptional({ description: 'Minor units' })
  @IsOptional()
  @IsInt()
  @Min(0)
  compareAtPrice?: number;

  @ApiPropertyOptional({ description: 'ISO 4217; defaults to the workspace currency', example: 'USD' })
  @OptionalNotNull()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code (3 upper-case letters)' })
  currency?: string;

  @ApiPropertyOptional({ example: { color: 'Black', size: 'M' } })
  @OptionalNotNull()
  @IsStringMap(MAX_OPTIONS)
  options?: Record<string, string>;

  @ApiPropertyOptional({ default: false })
  @OptionalNotNull()
  @IsBoolean()
  allowBackorder?: boolean;
}

export class UpdateVariantDto {
  @ApiPropertyOptional({ description: 'Existing variant to update; omit to add a variant' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  id?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  @Matches(SKU, { message: 'sku may contain letters, digits, dot, dash, underscore and slash only' })
  sku?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  barcode?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 255)
  title?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  price?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  compareAtPrice?: number;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code (3 upper-case letters)' })
  currency?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsStringMap(MAX_OPTIONS)
  options?: Record<string, string>;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  allowBackorder?: boolean;
}

export class CreateProductDto {
  @ApiProperty({ example: 'Classic T-shirt' })
  @IsString()
  @Length(1, 255)
  title!: string;

  @ApiPropertyOptional({ description: 'URL handle, unique per workspace; derived from the title when omitted' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 255)
  @Matches(HANDLE, { message: 'handle must be lower-case words separated by dashes' })
  handle?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  vendor?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  productType?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES, default: 'active' })
  @OptionalNotNull()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  tags?: string[];

  @ApiProperty({ type: [CreateVariantDto] })
  @NestedList(() => CreateVariantDto, 100, 1)
  variants!: CreateVariantDto[];
}

/**
 * Every product field of create, all optional (validators and OpenAPI metadata carried over); variants differ.
 * null clears `description`, `vendor` and `productType`; the other fields may be omitted but not null.
 */
export class UpdateProductDto extends PartialType(OmitType(CreateProductDto, ['variants'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    type: [UpdateVariantDto],
    description: 'Variants with an id are updated, others added; unlisted variants are kept',
  })
  @IsOptional()
  @NestedList(() => UpdateVariantDto, 100)
  variants?: UpdateVariantDto[];

  @ApiPropertyOptional({ type: [String], description: 'Variant ids to delete' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  removeVariantIds?: string[];
}

export class ListProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text search on title, handle, vendor and SKU' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @IsOptional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 timestamp' })
  @IsOptional()
  @IsTimestamp()
  updatedSince?: string;
}
