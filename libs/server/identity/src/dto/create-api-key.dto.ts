import { API_SCOPES } from '@retailos/shared/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsTimestamp } from '@retailos/server/core';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';

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
