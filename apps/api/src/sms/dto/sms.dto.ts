import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { SMS_KINDS, SMS_STATUSES, type SmsKind, type SmsStatus } from '@gridflow/notifications';
import { PageQueryDto } from '../../common/page-query.dto.js';

export class ListSmsQuery extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'only this ticket’s SMS' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;

  @ApiPropertyOptional({ enum: SMS_STATUSES })
  @IsOptional()
  @IsIn(SMS_STATUSES)
  status?: SmsStatus;
}

/** libs/notifications `SmsView`, described for the OpenAPI document. */
export class SmsView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ description: 'the ticket number' })
  ticketNumber: string;

  @ApiProperty({ enum: SMS_KINDS, description: 'filed: the tracking code; verified: the result' })
  kind: SmsKind;

  @ApiProperty({ description: 'masked, 138****5678: never in full' })
  phone: string;

  @ApiProperty({ description: 'the text without the sign name' })
  text: string;

  @ApiProperty({ enum: ['log', 'http'] })
  driver: 'log' | 'http';

  @ApiProperty({ enum: SMS_STATUSES })
  status: SmsStatus;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: string | null;
}

export class SmsPageView {
  @ApiProperty({ type: [SmsView] })
  items: SmsView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
