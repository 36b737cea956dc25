import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Response } from 'express';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { EXPORT_MAX_DAYS, TicketExportService } from '@gridflow/tickets';
import { streamXlsx, XLSX_CONTENT_TYPE } from '../common/xlsx.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { TicketFilterQuery } from './dto/ticket-actions.dto.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The list's filters and the days filed. */
export class ExportTicketsQuery extends TicketFilterQuery {
  @ApiPropertyOptional({
    example: '2026-01-01',
    description: 'first day filed (Asia/Shanghai), inclusive; default 29 days before `to`',
  })
  @IsOptional()
  @Matches(DAY, { message: 'must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-01-31',
    description: 'last day filed (Asia/Shanghai), inclusive; default today',
  })
  @IsOptional()
  @Matches(DAY, { message: 'must be a date YYYY-MM-DD' })
  to?: string;
}

/**
 * 工单导出. Its own controller, registered before TicketsController, so that
 * `GET /tickets/export.xlsx` is never read as `GET /tickets/:id`.
 */
@ApiTags('tickets')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('tickets')
export class TicketExportController {
  private readonly logger = new Logger('TicketExportController');

  constructor(private readonly exporter: TicketExportService) {}

  @Get('export.xlsx')
  @Roles('dispatcher', 'supervisor', 'admin')
  @ApiOperation({
    summary: `The tickets filed in a period (at most ${EXPORT_MAX_DAYS} days, default the last 30), in scope, as an Excel sheet`,
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiErrors(400, 403)
  async export(@CurrentUser() actor: AuthUser, @Query() query: ExportTicketsQuery, @Res() res: Response) {
    // Everything that can answer 400 is checked here, before the first byte is sent.
    const plan = this.exporter.plan(actor, query);
    try {
      await streamXlsx(res, plan.filename, [{ name: '工单', columns: plan.columns, rows: plan.rows }]);
    } catch (err) {
      if (!res.headersSent) throw err;
      // Too late for an error body: cut the download so the client sees it incomplete, not "done".
      this.logger.error(`ticket export failed midway: ${String(err)}`);
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
