import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { type Clock, CLOCKS, ITEM_TIERS, type ItemTier } from '@gridflow/domain';

const YEAR = 366 * 24 * 3600;

/** Seconds per step, counted in the item's clock (working or calendar time). */
export class LimitsDto {
  @ApiProperty({ example: 7200 }) @IsInt() @Min(1) @Max(YEAR) acceptSeconds: number;
  @ApiProperty({ example: 14400 }) @IsInt() @Min(1) @Max(YEAR) dispatchSeconds: number;
  @ApiProperty({ example: 14400 }) @IsInt() @Min(1) @Max(YEAR) claimSeconds: number;
  @ApiProperty({ example: 75600 }) @IsInt() @Min(1) @Max(YEAR) resolveSeconds: number;
  @ApiProperty({ example: 50400 }) @IsInt() @Min(1) @Max(YEAR) verifySeconds: number;
  @ApiProperty({ example: 75600 }) @IsInt() @Min(1) @Max(YEAR) archiveSeconds: number;
}

export class ProposeItemDto {
  @ApiProperty({ example: 'B05', description: 'category code + 2–4 digits' })
  @Matches(/^[A-Z]\d{2,4}$/, { message: 'must be a category letter followed by 2–4 digits' })
  code: string;

  @ApiProperty({ example: '校园周边安全隐患' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: 'B' })
  @Matches(/^[A-Z]$/, { message: 'must be a category letter' })
  categoryCode: string;

  @ApiProperty({ enum: ITEM_TIERS, description: 'grid 办小事 / escalate 报大事' })
  @IsIn(ITEM_TIERS)
  tier: ItemTier;

  @ApiProperty()
  @IsBoolean()
  urgent: boolean;

  @ApiProperty({ example: '教育局' })
  @IsString()
  @Length(1, 100)
  department: string;

  @ApiProperty({ type: LimitsDto })
  @ValidateNested()
  @Type(() => LimitsDto)
  limits: LimitsDto;

  @ApiPropertyOptional({ type: LimitsDto, description: 'for tickets filed as urgent; default the normal limits' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LimitsDto)
  urgentLimits?: LimitsDto;

  @ApiPropertyOptional({ enum: CLOCKS, default: 'working' })
  @IsOptional()
  @IsIn(CLOCKS)
  clock?: Clock;

  @ApiPropertyOptional({ description: 'why the department asks for admission' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ApproveItemDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class RetireItemDto {
  @ApiProperty()
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class CatalogQuery {
  @ApiPropertyOptional({ enum: ['active', 'all'], default: 'active', description: '`all` is for admins' })
  @IsOptional()
  @IsIn(['active', 'all'])
  status?: 'active' | 'all';
}
