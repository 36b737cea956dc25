import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { type Clock, CLOCKS, type DayKind } from '@gridflow/domain';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class DaysQuery {
  @ApiProperty({ example: '2026-02-01' })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-02-28' })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  to: string;
}

export class SetDayDto {
  @ApiProperty({ enum: ['workday', 'holiday'] })
  @IsIn(['workday', 'holiday'])
  kind: DayKind;

  @ApiPropertyOptional({ example: '春节补班' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;
}

export class DueQuery {
  @ApiProperty({ example: '2026-02-13T09:00:00Z' })
  @IsISO8601({ strict: true })
  start: string;

  @ApiProperty({ example: 25200 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366 * 24 * 3600)
  seconds: number;

  @ApiPropertyOptional({ enum: CLOCKS, default: 'working' })
  @IsOptional()
  @IsIn(CLOCKS)
  clock?: Clock;
}
