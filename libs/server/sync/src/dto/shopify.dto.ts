import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString, Length, ValidateIf } from 'class-validator';

export class UpdateLocationMapDto {
  @ApiProperty({
    example: 'loc_01J...',
    nullable: true,
    description: 'Our location this Shopify location stands for; null leaves it out of the sync',
  })
  @IsDefined()
  @ValidateIf((o: UpdateLocationMapDto) => o.locationId !== null)
  @IsString()
  @Length(1, 64)
  locationId!: string | null;
}
