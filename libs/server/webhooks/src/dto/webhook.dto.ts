import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from '@retailos/server/core';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'https://example.com/hooks/retailos' })
  @IsString()
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ example: ['order.created', 'inventory.*'], description: 'Topics or wildcards (`order.*`, `*`).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  topics!: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

export const DELIVERY_STATUSES = ['pending', 'sending', 'failed', 'succeeded', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ description: 'Only deliveries of this subscription (whs_...).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subscriptionId?: string;
}

export class ListSubscriptionsQueryDto extends PageQueryDto {}

export class ReplaySinceQueryDto {
  // Required, but checked by the service after the subscription lookup: another workspace's id answers 404 first.
  @ApiProperty({
    description: 'ISO-8601 (required): dead-lettered deliveries created at or after this time are replayed.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  since?: string;
}

export class SubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ enum: ['active', 'disabled'] }) status!: 'active' | 'disabled';
  @ApiPropertyOptional({ nullable: true, type: String }) disabledReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) disabledAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastSuccessAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) failingSince!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) previousSecretExpiresAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class SubscriptionWithSecretView extends SubscriptionView {
  @ApiProperty({ description: 'Signing secret (`whsec_...`): shown once, store it now.' })
  secret!: string;
}

export class AttemptView {
  @ApiProperty() attemptNo!: number;
  @ApiProperty() attemptedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty() latencyMs!: number;
  @ApiProperty() succeeded!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'First 1 KB of the response body.' })
  responseExcerpt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty() subscriptionId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attemptCount!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) nextAttemptAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastAttemptAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) succeededAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [AttemptView] }) attempts!: AttemptView[];
}
