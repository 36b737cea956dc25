import fc from 'fast-check';
import {
  addCalendarSeconds,
  addDuration,
  addWorkingSeconds,
  createWorkingCalendar,
  elapsedCalendarSeconds,
  elapsedDuration,
  elapsedWorkingSeconds,
  isWorkingDay,
  officialScheduleYears,
  type WorkingCalendar,
} from './working-calendar.js';

/** Local Asia/Shanghai time, e.g. at('2026-03-02 11:30'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
const HOUR = 3600;
const WORKING_DAY = 7 * HOUR;
const cal = createWorkingCalendar();
const add = (local: string, seconds: number, c: WorkingCalendar = cal) => addWorkingSeconds(at(local), seconds, c);

// 2026-03-02 is a Monday; March 2026 has no official holidays or makeup days.
describe('addWorkingSeconds on ordinary days', () => {
  it('stays within one morning', () => {
    expect(add('2026-03-02 09:00', HOUR)).toEqual(at('2026-03-02 10:00'));
  });

  it('is due at the end of a period rather than after lunch when it fits exactly', () => {
    expect(add('2026-03-02 11:00', HOUR)).toEqual(at('2026-03-02 12:00'));
  });

  it('skips the lunch break', () => {
    expect(add('2026-03-02 11:30', HOUR)).toEqual(at('2026-03-02 15:00'));
  });

  it('continues across the evening into the next morning', () => {
    expect(add('2026-03-02 17:30', HOUR)).toEqual(at('2026-03-03 09:00'));
  });

  it('goes from Friday afternoon to Monday', () => {
    expect(add('2026-03-06 17:00', 2 * HOUR)).toEqual(at('2026-03-09 09:30'));
  });

  it('starts counting on Monday for a Saturday request', () => {
    expect(add('2026-03-07 10:00', HOUR)).toEqual(at('2026-03-09 09:30'));
  });

  it('starts counting at the next period for requests at lunch time or before work', () => {
    expect(add('2026-03-02 12:30', HOUR)).toEqual(at('2026-03-02 15:30'));
    expect(add('2026-03-02 07:00', HOUR)).toEqual(at('2026-03-02 09:30'));
  });

  it('returns the start unchanged for zero seconds, even outside working time', () => {
    expect(add('2026-03-07 10:00', 0)).toEqual(at('2026-03-07 10:00'));
  });

  it('carries the millisecond part of the start through the lunch break', () => {
    const due = add('2026-03-02 11:59:59.500', 1);
    expect(due).toEqual(at('2026-03-02 14:30:00.500'));
    expect(elapsedWorkingSeconds(at('2026-03-02 11:59:59.500'), due, cal)).toBe(1);
  });

  it('handles 30 working days, skipping Qingming (2026-04-06, a Monday)', () => {
    expect(add('2026-03-02 08:30', 30 * WORKING_DAY)).toEqual(at('2026-04-13 18:00'));
  });

  it('rejects negative and non-finite durations', () => {
    for (const bad of [-1, NaN, Infinity]) {
      expect(() => add('2026-03-02 09:00', bad)).toThrow(RangeError);
      expect(() => addCalendarSeconds(at('2026-03-02 09:00'), bad)).toThrow(RangeError);
    }
  });

  it('throws instead of looping on a calendar without working time', () => {
    const noPeriods = createWorkingCalendar({ periods: [] });
    expect(() => addWorkingSeconds(at('2026-03-02 09:00'), 1, noPeriods)).toThrow(/no working periods/);
    const allWeekend = createWorkingCalendar({ weekendDays: [1, 2, 3, 4, 5, 6, 7], includeChineseHolidays: false });
    expect(() => addWorkingSeconds(at('2026-03-02 09:00'), 1, allWeekend)).toThrow(RangeError);
  });

  it('rejects malformed periods and dates', () => {
    expect(() => createWorkingCalendar({ periods: [{ start: '14:00', end: '12:00' }] })).toThrow(RangeError);
    expect(() =>
      createWorkingCalendar({
        periods: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      }),
    ).toThrow(RangeError);
    expect(() => createWorkingCalendar({ periods: [{ start: '8:00', end: '12:00' }] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ overrides: [['2026-02-30', { kind: 'holiday' }]] })).toThrow(RangeError);
    expect(() => isWorkingDay('2026/03/02', cal)).toThrow(RangeError);
  });
});

describe('official schedule from chinese-days', () => {
  it('covers 2004 to 2026 in the installed package', () => {
    expect(officialScheduleYears()).toEqual({ first: 2004, last: 2026 });
  });

  it('2026-02-15 (Sun) to 2026-02-23 (Mon) are Spring Festival holidays', () => {
    for (let d = 15; d <= 23; d++) {
      expect(cal.days.get(`2026-02-${d}`)).toEqual({ kind: 'holiday', name: '春节' });
      expect(isWorkingDay(`2026-02-${d}`, cal)).toBe(false);
    }
    expect(isWorkingDay('2026-02-24', cal)).toBe(true);
  });

  it('2026-02-14 and 2026-02-28 are makeup working Saturdays for Spring Festival', () => {
    expect(cal.days.get('2026-02-14')).toEqual({ kind: 'workday', name: '春节补班' });
    expect(isWorkingDay('2026-02-14', cal)).toBe(true);
    expect(isWorkingDay('2026-02-28', cal)).toBe(true);
    expect(isWorkingDay('2026-03-01', cal)).toBe(false); // an ordinary Sunday
  });

  it('a request before Spring Festival is due after it, counting the makeup Saturday', () => {
    // Fri 2026-02-13 17:00: 1 h on Friday, then Saturday 2026-02-14 is worked.
    expect(add('2026-02-13 17:00', 2 * HOUR)).toEqual(at('2026-02-14 09:30'));
    // Sat 2026-02-14 17:00: 1 h on the makeup Saturday, then nothing until Tue 2026-02-24.
    expect(add('2026-02-14 17:00', 2 * HOUR)).toEqual(at('2026-02-24 09:30'));
    expect(elapsedWorkingSeconds(at('2026-02-13 08:30'), at('2026-02-24 08:30'), cal)).toBe(2 * WORKING_DAY);
  });

  it('National Day week: 2026-10-01 to 2026-10-07 off, 2026-09-20 (Sun) and 2026-10-10 (Sat) worked', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(`2026-10-0${d}`, cal)).toBe(false);
    expect(isWorkingDay('2026-09-20', cal)).toBe(true);
    expect(isWorkingDay('2026-10-10', cal)).toBe(true);
    expect(add('2026-09-30 17:00', 2 * HOUR)).toEqual(at('2026-10-08 09:30'));
    // Fri 2026-10-09 → the makeup Saturday 2026-10-10.
    expect(add('2026-10-09 17:00', 2 * HOUR)).toEqual(at('2026-10-10 09:30'));
  });

  it('can be left out', () => {
    const plain = createWorkingCalendar({ includeChineseHolidays: false });
    expect(isWorkingDay('2026-02-16', plain)).toBe(true);
    expect(isWorkingDay('2026-02-14', plain)).toBe(false);
  });
});

describe('admin overrides', () => {
  const custom = createWorkingCalendar({
    overrides: [
      ['2026-03-09', { kind: 'holiday', name: '区级停工' }], // a normal Monday
      ['2026-03-14', { kind: 'workday', name: '防汛值守' }], // a normal Saturday
      ['2026-02-14', { kind: 'holiday' }], // overrides the official makeup day
    ],
  });

  it('turns a Monday into a holiday', () => {
    expect(isWorkingDay('2026-03-09', custom)).toBe(false);
    expect(addWorkingSeconds(at('2026-03-06 17:00'), 2 * HOUR, custom)).toEqual(at('2026-03-10 09:30'));
  });

  it('turns a Saturday into a workday', () => {
    expect(isWorkingDay('2026-03-14', custom)).toBe(true);
    expect(addWorkingSeconds(at('2026-03-13 17:00'), 2 * HOUR, custom)).toEqual(at('2026-03-14 09:30'));
  });

  it('wins over the official schedule', () => {
    expect(isWorkingDay('2026-02-14', custom)).toBe(false);
    expect(custom.days.get('2026-02-14')).toEqual({ kind: 'holiday' });
  });
});

describe('elapsed time and clocks', () => {
  it('counts only working time across a weekend', () => {
    expect(elapsedWorkingSeconds(at('2026-03-06 17:00'), at('2026-03-09 09:30'), cal)).toBe(2 * HOUR);
    expect(elapsedWorkingSeconds(at('2026-03-09 09:30'), at('2026-03-06 17:00'), cal)).toBe(0);
  });

  it('the calendar clock ignores working hours, weekends and holidays', () => {
    const start = at('2026-02-13 17:00');
    expect(addDuration('calendar', start, 2 * HOUR, cal)).toEqual(at('2026-02-13 19:00'));
    expect(addDuration('calendar', start, 3 * 86_400, cal)).toEqual(at('2026-02-16 17:00'));
    expect(elapsedDuration('calendar', start, at('2026-02-16 17:00'), cal)).toBe(3 * 86_400);
    expect(elapsedCalendarSeconds(at('2026-02-16 17:00'), start)).toBe(0);
  });

  it('the working clock dispatches to working time', () => {
    expect(addDuration('working', at('2026-02-13 17:00'), 2 * HOUR, cal)).toEqual(at('2026-02-14 09:30'));
    expect(elapsedDuration('working', at('2026-02-13 17:00'), at('2026-02-14 09:30'), cal)).toBe(2 * HOUR);
  });
});

describe('properties', () => {
  // Starts anywhere in 2025–2026 (covered by the official schedule), with milliseconds.
  const anyStart = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') });
  const seconds = fc.integer({ min: 0, max: 40 * WORKING_DAY });
  const localParts = (d: Date) => {
    const local = new Date(d.getTime() + cal.utcOffsetMinutes * 60_000).toISOString();
    const [h, m, s] = local.slice(11, 23).split(':').map(Number);
    return { date: local.slice(0, 10), ms: ((h * 60 + m) * 60 + s) * 1000 };
  };
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

  it('the due time is non-decreasing in the duration', () => {
    fc.assert(
      fc.property(anyStart, seconds, seconds, (t, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return addWorkingSeconds(new Date(t), lo, cal) <= addWorkingSeconds(new Date(t), hi, cal);
      }),
    );
  });

  it('elapsed(start, add(start, s)) = s', () => {
    fc.assert(
      fc.property(anyStart, seconds, (t, s) => {
        expect(elapsedWorkingSeconds(new Date(t), addWorkingSeconds(new Date(t), s, cal), cal)).toBe(s);
      }),
    );
  });

  it('add(add(t, a), b) = add(t, a + b), for starts inside working time and in general', () => {
    const inside = fc.tuple(anyStart, fc.integer({ min: 1, max: WORKING_DAY })).map(([t, k]) => {
      // A due time is in (periodStart, periodEnd], so 1 ms earlier is inside the period.
      return addWorkingSeconds(new Date(t), k, cal).getTime() - 1;
    });
    for (const starts of [inside, anyStart]) {
      fc.assert(
        fc.property(starts, seconds, seconds, (t, a, b) => {
          const start = new Date(t);
          expect(addWorkingSeconds(addWorkingSeconds(start, a, cal), b, cal)).toEqual(
            addWorkingSeconds(start, a + b, cal),
          );
        }),
      );
    }
  });

  it('for s > 0 the due time is inside a working period or at its end', () => {
    fc.assert(
      fc.property(anyStart, fc.integer({ min: 1, max: 40 * WORKING_DAY }), (t, s) => {
        const { date, ms } = localParts(addWorkingSeconds(new Date(t), s, cal));
        expect(isWorkingDay(date, cal)).toBe(true);
        const inPeriod = cal.periods.some((p) => minutes(p.start) * 60_000 < ms && ms <= minutes(p.end) * 60_000);
        expect(inPeriod).toBe(true);
      }),
    );
  });
});
