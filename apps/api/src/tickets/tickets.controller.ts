import { applyDecorators, Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '@gridflow/auth';
import { allowedActions, type AuthUser, BATCH_MAX_TICKETS, type TicketAction } from '@gridflow/domain';
import { TicketActionsService, TicketBatchService, TicketSealService, TicketsService } from '@gridflow/tickets';
import { FileTicketDto } from './dto/file-ticket.dto.js';
import { PossibleDuplicatesQuery } from './dto/possible-duplicates.dto.js';
import {
  BatchAcceptDto,
  BatchArchiveDto,
  BatchClaimDto,
  BatchCommentDto,
  BatchDeclineDto,
  BatchDispatchDto,
  BatchEscalateDto,
  type BatchIdsDto,
  BatchRejectDto,
  BatchResolveDto,
  BatchResultsView,
  BatchVerifyDto,
} from './dto/ticket-batch.dto.js';
import {
  AcceptDto,
  ArchiveDto,
  ClaimDto,
  CommentDto,
  DeclineDto,
  DispatchDto,
  EscalateDto,
  ListTicketsQuery,
  LocateDto,
  RejectDto,
  ResolveDto,
  VerifyDto,
} from './dto/ticket-actions.dto.js';
import {
  PossibleDuplicatePageView,
  TicketDetailView,
  TicketIntegrityView,
  TicketPageView,
  TicketView,
} from './dto/ticket-view.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/** `POST /tickets/batch/<segment>`: the single action `POST /tickets/:id/<segment>` on each of `ids`. */
const BatchRoute = (segment: string) =>
  applyDecorators(
    Post(`batch/${segment}`),
    HttpCode(200),
    ApiOperation({
      summary: `批量: POST /tickets/:id/${segment} on each of 1–${BATCH_MAX_TICKETS} tickets, each on its own; per-ticket results in the order of ids`,
    }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first results' }),
    ApiErrors(400, 409, 422),
    ApiOkResponse({ type: BatchResultsView }),
  );

@ApiTags('tickets')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly actions: TicketActionsService,
    private readonly batch: TicketBatchService,
    private readonly sealer: TicketSealService,
  ) {}

  @Post()
  @Roles('grid_worker', 'dispatcher')
  @ApiOperation({ summary: '群众点单 on a resident’s behalf → 201 ticket (submitted) with possibleDuplicates' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiErrors(400, 403, 404, 422)
  @ApiCreatedResponse({ type: TicketView })
  async file(
    @CurrentUser() actor: AuthUser,
    @Body() body: FileTicketDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { status, body: ticket } = await this.tickets.file(actor, body, { channel: 'staff', idempotencyKey });
    res.status(status);
    return ticket;
  }

  @Get()
  @ApiOperation({ summary: 'Tickets in my scope, newest first, filtered by status, grid, item, overdue, assignee' })
  @ApiErrors(400)
  @ApiOkResponse({ type: TicketPageView })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListTicketsQuery) {
    return this.tickets.list(actor, query);
  }

  // Declared before ':id' so that "possible-duplicates" is not taken for a ticket id.
  @Get('possible-duplicates')
  @Roles('grid_worker', 'dispatcher')
  @ApiOperation({
    summary:
      'Before filing: open tickets of the same item in the grid from the last 72 h (within 200 m when located); 404 for a grid out of scope',
  })
  @ApiErrors(400, 403)
  @ApiOkResponse({ type: PossibleDuplicatePageView })
  possibleDuplicates(@CurrentUser() actor: AuthUser, @Query() query: PossibleDuplicatesQuery) {
    return this.tickets.findPossibleDuplicates(actor, query);
  }

  // 批量: one route per action, declared before ':id/<action>' so that "batch" is not taken for a
  // ticket id. The body is the single action's plus `ids`; an action without a batch route is
  // answered like an unknown single action (404).
  @BatchRoute('accept')
  batchAccept(@CurrentUser() actor: AuthUser, @Body() body: BatchAcceptDto, @Headers('idempotency-key') key?: string) {
    return this.runBatch(actor, 'accept', body, key);
  }

  @BatchRoute('dispatch')
  batchDispatch(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchDispatchDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'dispatch', body, key);
  }

  @BatchRoute('claim')
  batchClaim(@CurrentUser() actor: AuthUser, @Body() body: BatchClaimDto, @Headers('idempotency-key') key?: string) {
    return this.runBatch(actor, 'claim', body, key);
  }

  @BatchRoute('decline')
  batchDecline(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchDeclineDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'decline', body, key);
  }

  @BatchRoute('resolve')
  batchResolve(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchResolveDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'resolve', body, key);
  }

  @BatchRoute('verify')
  batchVerify(@CurrentUser() actor: AuthUser, @Body() body: BatchVerifyDto, @Headers('idempotency-key') key?: string) {
    return this.runBatch(actor, 'verify', body, key);
  }

  @BatchRoute('archive')
  batchArchive(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchArchiveDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'archive', body, key);
  }

  @BatchRoute('reject')
  batchReject(@CurrentUser() actor: AuthUser, @Body() body: BatchRejectDto, @Headers('idempotency-key') key?: string) {
    return this.runBatch(actor, 'reject', body, key);
  }

  @BatchRoute('escalate')
  batchEscalate(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchEscalateDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'escalate', body, key);
  }

  @BatchRoute('comments')
  batchComment(
    @CurrentUser() actor: AuthUser,
    @Body() body: BatchCommentDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.runBatch(actor, 'comment', body, key);
  }

  private runBatch(actor: AuthUser, action: TicketAction, { ids, ...body }: BatchIdsDto, key: string | undefined) {
    return this.batch.act(actor, action, ids, body, key);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A ticket with its timeline and the actions open to the caller' })
  @ApiErrors(404)
  @ApiOkResponse({ type: TicketDetailView })
  async get(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    const ticket = await this.tickets.get(actor, id);
    return {
      ...ticket,
      allowedActions: allowedActions(ticket.status, actor.role, ticket.assignee?.id === actor.id),
    };
  }

  @Get(':id/integrity')
  @ApiOperation({
    summary:
      '归档封存: whether the timeline still matches the hash chain sealed at archiving (intact: null until sealed)',
  })
  @ApiErrors(404)
  @ApiOkResponse({ type: TicketIntegrityView })
  integrity(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.sealer.integrity(actor, id);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '网格接单: submitted → accepted (→ dispatched to me with handleSelf on a grid-tier item)' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  accept(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: AcceptDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'accept', body, key);
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '村社派单: accepted → dispatched' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  dispatch(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: DispatchDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'dispatch', body, key);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '党员接单: dispatched → claimed (the assignee)' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  claim(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: ClaimDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'claim', body, key);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '退单: dispatched/claimed → accepted (the assignee)' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  decline(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: DeclineDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'decline', body, key);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: 'claimed → resolved with the result (the assignee)' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  resolve(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: ResolveDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'resolve', body, key);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '督查兑单: resolved → verified (pass) or dispatched (rework)' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  verify(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: VerifyDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'verify', body, key);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '归档销单: verified → archived' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  archive(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: ArchiveDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'archive', body, key);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({
    summary: 'submitted/accepted → rejected with a reason (not admissible, duplicate, invalid, transferred 转办)',
  })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  reject(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: RejectDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'reject', body, key);
  }

  @Post(':id/escalate')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: '报大事: raise the level by one at once' })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  escalate(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: EscalateDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'escalate', body, key);
  }

  @Post(':id/locate')
  @HttpCode(200)
  @Roles('dispatcher', 'admin')
  @ApiOperation({
    summary:
      '待定位: place an unlocated request in a grid (gridCode, or a point → its grid) → located; 409 if it has a grid, 422 OUTSIDE_ALL_GRIDS',
  })
  @ApiErrors(400, 403, 404, 409, 422)
  @ApiOkResponse({ type: TicketView })
  locate(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() body: LocateDto) {
    return this.actions.locate(actor, id, body);
  }

  @Post(':id/comments')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a repeat replays the first answer' })
  @ApiOperation({ summary: 'Comment on a ticket in scope (no change of status)' })
  @ApiErrors(400, 404, 422)
  comment(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Body() body: CommentDto,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.actions.actOnce(actor, id, 'comment', body, key);
  }
}
