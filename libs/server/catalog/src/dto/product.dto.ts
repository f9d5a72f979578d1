import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { PageQueryDto } from '@retailos/server/core';
import { PRODUCT_STATUSES, type ProductStatus } from '@retailos/shared/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURRENCY = /^[A-Z]{3}$/;
const SKU = /^[A-Za-z0-9._\-/]+$/;

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
  @IsOptional()
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
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code (3 upper-case letters)' })
  currency?: string;

  @ApiPropertyOptional({ example: { color: 'Black', size: 'M' } })
  @IsOptional()
  @IsObject()
  options?: Record<string, string>;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allowBackorder?: boolean;
}

export class UpdateVariantDto {
  @ApiPropertyOptional({ description: 'Existing variant to update; omit to add a variant' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  id?: string;

  @ApiPropertyOptional()
  @IsOptional()
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
  @IsOptional()
  @IsString()
  @Length(1, 255)
  title?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  price?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  compareAtPrice?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code (3 upper-case letters)' })
  currency?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  options?: Record<string, string>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowBackorder?: boolean;
}

export class CreateProductDto {
  @ApiProperty({ example: 'Classic T-shirt' })
  @IsString()
  @Length(1, 255)
  title!: string;

  @ApiPropertyOptional({ description: 'URL handle, unique per workspace; derived from the title when omitted' })
  @IsOptional()
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
  @IsOptional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(250)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  tags?: string[];

  @ApiProperty({ type: [CreateVariantDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CreateVariantDto)
  variants!: CreateVariantDto[];
}

/** Every product field of create, all optional (validators and OpenAPI metadata carried over); variants differ. */
export class UpdateProductDto extends PartialType(OmitType(CreateProductDto, ['variants'] as const)) {
  @ApiPropertyOptional({ type: [UpdateVariantDto], description: 'Variants with an id are updated, others added; unlisted variants are kept' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => UpdateVariantDto)
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
  @IsISO8601({ strict: true })
  updatedSince?: string;
}
