import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTimestamp, NestedList, PageQueryDto } from '@retailos/server/core';
import {
  ORDER_CHANNELS,
  ORDER_SOURCES,
  ORDER_STATUSES,
  type OrderChannel,
  type OrderSource,
  type OrderStatus,
} from '@retailos/shared/contracts';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class OrderLineDto {
  @ApiPropertyOptional({ example: 'TSHIRT-BLK-M', description: 'sku or variantId' })
  // Checked whenever given, even next to variantId: a number or an object must not reach the database as a sku.
  @ValidateIf((o: OrderLineDto) => o.variantId === undefined || o.sku !== undefined)
  @IsString({ message: 'sku or variantId is required' })
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional()
  @ValidateIf((o: OrderLineDto) => o.sku === undefined || o.variantId !== undefined)
  @IsString({ message: 'sku or variantId is required' })
  @Length(1, 64)
  variantId?: string;

  @ApiProperty({ minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity!: number;

  @ApiPropertyOptional({ description: "Minor units; defaults to the variant's price" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  unitPrice?: number;
}

export class CreateOrderDto {
  @ApiProperty({ enum: ORDER_CHANNELS })
  @IsIn(ORDER_CHANNELS)
  channel!: OrderChannel;

  @ApiProperty({ description: 'Where the stock is taken from' })
  @IsString()
  @Length(1, 64)
  locationId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({ enum: ORDER_SOURCES, default: 'retailos' })
  @IsOptional()
  @IsIn(ORDER_SOURCES)
  source?: OrderSource;

  @ApiPropertyOptional({ description: 'Id in the source system; unique per (workspace, source)' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  externalId?: string;

  @ApiPropertyOptional({ description: 'ISO 4217; defaults to the workspace currency' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code (3 upper-case letters)' })
  currency?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @ApiProperty({ type: [OrderLineDto] })
  @NestedList(() => OrderLineDto, 250, 1)
  lines!: OrderLineDto[];
}

export class UpdateOrderDto {
  @ApiPropertyOptional({ nullable: true, description: 'Free text; null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Attach the order to a customer of the workspace; null detaches it',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string | null;
}

export class CancelOrderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class ReturnLineDto {
  @ApiProperty({ description: 'The order line being returned' })
  @IsString()
  @Length(1, 64)
  lineId!: string;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(100000)
  quantity!: number;
}

export class CreateReturnDto {
  @ApiPropertyOptional({ description: "Where the goods go back to; defaults to the order's location" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  locationId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiProperty({ type: [ReturnLineDto] })
  @NestedList(() => ReturnLineDto, 250, 1)
  lines!: ReturnLineDto[];
}

export class ListOrdersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORDER_CHANNELS })
  @IsOptional()
  @IsIn(ORDER_CHANNELS)
  channel?: OrderChannel;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, inclusive' })
  @IsOptional()
  @IsTimestamp()
  createdFrom?: string;

  @ApiPropertyOptional({ description: 'ISO 8601, exclusive' })
  @IsOptional()
  @IsTimestamp()
  createdTo?: string;
}
