import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { GRID_TYPES, type GridStatus, type GridType } from '@gridflow/org';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsGridCode, IsOrgCode, toOptionalNumber } from '../../common/validators.js';

export class CreateGridDto {
  @ApiProperty({ example: '140213001001003' })
  @IsGridCode()
  code: string;

  @ApiProperty({ example: '和平社区第三网格' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: GRID_TYPES })
  @IsIn(GRID_TYPES)
  type: GridType;

  @ApiProperty({ example: 420, description: 'standard 300–500; outside is allowed but flagged' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  households: number;

  @ApiProperty({ example: 1260 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  population: number;

  @ApiProperty({ description: 'GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat]' })
  @IsObject()
  boundary: Record<string, unknown>;
}

export class UpdateGridDto extends PartialType(OmitType(CreateGridDto, ['code'] as const)) {}

export class ListGridsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'grids under this org unit' })
  @IsOptional()
  @IsOrgCode()
  parentCode?: string;

  @ApiPropertyOptional({ enum: ['active', 'retired'] })
  @IsOptional()
  @IsIn(['active', 'retired'])
  status?: GridStatus;
}

export class LocateQuery {
  @ApiProperty({ example: 113.2512 })
  @Transform(toOptionalNumber)
  @IsLongitude()
  lng: number;

  @ApiProperty({ example: 40.0515 })
  @Transform(toOptionalNumber)
  @IsLatitude()
  lat: number;
}

export class RetireGridDto {
  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class SplitGridDto {
  @ApiProperty({ type: [CreateGridDto], description: 'the new grids (same community)' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreateGridDto)
  into: CreateGridDto[];

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class MergeGridsDto {
  @ApiProperty({ example: ['140213001001001', '140213001001002'] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @IsGridCode({ each: true })
  fromCodes: string[];

  @ApiProperty({ type: CreateGridDto })
  @ValidateNested()
  @Type(() => CreateGridDto)
  into: CreateGridDto;

  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason: string;
}
