import {
  timeLeftOf,
  timeLeftWording,
  trafficLight,
  urgencyRank,
  TRAFFIC_LIGHT_LABEL,
  type TimeLeft,
} from './time-left.js';
import { createWorkingCalendar, elapsedDuration, workingDaySeconds } from './working-calendar.js';

/** Local Asia/Shanghai time, e.g. at('2026-03-02 11:30'). */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
const HOUR = 3600;
const cal = createWorkingCalendar();
const elapsed = (clock: 'working' | 'calendar', from: Date, to: Date) => elapsedDuration(clock, from, to, cal);
const open = (dueAt: string | null, extra: Partial<{ status: string; suspended: boolean }> = {}) => ({
  status: 'dispatched',
  dueAt: dueAt ? at(dueAt) : null,
  suspended: false,
  ...extra,
});
const left = (due: string, now: string, clock: 'working' | 'calendar' = 'working') =>
  timeLeftOf(open(due), clock, at(now), elapsed);

// 2026-03-02 is a Monday with nothing special; the working day is 08:30–12:00 and 14:30–18:00.
describe('timeLeftOf, working clock', () => {
  it('counts only working hours within a day, skipping the lunch break', () => {
    expect(left('2026-03-02 15:30', '2026-03-02 11:00')).toEqual({ clock: 'working', seconds: 2 * HOUR });
  });

  it('counts nothing over the night and the weekend', () => {
    // Fri 17:00 → Mon 09:30: one hour on Friday, one on Monday.
    expect(left('2026-03-09 09:30', '2026-03-06 17:00')?.seconds).toBe(2 * HOUR);
  });

  it('skips public holidays (National Day week) and counts the makeup Saturday', () => {
    expect(left('2026-10-08 09:30', '2026-09-30 17:00')?.seconds).toBe(2 * HOUR);
    expect(left('2026-10-10 09:30', '2026-10-09 17:00')?.seconds).toBe(2 * HOUR);
  });

  it('is exactly zero at a period boundary where the step is due', () => {
    expect(left('2026-03-02 12:00', '2026-03-02 11:59')?.seconds).toBe(60);
  });

  it('is negative once over, counting working time since the due time', () => {
    expect(left('2026-03-02 10:00', '2026-03-02 15:00')?.seconds).toBe(-(2 * HOUR + 30 * 60));
  });

  it('is over by at least a second when the time since is all outside working hours', () => {
    expect(left('2026-03-06 18:00', '2026-03-07 10:00')?.seconds).toBe(-1);
  });
});

describe('timeLeftOf, calendar clock', () => {
  it('counts every hour, nights and holidays included', () => {
    expect(left('2026-10-02 09:00', '2026-10-01 07:00', 'calendar')).toEqual({ clock: 'calendar', seconds: 26 * HOUR });
    expect(left('2026-10-01 07:00', '2026-10-02 09:00', 'calendar')?.seconds).toBe(-26 * HOUR);
  });
});

describe('timeLeftOf, no running limit', () => {
  it('is null for archived and rejected tickets, a step without a due time, and a suspended step', () => {
    const now = at('2026-03-02 09:00');
    expect(timeLeftOf(open('2026-03-02 10:00', { status: 'verified' }), 'working', now, elapsed)?.seconds).toBe(HOUR);
    for (const status of ['archived', 'rejected']) {
      expect(timeLeftOf(open('2026-03-02 10:00', { status }), 'working', now, elapsed)).toBeNull();
    }
    expect(timeLeftOf(open(null), 'working', now, elapsed)).toBeNull();
    expect(timeLeftOf(open('2026-03-02 10:00', { suspended: true }), 'working', now, elapsed)).toBeNull();
  });
});

describe('timeLeftWording', () => {
  const w = (seconds: number, clock: 'working' | 'calendar' = 'working') => timeLeftWording({ clock, seconds });

  it('says working hours and working days of seven hours', () => {
    expect(workingDaySeconds()).toBe(7 * HOUR);
    expect(w(3 * HOUR)).toBe('剩余 3 工作小时');
    expect(w(2 * 7 * HOUR + HOUR)).toBe('剩余 2 个工作日 1 工作小时');
    expect(w(7 * HOUR)).toBe('剩余 1 个工作日');
    expect(w(-(7 * HOUR + 2 * HOUR))).toBe('超时 1 个工作日 2 工作小时');
  });

  it('says hours and days of 24 hours on the calendar clock', () => {
    expect(w(5 * HOUR, 'calendar')).toBe('剩余 5 小时');
    expect(w(26 * HOUR, 'calendar')).toBe('剩余 1 天 2 小时');
    expect(w(-26 * HOUR, 'calendar')).toBe('超时 1 天 2 小时');
    expect(w(48 * HOUR + 59 * 60, 'calendar')).toBe('剩余 2 天');
  });

  it('says minutes under an hour, rounded down', () => {
    expect(w(-40 * 60)).toBe('超时 40 分钟');
    expect(w(-(40 * 60 + 59), 'calendar')).toBe('超时 40 分钟');
    expect(w(HOUR - 1)).toBe('剩余 59 分钟');
    expect(w(HOUR)).toBe('剩余 1 工作小时');
    expect(w(59)).toBe('剩余 不到 1 分钟');
    expect(w(-1)).toBe('超时 不到 1 分钟');
    expect(w(0)).toBe('剩余 不到 1 分钟');
  });

  it('takes another working day length (a calendar with other hours)', () => {
    expect(timeLeftWording({ clock: 'working', seconds: 9 * HOUR }, 8 * HOUR)).toBe('剩余 1 个工作日 1 工作小时');
    const long = createWorkingCalendar({ periods: [{ start: '09:00', end: '17:30' }] });
    expect(workingDaySeconds(long.periods)).toBe(8.5 * HOUR);
  });
});

describe('trafficLight', () => {
  const t = (timeLeft: TimeLeft | null, extra: Partial<{ status: string; warning: boolean; overdue: boolean }> = {}) =>
    trafficLight({ status: 'claimed', warning: false, overdue: false, timeLeft, ...extra });
  const w = (seconds: number): TimeLeft => ({ clock: 'working', seconds });

  it('正常, 临期, 超时, 无时限 while a limit can run; none for archived and rejected tickets', () => {
    expect(t(w(HOUR))).toBe('ok');
    expect(t(w(HOUR), { warning: true })).toBe('warning');
    expect(t(w(-1), { warning: true })).toBe('overdue');
    expect(t(w(HOUR), { overdue: true })).toBe('overdue');
    expect(t(null)).toBe('none');
    expect(t(null, { overdue: true })).toBe('overdue'); // suspended after it was over
    expect(t(null, { status: 'archived', overdue: true })).toBeNull();
    expect(TRAFFIC_LIGHT_LABEL).toEqual({ ok: '正常', warning: '临期', overdue: '超时', none: '无时限' });
  });

  it('ranks overdue first and no limit last', () => {
    const order = [null, 'none', 'ok', 'warning', 'overdue'] as const;
    expect([...order].sort((a, b) => urgencyRank(a) - urgencyRank(b))).toEqual([
      'overdue',
      'warning',
      'ok',
      null,
      'none',
    ]);
  });
});
