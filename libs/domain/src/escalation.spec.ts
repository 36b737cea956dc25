import { escalatedLevel, followingEscalationAt, stepSchedule, supervisingUnit } from './escalation.js';
import { addCalendarSeconds, addWorkingSeconds, createWorkingCalendar } from './time/index.js';

const calendarAdd = (from: Date, s: number) => addCalendarSeconds(from, s);

describe('escalation rules', () => {
  it('warns at 80 % and escalates at 100 % of the limit', () => {
    const start = new Date('2026-03-02T00:00:00Z');
    const s = stepSchedule(start, 1000, calendarAdd);
    expect(s.warnAt.toISOString()).toBe('2026-03-02T00:13:20.000Z');
    expect(s.dueAt.toISOString()).toBe('2026-03-02T00:16:40.000Z');
    expect(s.nextEscalationAt).toEqual(s.dueAt);
    expect(followingEscalationAt(s.dueAt, 1000, calendarAdd).toISOString()).toBe('2026-03-02T00:33:20.000Z');
  });

  it('counts working time when the item says so', () => {
    const cal = createWorkingCalendar();
    // Fri 2026-03-06 17:00 +08:00 with a 2-working-hour limit: warn after 96 min, due Monday 09:30.
    const s = stepSchedule(new Date('2026-03-06T09:00:00Z'), 7200, (f, n) => addWorkingSeconds(f, n, cal));
    expect(s.warnAt.toISOString()).toBe('2026-03-09T01:06:00.000Z');
    expect(s.dueAt.toISOString()).toBe('2026-03-09T01:30:00.000Z');
  });

  it('refuses non-positive limits', () => {
    expect(() => stepSchedule(new Date(), 0, calendarAdd)).toThrow(RangeError);
  });

  it('climbs grid → community → township → county → city, then stops', () => {
    expect(escalatedLevel('grid')).toBe('community');
    expect(escalatedLevel('county')).toBe('city');
    expect(escalatedLevel('city')).toBeNull();
  });

  it('names the unit that supervises a level', () => {
    expect(supervisingUnit('140213001001003', 'community')).toBe('140213001001');
    expect(supervisingUnit('140213001001003', 'township')).toBe('140213001');
    expect(supervisingUnit('140213001001003', 'city')).toBe('1402');
  });
});
