import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { BURDEN_BY, BURDEN_TREND_DEFAULT_MONTHS, BURDEN_TREND_MAX_MONTHS, type BurdenBy } from '@gridflow/domain';
import { BREAKDOWN_BY, type BreakdownBy, TREND_INTERVALS, TREND_MAX_DAYS, type TrendInterval } from '@gridflow/stats';
import { IsOrgCode } from '../../common/validators.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PeriodQuery {
  @ApiPropertyOptional({ description: 'default: the caller’s scope' })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day (Asia/Shanghai), default 30 days ago' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day, inclusive; default today' })
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}

export class BreakdownQuery extends PeriodQuery {
  @ApiProperty({ enum: BREAKDOWN_BY })
  @IsIn(BREAKDOWN_BY)
  by: BreakdownBy;
}

export class TrendQuery extends PeriodQuery {
  @ApiPropertyOptional({
    enum: TREND_INTERVALS,
    default: 'day',
    description: `one point per day (a period of at most ${TREND_MAX_DAYS} days) or per month`,
  })
  @IsOptional()
  @IsIn(TREND_INTERVALS)
  interval?: TrendInterval;
}

export class RankingsQuery extends PeriodQuery {
  @ApiProperty({ enum: ['grid', 'worker', 'department'] })
  @IsIn(['grid', 'worker', 'department'])
  by: 'grid' | 'worker' | 'department';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class WeightsDto {
  @ApiProperty({ example: 0.1 }) @IsNumber() @Min(0) @Max(1) response: number;
  @ApiProperty({ example: 0.5 }) @IsNumber() @Min(0) @Max(1) resolution: number;
  @ApiProperty({ example: 0.4 }) @IsNumber() @Min(0) @Max(1) satisfaction: number;
}

export class BurdenQuery extends PeriodQuery {
  @ApiProperty({
    enum: BURDEN_BY,
    description: 'one row per worker or per grid, ordered by name or code (never by volume)',
  })
  @IsIn(BURDEN_BY)
  by: BurdenBy;
}

export class BurdenTrendQuery {
  @ApiPropertyOptional({ description: 'default: the caller’s scope' })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: BURDEN_TREND_MAX_MONTHS,
    default: BURDEN_TREND_DEFAULT_MONTHS,
    description: 'the last N months, this one included',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(BURDEN_TREND_MAX_MONTHS)
  months?: number;
}
