import { API_SCOPES } from '@retailos/shared/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTimestamp } from '@retailos/server/core';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

const GRANTS = [...API_SCOPES, '*'];

export class CreateApiKeyDto {
  @ApiProperty({ example: 'ERP integration' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: GRANTS, isArray: true, example: ['products:read', 'orders:write'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(GRANTS.length)
  @IsIn(GRANTS, { each: true })
  scopes!: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'The key stops working at this instant.' })
  @IsOptional()
  @IsTimestamp()
  expiresAt?: string;
}

export class ApiKeyViewDto {
  @ApiProperty({ example: 'key_...' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'wsk_live_AbC12xYz' }) prefix!: string;
  @ApiProperty({ enum: GRANTS, isArray: true }) scopes!: string[];
  @ApiProperty({ nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
}

export class CreatedApiKeyDto extends ApiKeyViewDto {
  @ApiProperty({ description: 'The secret key. Shown once, never again.', example: 'wsk_live_...' })
  key!: string;
}

export class ApiKeyPageDto {
  @ApiProperty({ type: [ApiKeyViewDto] }) data!: ApiKeyViewDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
