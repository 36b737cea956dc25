import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';
import {
  TIME_REQUEST_KINDS,
  TIME_REQUEST_STATUSES,
  type TimeRequestKind,
  type TimeRequestStatus,
} from '@gridflow/domain';
import { PageQueryDto } from '../../common/page-query.dto.js';

export class ExtensionRequestDto {
  @ApiProperty({ example: '需等待供热公司上门检修，预计下周完成' })
  @IsString()
  @Length(1, 2000)
  reason: string;

  @ApiProperty({
    description: 'the new due time: after the current one, within 30 days',
    example: '2030-01-15T10:00:00Z',
  })
  @IsISO8601({ strict: true })
  requestedDueAt: string;
}

export class SuspensionRequestDto {
  @ApiProperty({ example: '等待法院判决结果' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ApproveTimeRequestDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class RefuseTimeRequestDto {
  @ApiProperty({ example: '时限充足，请按期办结' })
  @IsString()
  @Length(1, 2000)
  note: string;
}

export class ListTimeRequestsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: TIME_REQUEST_STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(TIME_REQUEST_STATUSES)
  status?: TimeRequestStatus;

  @ApiPropertyOptional({ enum: TIME_REQUEST_KINDS })
  @IsOptional()
  @IsIn(TIME_REQUEST_KINDS)
  kind?: TimeRequestKind;
}

export class ReviewQueueQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: only tickets over their due time now (超时); false: only the others' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}
