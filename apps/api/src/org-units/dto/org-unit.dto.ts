import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
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

export class OrgUnitSearchQuery {
  @ApiProperty({ example: '和平', description: 'part of a name, or the start of a code' })
  @IsString()
  @Length(1, 50)
  q: string;

  @ApiPropertyOptional({ default: 20, maximum: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
