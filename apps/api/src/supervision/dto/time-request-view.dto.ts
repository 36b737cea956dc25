import { ApiProperty } from '@nestjs/swagger';
import {
  TIME_REQUEST_KINDS,
  TIME_REQUEST_STATUSES,
  type TimeRequestKind,
  type TimeRequestStatus,
} from '@gridflow/domain';
import { TicketAssigneeView } from '../../tickets/dto/ticket-view.dto.js';

/** A 延期/挂账 request (libs/tickets `timeRequestView`), described for the OpenAPI document. */
export class TimeRequestView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ enum: TIME_REQUEST_KINDS })
  kind: TimeRequestKind;

  @ApiProperty({ description: 'the step (timeline seq) the request was made in' })
  stepSeq: number;

  @ApiProperty({ enum: TIME_REQUEST_STATUSES })
  status: TimeRequestStatus;

  @ApiProperty()
  reason: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '延期 only' })
  requestedDueAt: string | null;

  @ApiProperty({ type: TicketAssigneeView })
  requestedBy: TicketAssigneeView;

  @ApiProperty({ type: TicketAssigneeView, nullable: true })
  decidedBy: TicketAssigneeView | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class TimeRequestPageView {
  @ApiProperty({ type: [TimeRequestView] })
  items: TimeRequestView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
