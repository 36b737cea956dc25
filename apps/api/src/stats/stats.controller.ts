import { Body, Controller, Get, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import { type AuthUser, BURDEN_TREND_DEFAULT_MONTHS, invalidField, shanghaiDate } from '@gridflow/domain';
import { type BreakdownBy, BurdenService, type Period, StatsService } from '@gridflow/stats';
import type { Response } from 'express';
import { streamXlsx } from '../common/xlsx.js';
import {
  BreakdownQuery,
  BurdenQuery,
  BurdenTrendQuery,
  PeriodQuery,
  RankingsQuery,
  TrendQuery,
  WeightsDto,
} from './dto/stats.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

const BY_LABEL: Record<BreakdownBy, string> = {
  grid: '网格',
  community: '村社',
  township: '乡镇街道',
  county: '县区',
  item: '事项',
  worker: '人员',
  department: '职能部门',
};

const BREAKDOWN_COLUMNS = [
  { header: '编码', key: 'key', width: 18 },
  { header: '名称', key: 'name', width: 24 },
  { header: '受理数', key: 'submitted' },
  { header: '在办数', key: 'open' },
  { header: '超期数', key: 'overdue' },
  { header: '预警数', key: 'warning' },
  { header: '办结核实数', key: 'verified' },
  { header: '归档数', key: 'archived' },
  { header: '退回数', key: 'rejected' },
  { header: '升级次数', key: 'escalations' },
  { header: '及时响应率(%)', key: 'responseRate', width: 14 },
  { header: '按期办结率(%)', key: 'onTimeRate', width: 14 },
  { header: '解决率(%)', key: 'resolutionRate', width: 12 },
  { header: '满意率(%)', key: 'satisfactionRate', width: 12 },
  { header: '返工率(%)', key: 'reworkRate', width: 12 },
];

/** The figures of assessment (考核) are for the people who assess, not for the grid worker's phone. */
const ASSESSORS = ['admin', 'supervisor', 'dispatcher'] as const;
/** 减负 is the committee's: admins and supervisors (DOMAIN.md). */
const COMMITTEE = ['admin', 'supervisor'] as const;

@ApiTags('statistics')
@ApiBearerAuth()
@Roles(...ASSESSORS)
@ApiErrors(401, 403)
@Controller('stats')
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly burdens: BurdenService,
  ) {}

  @Get('overview')
  @ApiOperation({ summary: 'Counts and rates (三率) for a scope and period; rates in 0–1, null when undefined' })
  @ApiErrors(400, 404)
  overview(@CurrentUser() actor: AuthUser, @Query() q: PeriodQuery) {
    return this.stats.overview(actor, q.scopeCode, period(q));
  }

  @Get('trend')
  @ApiOperation({
    summary:
      'The same figures per day or month of the period (tickets counted in the period they were filed), every period present',
  })
  @ApiErrors(400, 404)
  trend(@CurrentUser() actor: AuthUser, @Query() q: TrendQuery) {
    return this.stats.trend(actor, q.scopeCode, period(q), q.interval ?? 'day');
  }

  @Get('breakdown')
  @ApiOperation({
    summary: 'The same figures per grid, community, township, county, item, worker or department (职能部门)',
  })
  @ApiErrors(400, 404)
  breakdown(@CurrentUser() actor: AuthUser, @Query() q: BreakdownQuery) {
    return this.stats.breakdown(actor, q.scopeCode, q.by, period(q));
  }

  @Get('breakdown.xlsx')
  @ApiOperation({ summary: 'The breakdown as an Excel workbook with Chinese headers' })
  @ApiErrors(400, 404)
  async breakdownXlsx(@CurrentUser() actor: AuthUser, @Query() q: BreakdownQuery, @Res() res: Response) {
    const result = await this.stats.breakdown(actor, q.scopeCode, q.by, period(q));
    const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    await streamXlsx(res, `统计-${BY_LABEL[q.by]}-${result.scopeCode}-${result.from}至${result.to}.xlsx`, [
      {
        name: `按${BY_LABEL[q.by]}`,
        columns: BREAKDOWN_COLUMNS,
        rows: result.rows.map((r) => ({
          ...r,
          responseRate: pct(r.responseRate),
          onTimeRate: pct(r.onTimeRate),
          resolutionRate: pct(r.resolutionRate),
          satisfactionRate: pct(r.satisfactionRate),
          reworkRate: pct(r.reworkRate),
        })),
      },
    ]);
  }

  @Get('rankings')
  @ApiOperation({
    summary: 'Top and bottom grids, workers or departments by the quality score (never by tickets filed)',
  })
  @ApiErrors(400, 404)
  rankings(@CurrentUser() actor: AuthUser, @Query() q: RankingsQuery) {
    return this.stats.rankings(actor, q.scopeCode, q.by, period(q), q.limit ?? 10);
  }

  @Get('burden')
  @Roles(...COMMITTEE)
  @ApiOperation({
    summary:
      '减负: per worker or grid — open tickets, handled, working hours holding tickets, tickets per week, refused pushes (ordered by name/code, never by volume)',
  })
  @ApiErrors(400, 404)
  burden(@CurrentUser() actor: AuthUser, @Query() q: BurdenQuery) {
    return this.burdens.burden(actor, q.scopeCode, q.by, period(q));
  }

  @Get('burden/trend')
  @Roles(...COMMITTEE)
  @ApiOperation({
    summary:
      '减负 (GridFlow addition): per month — open tickets at month end, tickets per worker per week, refused pushes',
  })
  @ApiErrors(400, 404)
  burdenTrend(@CurrentUser() actor: AuthUser, @Query() q: BurdenTrendQuery) {
    return this.burdens.trend(actor, q.scopeCode, q.months ?? BURDEN_TREND_DEFAULT_MONTHS);
  }

  @Get('burden/refused-pushes')
  @Roles(...COMMITTEE)
  @ApiOperation({
    summary:
      '减负 (GridFlow addition): the refused pushes (422 ITEM_NOT_ADMITTED) of a scope and period, newest first — who, which department, which item, which grid',
  })
  @ApiErrors(400, 404)
  refusedPushes(@CurrentUser() actor: AuthUser, @Query() q: PeriodQuery) {
    return this.burdens.refusedPushes(actor, q.scopeCode, period(q));
  }

  @Get('weights')
  @ApiOperation({ summary: 'Weights of the quality score now in use' })
  weights() {
    return this.stats.weights();
  }

  @Put('weights')
  @Roles('admin')
  @ApiOperation({ summary: 'Weights of the quality score (response, resolution, satisfaction; sum 1)' })
  @ApiErrors(400)
  setWeights(@CurrentUser() actor: AuthUser, @Body() body: WeightsDto) {
    return this.stats.setWeights(actor, body);
  }
}

/** from/to as Asia/Shanghai days, inclusive: default the last 30 days, at most 3 years. */
export function period(q: { from?: string; to?: string }): Period {
  const realDay = (field: 'from' | 'to', d: string) => {
    if (Number.isNaN(Date.parse(`${d}T00:00:00Z`)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d) {
      throw invalidField(field, 'must be a real date YYYY-MM-DD');
    }
    return d;
  };
  // `to` is checked before the default `from` is counted back from it.
  const to = realDay('to', q.to ?? shanghaiDate(new Date()));
  const from = realDay('from', q.from ?? shanghaiDate(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)));
  if (to < from) throw invalidField('to', 'must not be before from');
  if (Date.parse(to) - Date.parse(from) > 3 * 366 * 86_400_000) throw invalidField('to', 'at most three years');
  return { from, to };
}
