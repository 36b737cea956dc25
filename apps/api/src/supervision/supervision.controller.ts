import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { ReviewService } from '@gridflow/tickets';
import { ListTimeRequestsQuery, ReviewQueueQuery } from './dto/supervision.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/** The supervisor's desk (督查): what waits for 督查兑单, and what waits for a decision. */
@ApiTags('supervision')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly review: ReviewService) {}

  @Get('review-queue')
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Resolved tickets in scope awaiting verification, the earliest due first (keyset on dueAt, id)',
  })
  @ApiErrors(400)
  reviewQueue(@CurrentUser() actor: AuthUser, @Query() query: ReviewQueueQuery) {
    return this.review.reviewQueue(actor, query);
  }

  @Get('requests')
  @Roles('supervisor', 'admin')
  @ApiOperation({ summary: '延期 / 挂账 requests in scope (status pending by default), newest first' })
  @ApiErrors(400)
  requests(@CurrentUser() actor: AuthUser, @Query() query: ListTimeRequestsQuery) {
    return this.review.requests(actor, query);
  }
}
