import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsOrgCode } from '../../common/validators.js';

export class CreateOrgUnitDto {
  @ApiProperty({ example: '140213001', description: 'city 4, county 6, township 9, community 12 digits' })
  @IsOrgCode()
  code: string;

  @ApiProperty({ example: '新建南路街道' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: '新建南路街道党委', description: 'default: 党委 / 党支部 by level' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  partyOrgName?: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  partyOrgName?: string;
}
