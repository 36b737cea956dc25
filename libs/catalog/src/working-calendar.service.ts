import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  addDuration,
  type AuthUser,
  type Clock,
  createWorkingCalendar,
  type DayKind,
  elapsedDuration,
  invalidField,
  isWorkingDay,
  officialScheduleYears,
  type WorkingCalendar,
} from '@gridflow/domain';
import { ChangeFeed } from '@gridflow/queue';
import { CalendarDay } from './catalog.entities.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The working calendar used for time limits: China's official schedule (from the
 * chinese-days package) with the admins' overrides from PostgreSQL on top. Held in memory,
 * rebuilt when an admin changes a day (here, or on another instance via the change feed).
 */
@Injectable()
export class WorkingCalendarService implements OnModuleInit {
  private calendar: WorkingCalendar = createWorkingCalendar();

  constructor(
    @InjectRepository(CalendarDay) private readonly days: Repository<CalendarDay>,
    private readonly feed: ChangeFeed,
  ) {}

  async onModuleInit() {
    await this.feed.subscribe('calendar-changes', () => this.reload());
    await this.reload();
  }

  current(): WorkingCalendar {
    return this.calendar;
  }

  due(clock: Clock, start: Date, seconds: number): Date {
    return addDuration(clock, start, seconds, this.calendar);
  }

  elapsed(clock: Clock, from: Date, to: Date): number {
    return elapsedDuration(clock, from, to, this.calendar);
  }

  /** Days from..to (inclusive) with their kind and where the rule comes from. */
  async listDays(from: string, to: string) {
    assertRange(from, to);
    const overrides = new Map((await this.days.find()).map((d) => [d.day, d]));
    const out = [];
    for (let d = from; d <= to; d = nextDate(d)) {
      const override = overrides.get(d);
      const official = this.calendar.days.get(d);
      const working = isWorkingDay(d, this.calendar);
      out.push({
        date: d,
        working,
        kind: override?.kind ?? official?.kind ?? (working ? 'workday' : 'weekend'),
        name: override?.name ?? official?.name ?? null,
        source: override ? 'override' : official ? 'official' : 'weekday-rule',
      });
    }
    return { officialYears: officialScheduleYears(), days: out };
  }

  async setDay(actor: AuthUser, date: string, kind: DayKind, name: string | null) {
    assertDate(date, 'date');
    await this.days.upsert({ day: date, kind, name, actorId: actor.id }, ['day']);
    await this.changed();
    return (await this.listDays(date, date)).days[0];
  }

  async clearDay(date: string) {
    assertDate(date, 'date');
    await this.days.delete({ day: date });
    await this.changed();
    return (await this.listDays(date, date)).days[0];
  }

  private async changed() {
    await this.reload();
    await this.feed.publish('calendar-changes', ['*']);
  }

  private async reload() {
    const overrides = await this.days.find();
    this.calendar = createWorkingCalendar({
      overrides: overrides.map((d) => [d.day, { kind: d.kind, name: d.name ?? undefined }] as const),
    });
  }
}

function assertDate(value: string, field: string) {
  if (
    !DATE.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw invalidField(field, 'must be a date YYYY-MM-DD');
  }
}

function assertRange(from: string, to: string) {
  assertDate(from, 'from');
  assertDate(to, 'to');
  if (to < from) throw invalidField('to', 'must not be before from');
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > 366) throw invalidField('to', 'at most 366 days at a time');
}

function nextDate(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
