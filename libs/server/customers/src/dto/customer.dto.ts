import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NestedList, OptionalNotNull, PageQueryDto } from '@retailos/server/core';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

export class AddressDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) name?: string;
  @ApiProperty() @IsString() @Length(1, 255) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) line2?: string;
  @ApiProperty() @IsString() @Length(1, 255) city!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(32) postalCode?: string;
  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() default?: boolean;
}

const PHONE = /^\+?[0-9 ()-]{4,32}$/;

export class CreateCustomerDto {
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 255) firstName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 255) lastName?: string;
  @ApiPropertyOptional({ example: '+1 555 0100' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be digits, spaces, dashes or parentheses with an optional leading +' })
  phone?: string;
  @ApiPropertyOptional({ type: [AddressDto] })
  @OptionalNotNull()
  @NestedList(() => AddressDto, 20)
  addresses?: AddressDto[];
  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  tags?: string[];
  @ApiPropertyOptional({ description: 'Marketing consent' }) @OptionalNotNull() @IsBoolean() acceptsMarketing?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

/** null clears `email`, names, `phone` and `note`; `addresses`, `tags` and `acceptsMarketing` may be omitted but not null. */
export class UpdateCustomerDto extends CreateCustomerDto {}

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Text search on name, email and phone' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 320)
  email?: string;
}
