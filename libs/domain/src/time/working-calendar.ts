import chineseDays from 'chinese-days';
import { DEFAULT_PERIODS, type WorkingPeriod } from './working-hours.js';

export { DEFAULT_PERIODS, type WorkingPeriod, workingDaySeconds } from './working-hours.js';

/**
 * Working-time arithmetic for step time limits (DOMAIN.md "Time limits and escalation").
 * Pure functions: instants are `Date`s, the calendar is plain data. Internally every
 * instant is shifted to "local milliseconds since 1970-01-01 local midnight" with a fixed
 * UTC offset, so a local day is exactly DAY_MS long (China has no daylight saving).
 */

export type DayKind = 'workday' | 'holiday';

export interface DayRule {
  kind: DayKind;
  name?: string;
}

export interface WorkingCalendar {
  /** Fixed offset of local time from UTC, e.g. 480 for Asia/Shanghai. */
  utcOffsetMinutes: number;
  /** Working periods of a working day: sorted, non-overlapping, within one day. */
  periods: readonly WorkingPeriod[];
  /** ISO weekdays that are not worked unless listed as workday in `days` (6 = Sat, 7 = Sun). */
  weekendDays: readonly number[];
  /** Explicit days by local date 'YYYY-MM-DD': official schedule merged with admin overrides. */
  days: ReadonlyMap<string, DayRule>;
}

export type Clock = 'working' | 'calendar';

export const DEFAULT_UTC_OFFSET_MINUTES = 480;
export const DEFAULT_WEEKEND_DAYS: readonly number[] = Object.freeze([6, 7]);

export interface WorkingCalendarOptions {
  periods?: readonly WorkingPeriod[];
  weekendDays?: readonly number[];
  /** Admin-maintained days; they win over the official schedule. */
  overrides?: Iterable<readonly [string, DayRule]>;
  utcOffsetMinutes?: number;
  /** Merge China's official holidays and 调休 makeup working days (default true). */
  includeChineseHolidays?: boolean;
}

const DAY_MS = 86_400_000;
/** A limit that needs more than ten years of walking is a data error, not a due time. */
const MAX_DAY_WALK = 3_660;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const utcOffsetMinutes = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 18 * 60) {
    throw new RangeError(`Invalid UTC offset ${utcOffsetMinutes} minutes`);
  }
  const periods = options.periods ?? DEFAULT_PERIODS;
  periodBounds(periods); // validate eagerly so a bad configuration fails at startup
  const days = new Map(options.includeChineseHolidays === false ? [] : officialChineseDays());
  for (const [date, rule] of options.overrides ?? []) {
    assertLocalDate(date);
    days.set(date, { kind: rule.kind, ...(rule.name ? { name: rule.name } : {}) });
  }
  return { utcOffsetMinutes, periods, weekendDays: options.weekendDays ?? DEFAULT_WEEKEND_DAYS, days };
}

export function isWorkingDay(localDate: string, cal: WorkingCalendar): boolean {
  assertLocalDate(localDate);
  return isWorkingDayIndex(Date.parse(`${localDate}T00:00:00Z`) / DAY_MS, cal);
}

/**
 * The earliest instant at which `seconds` of working time have elapsed since `start`.
 * Arithmetic is in whole milliseconds, so a millisecond part of `start` is carried
 * through and `elapsedWorkingSeconds(start, result) === seconds` holds exactly.
 */
export function addWorkingSeconds(start: Date, seconds: number, cal: WorkingCalendar): Date {
  let remaining = durationMs(seconds);
  const from = instantMs(start);
  if (remaining === 0) return new Date(from);
  const periods = periodBounds(cal.periods);
  if (periods.length === 0) throw new RangeError('The working calendar has no working periods');
  const offset = cal.utcOffsetMinutes * 60_000;
  const local = from + offset;
  const firstDay = Math.floor(local / DAY_MS);
  for (let day = firstDay; day <= firstDay + MAX_DAY_WALK; day++) {
    if (!isWorkingDayIndex(day, cal)) continue;
    for (const [startMs, endMs] of periods) {
      const periodStart = Math.max(local, day * DAY_MS + startMs);
      const available = day * DAY_MS + endMs - periodStart;
      if (available <= 0) continue;
      // `<=` so that a limit ending exactly at a period's end is due then, not after lunch.
      if (remaining <= available) return new Date(periodStart + remaining - offset);
      remaining -= available;
    }
  }
  throw new RangeError(`Adding ${seconds} working seconds needs more than ${MAX_DAY_WALK} days`);
}

/** Whole working seconds between two instants (0 if `to <= from`). */
export function elapsedWorkingSeconds(from: Date, to: Date, cal: WorkingCalendar): number {
  const offset = cal.utcOffsetMinutes * 60_000;
  const a = instantMs(from) + offset;
  const b = instantMs(to) + offset;
  if (b <= a) return 0;
  const periods = periodBounds(cal.periods);
  let total = 0;
  for (let day = Math.floor(a / DAY_MS); day * DAY_MS < b; day++) {
    if (!isWorkingDayIndex(day, cal)) continue;
    for (const [startMs, endMs] of periods) {
      total += Math.max(0, Math.min(b, day * DAY_MS + endMs) - Math.max(a, day * DAY_MS + startMs));
    }
  }
  return Math.floor(total / 1000);
}

export function addCalendarSeconds(start: Date, seconds: number): Date {
  return new Date(instantMs(start) + durationMs(seconds));
}

/** Whole seconds between two instants (0 if `to <= from`). */
export function elapsedCalendarSeconds(from: Date, to: Date): number {
  return Math.max(0, Math.floor((instantMs(to) - instantMs(from)) / 1000));
}

export function addDuration(clock: Clock, start: Date, seconds: number, cal: WorkingCalendar): Date {
  return clock === 'working' ? addWorkingSeconds(start, seconds, cal) : addCalendarSeconds(start, seconds);
}

export function elapsedDuration(clock: Clock, from: Date, to: Date, cal: WorkingCalendar): number {
  return clock === 'working' ? elapsedWorkingSeconds(from, to, cal) : elapsedCalendarSeconds(from, to);
}

/** Years for which the installed `chinese-days` package has the official schedule. */
export function officialScheduleYears(): { first: number; last: number } | null {
  const years = [...new Set([...officialChineseDays().keys()].map((d) => Number(d.slice(0, 4))))];
  return years.length ? { first: Math.min(...years), last: Math.max(...years) } : null;
}

let officialCache: ReadonlyMap<string, DayRule> | undefined;

/**
 * China's official holidays and 调休 makeup working days from `chinese-days`. The package
 * exposes no year list, so a year counts as covered when its New Year's Day (always an
 * official holiday) is listed; only covered years are scanned, which keeps this cheap.
 */
function officialChineseDays(): ReadonlyMap<string, DayRule> {
  if (officialCache) return officialCache;
  const days = new Map<string, DayRule>();
  for (let year = 2000; year <= 2100; year++) {
    if (chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-01-01`, false).length === 0) continue;
    const [first, last] = [`${year}-01-01`, `${year}-12-31`];
    // includeWeekends=false: only dates on the official holiday list.
    for (const date of chineseDays.getHolidaysInRange(first, last, false)) {
      days.set(date, { kind: 'holiday', name: festivalName(date) });
    }
    // With weekends included, a weekend date is a workday only if it is a makeup day.
    for (const date of chineseDays.getWorkdaysInRange(first, last, true)) {
      if (isoWeekday(Date.parse(`${date}T00:00:00Z`) / DAY_MS) >= 6) {
        days.set(date, { kind: 'workday', name: `${festivalName(date)}补班` });
      }
    }
  }
  return (officialCache = days);
}

/** `getDayDetail` names look like 'Spring Festival,春节,4'; keep the Chinese name. */
function festivalName(date: string): string {
  const name = chineseDays.getDayDetail(date).name;
  return name.split(',')[1] ?? name;
}

function isWorkingDayIndex(day: number, cal: WorkingCalendar): boolean {
  const rule = cal.days.get(new Date(day * DAY_MS).toISOString().slice(0, 10));
  if (rule) return rule.kind === 'workday';
  return !cal.weekendDays.includes(isoWeekday(day));
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day index; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Periods as [startMs, endMs) within a day, validated. */
function periodBounds(periods: readonly WorkingPeriod[]): [number, number][] {
  const bounds = periods.map((p): [number, number] => [timeOfDayMs(p.start), timeOfDayMs(p.end)]);
  bounds.forEach(([start, end], i) => {
    if (end <= start || (i > 0 && start < bounds[i - 1][1])) {
      throw new RangeError('Working periods must be non-empty, sorted and non-overlapping');
    }
  });
  return bounds;
}

function timeOfDayMs(hhmm: string): number {
  const match = TIME_RE.exec(hhmm);
  const [h, m] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(m < 60 && h * 60 + m <= 24 * 60)) throw new RangeError(`Invalid time of day '${hhmm}'`);
  return (h * 60 + m) * 60_000;
}

function durationMs(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`Duration must be a finite number of seconds >= 0, got ${seconds}`);
  }
  // Dates have millisecond resolution; integer seconds stay exact.
  return Math.round(seconds * 1000);
}

function instantMs(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

function assertLocalDate(date: string): void {
  // The round trip rejects impossible dates such as 2026-02-30.
  const ms = DATE_RE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`Invalid local date '${date}', expected YYYY-MM-DD`);
  }
}
