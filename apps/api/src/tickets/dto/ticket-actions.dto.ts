import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DEPARTMENT_CODE_PATTERN,
  REJECT_REASONS,
  type RejectReason,
  type TicketStatus,
  TICKET_STATUSES,
  VERIFY_OUTCOMES,
  type VerifyOutcome,
} from '@gridflow/domain';
import { SATISFACTIONS, type Satisfaction, TICKET_SORTS, type TicketSort } from '@gridflow/tickets';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsGridCode, NotTogetherWith } from '../../common/validators.js';

class WithComment {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export class AcceptDto extends WithComment {
  @ApiPropertyOptional({ description: 'grid-tier items only: the grid handles it itself (→ dispatched to me)' })
  @IsOptional()
  @IsBoolean()
  handleSelf?: boolean;
}

/** Exactly one of `assigneeId` and `departmentCode` (400 otherwise). */
export class DispatchDto extends WithComment {
  @ApiPropertyOptional({
    description:
      'a party member or grid worker whose scope covers the grid; exactly one of assigneeId and departmentCode',
  })
  // required unless a department is named; never both
  @ValidateIf((o: DispatchDto) => o.departmentCode === undefined || o.assigneeId !== undefined)
  @IsUUID()
  @NotTogetherWith('departmentCode')
  assigneeId?: string;

  @ApiPropertyOptional({
    example: '140213D01',
    description:
      '职能部门: an enabled department of the ticket’s county or city, instead of assigneeId; only for a matter escalated to the township or above (报大事), by a dispatcher of a township or an admin',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be a department code such as 140213D01' })
  departmentCode?: string;
}

export class ClaimDto extends WithComment {}
export class ArchiveDto extends WithComment {}

export class DeclineDto {
  @ApiProperty({ example: '不在本人联系范围' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class ResolveDto {
  @ApiProperty({ example: '已协调物业维修，漏水已停止' })
  @IsString()
  @Length(1, 2000)
  result: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class VerifyDto extends WithComment {
  @ApiProperty({ enum: VERIFY_OUTCOMES })
  @IsIn(VERIFY_OUTCOMES)
  outcome: VerifyOutcome;

  @ApiPropertyOptional({ enum: SATISFACTIONS, description: 'from the callback (回访)' })
  @IsOptional()
  @IsIn(SATISFACTIONS)
  satisfaction?: Satisfaction;

  @ApiPropertyOptional({ example: '电话回访，群众表示满意' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  callbackNote?: string;

  @ApiPropertyOptional({
    description: 'was the resident reached by phone (回访); satisfaction only with true (assumed true when omitted)',
  })
  @IsOptional()
  @IsBoolean()
  callbackReached?: boolean;
}

export class RejectDto {
  @ApiProperty({ enum: REJECT_REASONS })
  @IsIn(REJECT_REASONS)
  reason: RejectReason;

  @ApiProperty({ example: '不属于网格事项，已告知群众拨打12345' })
  @IsString()
  @Length(1, 2000)
  comment: string;

  @ApiPropertyOptional({ description: 'with reason duplicate: the original ticket' })
  @IsOptional()
  @IsUUID()
  duplicateOf?: string;

  @ApiPropertyOptional({ description: 'with reason transferred (转办): the responsible department' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  department?: string;
}

export class EscalateDto {
  @ApiProperty({ example: '涉及多户燃气管道，网格无法处置' })
  @IsString()
  @Length(1, 2000)
  reason: string;
}

export class CommentDto {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  text: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The filters a ticket list and the ticket export share. */
export class TicketFilterQuery {
  @ApiPropertyOptional({ enum: [...TICKET_STATUSES, 'open'] })
  @IsOptional()
  @IsIn([...TICKET_STATUSES, 'open'])
  status?: TicketStatus | 'open';

  @ApiPropertyOptional()
  @IsOptional()
  @IsGridCode()
  gridCode?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 10)
  itemCode?: string;

  @ApiPropertyOptional({
    description: 'true: only tickets over their step’s due time now (超时); false: only the others',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;
}

export class ListTicketsQuery extends IntersectionType(PageQueryDto, TicketFilterQuery) {
  @ApiPropertyOptional({
    enum: TICKET_SORTS,
    default: 'newest',
    description:
      'newest: newest first; urgency: 超时 first, then 临期, then the earliest due, tickets with no running limit last',
  })
  @IsOptional()
  @IsIn(TICKET_SORTS)
  sort?: TicketSort;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  assignedToMe?: boolean;

  @ApiPropertyOptional({ example: '140213D01', description: '职能部门: the tickets with this department' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be a department code such as 140213D01' })
  departmentCode?: string;

  @ApiPropertyOptional({
    description:
      'true: only unlocated requests (no grid yet, 待定位; dispatchers and admins); false: only those with a grid',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unlocated?: boolean;
}

export class LocatePointDto {
  @ApiProperty({ example: 113.292 })
  @IsLongitude()
  lng: number;

  @ApiProperty({ example: 40.072 })
  @IsLatitude()
  lat: number;
}

/** POST /tickets/:id/locate: exactly one of gridCode and location. */
export class LocateDto {
  @ApiPropertyOptional({ example: '140213001001003', description: 'the grid (exactly one of gridCode and location)' })
  @IsOptional()
  @IsGridCode()
  gridCode?: string;

  @ApiPropertyOptional({
    type: LocatePointDto,
    description: 'a point (WGS-84); its grid is the one containing it (exactly one of gridCode and location)',
  })
  @IsOptional()
  @NotTogetherWith('gridCode')
  @ValidateNested()
  @Type(() => LocatePointDto)
  location?: LocatePointDto;
}

export class RatingDto {
  @ApiProperty({ enum: SATISFACTIONS })
  @IsIn(SATISFACTIONS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  comment?: string;
}
