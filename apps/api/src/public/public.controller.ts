import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, RateLimited } from '@gridflow/auth';
import { CatalogService } from '@gridflow/catalog';
import { GridsService } from '@gridflow/org';
import { AttachmentsService, MAX_ATTACHMENT_BYTES, PublicTicketsService, TicketsService } from '@gridflow/tickets';
import { RatingDto } from '../tickets/dto/ticket-actions.dto.js';
import { AnonUploadQuotaGuard } from './anon-upload-quota.guard.js';
import { PublicFileTicketDto } from './dto/public-file-ticket.dto.js';
import { PublicGridParams } from './dto/public-grid.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/** The residents' own channel (no login, rate-limited per IP): the grid and catalogue, 点单, tracking, rating. */
@ApiTags('public')
@Public()
@ApiErrors(429)
@Controller('public')
export class PublicController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly publicTickets: PublicTicketsService,
    private readonly attachments: AttachmentsService,
    private readonly grids: GridsService,
    private readonly catalog: CatalogService,
  ) {}

  @Get('grids/:code')
  @RateLimited()
  @ApiOperation({
    summary: 'The grid a sign board QR code names: code, names of grid, community and township, boundary (active only)',
  })
  @ApiErrors(400, 404)
  grid(@Param() params: PublicGridParams) {
    return this.grids.publicView(params.code);
  }

  @Get('catalog')
  @RateLimited()
  @ApiOperation({ summary: 'The admitted matters a resident may request (active items, names only), by category' })
  catalogue() {
    return this.catalog.publicCatalogue();
  }

  @Post('tickets')
  @RateLimited()
  @ApiOperation({ summary: '群众点单 by the resident (QR code on the sign board) → 201 with the tracking code' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiErrors(400, 404, 422)
  async file(
    @Body() body: PublicFileTicketDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // The catalogue item decides urgency for a resident's request, never the resident.
    const { urgent: _ignored, ...request } = body;
    // Keys are per client address (req.ip, after TRUST_PROXY): another client replaying a key
    // gets its own answer, never the first client's ticket and tracking code.
    const { status, body: ticket } = await this.tickets.file(null, request, {
      channel: 'public',
      idempotencyKey,
      idempotencyScope: `public:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`,
    });
    res.status(status);
    return ticket;
  }

  @Get('tickets/:trackingCode')
  @RateLimited()
  @ApiOperation({ summary: 'Follow a request: steps and times only' })
  @ApiErrors(404)
  track(@Param('trackingCode') trackingCode: string) {
    return this.publicTickets.track(trackingCode);
  }

  @Post('tickets/:trackingCode/rating')
  @RateLimited()
  @HttpCode(201)
  @ApiOperation({ summary: 'Rate once, after the ticket is verified' })
  @ApiErrors(400, 404, 409)
  rate(@Param('trackingCode') trackingCode: string, @Body() body: RatingDto) {
    return this.publicTickets.rate(trackingCode, body.satisfaction, body.comment);
  }

  @Post('attachments')
  @RateLimited()
  @UseGuards(AnonUploadQuotaGuard)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'A resident uploads a photo or PDF for a request (by content; ≤ 10 MB; a daily quota per address) → 201',
  })
  @ApiErrors(400, 413, 415)
  upload(@UploadedFile() file: { buffer: Buffer } | undefined) {
    return this.attachments.store(null, file?.buffer);
  }
}
