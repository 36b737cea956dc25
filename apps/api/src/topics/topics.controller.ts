import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import { type AuthUser, TOPIC_KIND_LABEL, TOPIC_STATUS_LABEL } from '@gridflow/domain';
import { TopicsService } from '@gridflow/topics';
import type { Response } from 'express';
import { streamXlsx } from '../common/xlsx.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import {
  AdoptTopicDto,
  CloseTopicDto,
  ListTopicsQuery,
  MonthlyReportQuery,
  ScopeQuery,
  TopicThresholdsDto,
} from './dto/topics.dto.js';

const REPORT_COLUMNS = [
  { header: '排名', key: 'rank', width: 6 },
  { header: '专题', key: 'title', width: 40 },
  { header: '类型', key: 'kindLabel', width: 14 },
  { header: '事项', key: 'itemName', width: 18 },
  { header: '范围', key: 'scopeCode', width: 16 },
  { header: '网格', key: 'grids', width: 30 },
  { header: '涉及人数', key: 'people' },
  { header: '本月件数', key: 'monthTickets' },
  { header: '不满意件数', key: 'dissatisfied' },
  { header: '返工件数', key: 'reworked' },
  { header: '累计件数', key: 'ticketCount' },
  { header: '状态', key: 'statusLabel' },
  { header: '牵头单位', key: 'leadUnit', width: 20 },
  { header: '办结期限', key: 'dueAt', width: 20 },
];

/** Governance topics (未诉先办, 每月一题) — docs/topics.md. */
@ApiTags('topics')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'dispatcher')
@ApiErrors(401, 403)
@Controller('topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @ApiOperation({ summary: 'Topics touching my scope, most recently active first (keyset)' })
  @ApiErrors(400, 404)
  list(@CurrentUser() actor: AuthUser, @Query() q: ListTopicsQuery) {
    return this.topics.list(actor, q);
  }

  @Post('detect')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Run the detection now over my scope; answers when it has run, with counts' })
  @ApiErrors(400, 404)
  detect(@CurrentUser() actor: AuthUser, @Query() q: ScopeQuery) {
    return this.topics.detectFor(actor, q.scopeCode);
  }

  @Get('monthly-report')
  @ApiOperation({
    summary: '每月一题: the month’s topics ranked by people affected, then dissatisfaction (.xlsx)',
  })
  @ApiErrors(400, 404)
  async monthlyReport(@CurrentUser() actor: AuthUser, @Query() q: MonthlyReportQuery, @Res() res: Response) {
    const report = await this.topics.monthlyReport(actor, q.month, q.scopeCode);
    await streamXlsx(res, `每月一题-${report.scopeCode}-${report.month}.xlsx`, [
      {
        name: `每月一题 ${report.month}`,
        columns: REPORT_COLUMNS,
        rows: report.rows.map((r) => ({
          ...r,
          kindLabel: TOPIC_KIND_LABEL[r.kind],
          statusLabel: TOPIC_STATUS_LABEL[r.status],
          grids: r.gridCodes.join(' '),
        })),
      },
    ]);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One topic with its tickets (those in my scope)' })
  @ApiErrors(400, 404)
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.topics.get(actor, id);
  }

  @Post(':id/adopt')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Adopt an open topic (立项) with a lead unit and a due date' })
  @ApiErrors(400, 404, 409)
  adopt(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AdoptTopicDto) {
    return this.topics.adopt(actor, id, body);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Close an open or adopted topic with its result; its tickets are released' })
  @ApiErrors(400, 404, 409)
  close(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: CloseTopicDto) {
    return this.topics.close(actor, id, body);
  }
}

/**
 * What makes a topic, per item category (admin). A resource of its own, not under /topics/, so
 * that no path of it can be read as a topic's id.
 */
@ApiTags('topics')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('topic-thresholds')
export class TopicThresholdsController {
  constructor(private readonly topics: TopicsService) {}

  @Get()
  @ApiOperation({ summary: 'What makes a topic, per item category (defaults where none was set)' })
  thresholds() {
    return this.topics.thresholds();
  }

  @Put(':categoryCode')
  @ApiOperation({ summary: 'Set the thresholds of one item category' })
  @ApiErrors(400, 404)
  setThresholds(
    @CurrentUser() actor: AuthUser,
    @Param('categoryCode') categoryCode: string,
    @Body() body: TopicThresholdsDto,
  ) {
    return this.topics.setThresholds(actor, categoryCode, body);
  }
}
