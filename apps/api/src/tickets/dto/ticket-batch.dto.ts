import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { BATCH_MAX_TICKETS, ErrorCode } from '@gridflow/domain';
import {
  AcceptDto,
  ArchiveDto,
  ClaimDto,
  CommentDto,
  DeclineDto,
  DispatchDto,
  EscalateDto,
  RejectDto,
  ResolveDto,
  VerifyDto,
} from './ticket-actions.dto.js';
import { TicketView } from './ticket-view.dto.js';

/** The tickets of a batch request; the rest of its body is the single action's body. */
export class BatchIdsDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: BATCH_MAX_TICKETS,
    uniqueItems: true,
    description: `1–${BATCH_MAX_TICKETS} distinct ticket ids; the results come in this order`,
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(BATCH_MAX_TICKETS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ids: string[];
}

export class BatchAcceptDto extends IntersectionType(BatchIdsDto, AcceptDto) {}
export class BatchDispatchDto extends IntersectionType(BatchIdsDto, DispatchDto) {}
export class BatchClaimDto extends IntersectionType(BatchIdsDto, ClaimDto) {}
export class BatchDeclineDto extends IntersectionType(BatchIdsDto, DeclineDto) {}
export class BatchResolveDto extends IntersectionType(BatchIdsDto, ResolveDto) {}
export class BatchVerifyDto extends IntersectionType(BatchIdsDto, VerifyDto) {}
export class BatchArchiveDto extends IntersectionType(BatchIdsDto, ArchiveDto) {}
export class BatchRejectDto extends IntersectionType(BatchIdsDto, RejectDto) {}
export class BatchEscalateDto extends IntersectionType(BatchIdsDto, EscalateDto) {}
export class BatchCommentDto extends IntersectionType(BatchIdsDto, CommentDto) {}

export class BatchResultView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    example: 200,
    description: '200, or what the single action would have answered (400, 403, 404, 409, 422)',
  })
  status: number;

  @ApiPropertyOptional({ enum: ErrorCode, enumName: 'ErrorCode', description: 'when status is not 200' })
  code?: ErrorCode;

  @ApiPropertyOptional({ description: 'when status is not 200' })
  message?: string;

  @ApiPropertyOptional({
    type: TicketView,
    description: 'when status is 200: the ticket as the single action answers it',
  })
  ticket?: TicketView;
}

export class BatchResultsView {
  @ApiProperty({ type: [BatchResultView], description: 'one per id, in the order of ids' })
  results: BatchResultView[];
}
