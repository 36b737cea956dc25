import {
  All,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import {
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, RateLimited } from '@gridflow/auth';
import { notFound } from '@gridflow/domain';
import {
  type Open311Client,
  type Open311Format,
  OPEN311_BASE_PATH,
  OPEN311_FORMATS,
  OPEN311_MIME,
  Open311Service,
  toGeoReportXml,
} from '@gridflow/open311';
import { GeoReportPostDto, GeoReportRequestsQueryDto } from './dto/georeport.dto.js';
import { Open311ApiKeyGuard, Open311Caller } from './open311-api-key.guard.js';
import { Open311ExceptionFilter } from './open311-exception.filter.js';
import { ApiOpen311Errors } from '../openapi/api-errors.decorator.js';

function checkedFormat(format: string): Open311Format {
  if (!(OPEN311_FORMATS as readonly string[]).includes(format)) {
    throw notFound(`Format .${format.slice(0, 10)} (only .json and .xml)`);
  }
  return format as Open311Format;
}

/** JSON as is; XML as the spec's document with `root` as its element. */
function reply(res: Response, format: string, root: string, body: unknown) {
  if (checkedFormat(format) === 'json') return body;
  res.type(`${OPEN311_MIME.xml}; charset=utf-8`);
  return toGeoReportXml(root, body);
}

const FORMAT_PARAM = { name: 'format', enum: OPEN311_FORMATS, description: 'json or xml' } as const;

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) at /open311/v2, outside /api/v1: the
 * admitted catalogue as services, tickets as public service requests, filing with an API key.
 * Errors answer in the spec's shape (Open311ExceptionFilter); every route is rate-limited per IP.
 */
@ApiTags('open311')
@ApiProduces(OPEN311_MIME.json, OPEN311_MIME.xml)
@Public()
@UseFilters(Open311ExceptionFilter)
@ApiOpen311Errors(429)
@Controller(OPEN311_BASE_PATH)
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('discovery.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({ summary: 'Service discovery: this endpoint, its formats, how to get an api_key' })
  @ApiOpen311Errors(400)
  async discovery(@Param('format') format: string, @Res({ passthrough: true }) res: Response) {
    checkedFormat(format);
    return reply(res, format, 'discovery', await this.open311.discovery());
  }

  @Get('services.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({ summary: 'Service list: the admitted matters (active catalogue items), group = category' })
  @ApiOpen311Errors(400)
  async services(@Param('format') format: string, @Res({ passthrough: true }) res: Response) {
    checkedFormat(format);
    return reply(res, format, 'services', await this.open311.services());
  }

  @Get('services/:service_code.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({
    summary: 'Service definition (no attributes: metadata is false for every service); 404 if not active',
  })
  @ApiOpen311Errors(400, 404)
  async serviceDefinition(
    @Param('service_code') code: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkedFormat(format);
    return reply(res, format, 'service_definition', await this.open311.serviceDefinition(code));
  }

  @Get('requests.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({
    summary:
      'Service requests (tickets), newest first, at most 1000: by ids, or by service_code, status and a ≤ 90-day window',
  })
  @ApiOpen311Errors(400)
  async requests(
    @Param('format') format: string,
    @Query() query: GeoReportRequestsQueryDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkedFormat(format);
    return reply(res, format, 'service_requests', await this.open311.requests(query));
  }

  @Post('requests.:format')
  @HttpCode(200)
  @RateLimited()
  @UseGuards(Open311ApiKeyGuard)
  @ApiParam(FORMAT_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'a repeat with the same key and body files nothing new',
  })
  @ApiOperation({
    summary:
      '群众点单 through Open311 (api_key): files a ticket (channel open311) → [{service_request_id, service_notice, account_id}]',
  })
  @ApiOkResponse({
    description: '[{service_request_id, service_notice, account_id: null}]: a realtime service, so no token',
  })
  @ApiForbiddenResponse({ description: 'missing, unknown or revoked api_key: [{code: 403, description}]' })
  @ApiOpen311Errors(400)
  async create(
    @Param('format') format: string,
    @Open311Caller() client: Open311Client,
    @Body() body: GeoReportPostDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkedFormat(format);
    return reply(res, format, 'service_requests', await this.open311.file(client, body, idempotencyKey));
  }

  @Get('requests/:service_request_id.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({ summary: 'One service request (an array of one, as the spec has it); 404 if unknown' })
  @ApiOpen311Errors(400, 404)
  async request(
    @Param('service_request_id') id: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkedFormat(format);
    return reply(res, format, 'service_requests', await this.open311.request(id));
  }

  @Get('tokens/:token.:format')
  @RateLimited()
  @ApiParam(FORMAT_PARAM)
  @ApiOperation({
    summary: 'service_request_id from a token handed out by an earlier release (POST requests answers no token now)',
  })
  @ApiOpen311Errors(400, 404)
  async token(
    @Param('token') token: string,
    @Param('format') format: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    checkedFormat(format);
    return reply(res, format, 'service_requests', await this.open311.token(token));
  }

  /**
   * Last: anything else under /open311/v2 (an unknown path, another method) is the spec's 404,
   * through the same filter — otherwise Nest's own not-found handler would answer in API.md's shape.
   */
  @All('{*path}')
  @ApiExcludeEndpoint()
  notFound(@Req() req: Request) {
    throw notFound(`Cannot ${req.method} ${req.path}`);
  }
}
