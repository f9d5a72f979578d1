import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'owner@example.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'Sign in to this workspace when the user belongs to several (default: the first).' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  workspaceId?: string;
}

export class LoginResponseDto {
  @ApiProperty({ example: { id: 'usr_...', email: 'owner@example.com' } })
  user!: { id: string; email: string };

  @ApiProperty({ example: { id: 'ws_...', name: 'Acme', plan: 'pro', currency: 'USD' } })
  workspace!: { id: string; name: string; plan: string; currency: string };

  @ApiProperty({ enum: ['owner', 'admin', 'staff'] })
  role!: string;

  @ApiProperty({ description: 'Send back as the x-csrf-token header on state-changing requests (also in the retailos_csrf cookie).' })
  csrfToken!: string;

  @ApiProperty()
  expiresAt!: string;
}
