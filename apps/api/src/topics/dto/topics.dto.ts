import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import {
  TOPIC_KINDS,
  TOPIC_STATUSES,
  TOPIC_THRESHOLD_LIMITS,
  type TopicKind,
  type TopicStatus,
} from '@gridflow/domain';
import { IsOrgCode } from '../../common/validators.js';

export class ListTopicsQuery {
  @ApiPropertyOptional({ description: 'default: the caller’s scope' })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;

  @ApiPropertyOptional({ enum: TOPIC_STATUSES })
  @IsOptional()
  @IsIn(TOPIC_STATUSES)
  status?: TopicStatus;

  @ApiPropertyOptional({ enum: TOPIC_KINDS })
  @IsOptional()
  @IsIn(TOPIC_KINDS)
  kind?: TopicKind;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ScopeQuery {
  @ApiPropertyOptional({ description: 'default: the caller’s scope' })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;
}

export class MonthlyReportQuery extends ScopeQuery {
  @ApiProperty({ example: '2026-11', description: 'the month (Asia/Shanghai), YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month YYYY-MM' })
  month: string;
}

export class AdoptTopicDto {
  @ApiProperty({ description: 'the lead unit (牵头单位): an org unit in my scope or a department serving it' })
  @IsString()
  @Matches(/^[0-9]{4,15}(D[0-9]{2,3})?$/, { message: 'must be an org unit or department code' })
  leadUnitCode: string;

  @ApiProperty({ example: '2027-01-31T10:00:00+08:00', description: 'in the future, at most two years ahead' })
  @IsISO8601({ strict: true })
  dueAt: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class CloseTopicDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'what was done (办理结果)' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  result: string;
}

const limit = (k: keyof typeof TOPIC_THRESHOLD_LIMITS) => [
  ApiProperty({
    minimum: TOPIC_THRESHOLD_LIMITS[k].min,
    maximum: TOPIC_THRESHOLD_LIMITS[k].max,
    description: TOPIC_THRESHOLD_LIMITS[k].label,
  }),
  IsInt(),
  Min(TOPIC_THRESHOLD_LIMITS[k].min),
  Max(TOPIC_THRESHOLD_LIMITS[k].max),
];
const apply =
  (k: keyof typeof TOPIC_THRESHOLD_LIMITS) =>
  (target: object, key: string): void => {
    for (const d of limit(k)) d(target, key);
  };

export class TopicThresholdsDto {
  @apply('clusterMinTickets') clusterMinTickets: number;
  @apply('clusterRadiusM') clusterRadiusM: number;
  @apply('clusterWindowDays') clusterWindowDays: number;
  @apply('repeatMinTickets') repeatMinTickets: number;
  @apply('repeatRadiusM') repeatRadiusM: number;
  @apply('repeatWindowDays') repeatWindowDays: number;
  @apply('reworkMinTickets') reworkMinTickets: number;
  @apply('reworkWindowDays') reworkWindowDays: number;
}
