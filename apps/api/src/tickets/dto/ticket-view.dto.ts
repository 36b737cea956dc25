import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ROLES,
  type Role,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  type TicketAction,
  type TicketStatus,
} from '@gridflow/domain';

// The answers of the ticket routes (libs/tickets `ticketView`, `eventView`), described for the
// OpenAPI document and the console's generated types; the services build them.

export class TicketLocationView {
  @ApiProperty({ type: Number, nullable: true, description: 'null: an address typed without GPS' })
  lng: number | null;

  @ApiProperty({ type: Number, nullable: true })
  lat: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  address?: string | null;
}

export class TicketReporterView {
  @ApiPropertyOptional({ type: String, nullable: true })
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'masked (138****5678) unless you may see it' })
  phone?: string | null;
}

export class TicketDepartmentView {
  @ApiProperty({ example: '140213D01' })
  code: string;

  @ApiProperty({ type: String, nullable: true, example: '城管局' })
  name: string | null;
}

export class TicketAssigneeView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  displayName: string | null;
}

export class TicketTimeLeftView {
  @ApiProperty({ enum: ['working', 'calendar'], description: 'the clock the item’s limits count' })
  clock: 'working' | 'calendar';

  @ApiProperty({
    description: 'whole seconds of that clock until the step is due, at the request; negative once over (超时)',
  })
  seconds: number;
}

export class TicketView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  trackingCode: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty()
  itemCode: string;

  @ApiProperty({ type: String, nullable: true, description: 'null while an unlocated request waits for a grid' })
  gridCode: string | null;

  @ApiProperty({
    example: '140213001001',
    description: 'the org unit the ticket is at: its grid, or the unit an unlocated request waits at (待定位)',
  })
  orgCode: string;

  @ApiProperty({ description: 'grid, community, township, county or city' })
  level: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: TicketLocationView, nullable: true })
  location: TicketLocationView | null;

  @ApiProperty()
  urgent: boolean;

  @ApiPropertyOptional()
  channel?: string;

  @ApiPropertyOptional({ type: TicketReporterView, nullable: true, description: 'detail only, never in lists' })
  reporter?: TicketReporterView | null;

  @ApiProperty({ type: TicketAssigneeView, nullable: true })
  assignee: TicketAssigneeView | null;

  @ApiProperty({
    type: TicketDepartmentView,
    nullable: true,
    description: '职能部门: the department the ticket was handed to (its staff claim it), or null',
  })
  department: TicketDepartmentView | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: string | null;

  @ApiProperty({
    type: TicketTimeLeftView,
    nullable: true,
    description:
      'time left on the current step in its item’s clock; null when no limit runs (archived, rejected, 挂账)',
  })
  timeLeft: TicketTimeLeftView | null;

  @ApiProperty()
  warning: boolean;

  @ApiProperty()
  overdue: boolean;

  @ApiProperty()
  escalations: number;

  @ApiProperty()
  reworkCount: number;

  @ApiProperty({ type: String, nullable: true })
  satisfaction: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  version: number;
}

export class TicketActorView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;
}

export class TimelineEventView {
  @ApiProperty()
  seq: number;

  @ApiProperty()
  type: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: TicketActorView, nullable: true, description: 'null: the system' })
  actor: TicketActorView | null;

  @ApiProperty({ type: String, nullable: true })
  fromStatus: string | null;

  @ApiProperty({ type: String, nullable: true })
  toStatus: string | null;

  @ApiProperty({ type: String, nullable: true })
  comment: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  data: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'attachment ids' })
  attachments?: string[] | null;
}

export class TicketDetailView extends TicketView {
  @ApiProperty({ type: [TimelineEventView] })
  timeline: TimelineEventView[];

  @ApiProperty({
    enum: TICKET_ACTIONS,
    isArray: true,
    description: 'what the caller may do now',
  })
  allowedActions: TicketAction[];
}

export class TicketPageView {
  @ApiProperty({ type: [TicketView] })
  items: TicketView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class EventAfterSealView {
  @ApiProperty()
  seq: number;

  @ApiProperty({ example: 'rated' })
  type: string;
}

/** GET /tickets/:id/integrity (libs/tickets `TicketSealService.integrity`). */
export class TicketIntegrityView {
  @ApiProperty({ format: 'uuid' })
  ticketId: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty()
  sealed: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sealedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  sealedHash: string | null;

  @ApiProperty()
  computedHash: string;

  @ApiProperty({ type: Boolean, nullable: true, description: 'null until the ticket is sealed at archiving' })
  intact: boolean | null;

  @ApiPropertyOptional({ description: 'the first timeline seq that is missing or out of order' })
  firstMismatch?: number;

  @ApiProperty({ description: 'timeline events counted' })
  events: number;

  @ApiProperty({
    type: [EventAfterSealView],
    description:
      "events written after the seal, not covered by it: only a resident's rating (rated) that came after archiving",
  })
  afterSeal: EventAfterSealView[];

  @ApiProperty()
  algorithm: string;
}

export class PossibleDuplicateView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  number: string;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty()
  description: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'null when the request being filed or this ticket has no point',
  })
  distanceMetres: number | null;
}

export class PossibleDuplicatePageView {
  @ApiProperty({ type: [PossibleDuplicateView] })
  items: PossibleDuplicateView[];

  @ApiProperty({ type: String, nullable: true, description: 'always null: one page' })
  nextCursor: string | null;
}
