import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import { WorkingCalendarService } from '@gridflow/catalog';
import { type AuthUser, invalidField } from '@gridflow/domain';
import { DaysQuery, DueQuery, SetDayDto } from './dto/calendar.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: WorkingCalendarService) {}

  @Get('days')
  @ApiOperation({ summary: 'Working days, holidays and 调休 makeup days in a range, with their source' })
  @ApiErrors(400)
  days(@Query() query: DaysQuery) {
    return this.calendar.listDays(query.from, query.to);
  }

  @Put('days/:date')
  @Roles('admin')
  @ApiOperation({ summary: "Add or override a day (e.g. next year's schedule before the package has it)" })
  @ApiErrors(400, 403)
  setDay(@CurrentUser() actor: AuthUser, @Param('date') date: string, @Body() body: SetDayDto) {
    return this.calendar.setDay(actor, date, body.kind, body.name ?? null);
  }

  @Delete('days/:date')
  @Roles('admin')
  @ApiOperation({ summary: 'Remove a day set by hand: the package decides again (admin)' })
  @ApiErrors(400, 403)
  clearDay(@Param('date') date: string) {
    return this.calendar.clearDay(date);
  }

  @Get('due')
  @ApiOperation({ summary: 'When a limit of `seconds` started at `start` falls due, in working or calendar time' })
  @ApiErrors(400)
  due(@Query() query: DueQuery) {
    const clock = query.clock ?? 'working';
    const start = new Date(query.start);
    // ISO 8601 allows forms JavaScript cannot read (basic `20260213`, week dates `2026-W07`).
    if (Number.isNaN(start.getTime())) throw invalidField('start', 'must be a date-time such as 2026-02-13T09:00:00Z');
    return { start, seconds: query.seconds, clock, due: this.calendar.due(clock, start, query.seconds) };
  }
}
