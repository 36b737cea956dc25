/**
 * The working hours of a working day. Apart from working-calendar.ts (which loads the
 * official holiday schedule) so that the console can import them without that data.
 */

export interface WorkingPeriod {
  /** 'HH:MM' local time, inclusive. */
  start: string;
  /** 'HH:MM' local time, exclusive ('24:00' allowed). */
  end: string;
}

/** 08:30–12:00 and 14:30–18:00: seven working hours, with a lunch break. */
export const DEFAULT_PERIODS: readonly WorkingPeriod[] = Object.freeze([
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '18:00' },
]);

/** Seconds of working time in one working day: what "一个工作日" means in time-left wording. */
export function workingDaySeconds(periods: readonly WorkingPeriod[] = DEFAULT_PERIODS): number {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return periods.reduce((sum, p) => sum + (minutes(p.end) - minutes(p.start)) * 60, 0);
}
