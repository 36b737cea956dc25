import { perWeek, REFUSED_PUSH_OVERFLOW_ITEM, refusedItemCode, refusedPushCaller } from './burden.js';
import { holdingSpans, type HoldingEvent, workingHoursHeld } from './burden-hours.js';
import { createWorkingCalendar } from './time/working-calendar.js';

/** Local Asia/Shanghai time, e.g. at('2026-03-02 11:30'). 2026-03-02 is a Monday. */
const at = (local: string) => new Date(`${local.replace(' ', 'T')}+08:00`);
const cal = createWorkingCalendar();
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
let seq = 0;
const ev = (type: string, local: string, more: Partial<HoldingEvent> = {}): HoldingEvent => ({
  seq: ++seq,
  type,
  at: at(local),
  actorId: null,
  ...more,
});

describe('holdingSpans', () => {
  it('from the dispatch to the holder until the result is reported', () => {
    const spans = holdingSpans([
      ev('filed', '2026-03-02 09:00'),
      ev('accepted', '2026-03-02 09:10'),
      ev('dispatched', '2026-03-02 09:30', { assigneeId: A }),
      ev('claimed', '2026-03-02 10:00', { actorId: A }),
      ev('resolved', '2026-03-02 11:00', { actorId: A }),
      ev('verified', '2026-03-02 15:00'),
    ]);
    expect(spans).toEqual([{ holderId: A, from: at('2026-03-02 09:30'), to: at('2026-03-02 11:00') }]);
  });

  it('a decline ends the span; a new dispatch starts another holder’s; rework gives it back', () => {
    const spans = holdingSpans([
      ev('dispatched', '2026-03-02 09:00', { assigneeId: A }),
      ev('declined', '2026-03-02 10:00', { actorId: A }),
      ev('dispatched', '2026-03-02 10:30', { assigneeId: B }),
      ev('claimed', '2026-03-02 10:45', { actorId: B }),
      ev('resolved', '2026-03-02 11:00', { actorId: B }),
      ev('rework', '2026-03-02 15:00'),
    ]);
    expect(spans).toEqual([
      { holderId: A, from: at('2026-03-02 09:00'), to: at('2026-03-02 10:00') },
      { holderId: B, from: at('2026-03-02 10:30'), to: at('2026-03-02 11:00') },
      { holderId: B, from: at('2026-03-02 15:00'), to: null },
    ]);
  });

  it('办小事 (accepted_self) and a department’s claim start a span; rejection ends one', () => {
    expect(
      holdingSpans([ev('accepted_self', '2026-03-02 09:00', { actorId: A }), ev('rejected', '2026-03-02 09:30')]),
    ).toEqual([{ holderId: A, from: at('2026-03-02 09:00'), to: at('2026-03-02 09:30') }]);
    expect(
      holdingSpans([
        ev('dispatched', '2026-03-02 09:00', { assigneeId: null }),
        ev('claimed', '2026-03-02 09:15', { actorId: B }),
      ]),
    ).toEqual([{ holderId: B, from: at('2026-03-02 09:15'), to: null }]);
  });

  it('events out of order are read by seq', () => {
    const a = ev('dispatched', '2026-03-02 09:00', { assigneeId: A });
    const b = ev('resolved', '2026-03-02 10:00', { actorId: A });
    expect(holdingSpans([b, a])).toEqual([{ holderId: A, from: at('2026-03-02 09:00'), to: at('2026-03-02 10:00') }]);
  });
});

describe('workingHoursHeld', () => {
  const day = [at('2026-03-02 00:00'), at('2026-03-03 00:00')] as const;

  it('counts working time only (08:30–12:00, 14:30–18:00)', () => {
    expect(workingHoursHeld([{ from: at('2026-03-02 08:00'), to: at('2026-03-02 20:00') }], ...day, cal)).toBe(7);
    expect(workingHoursHeld([{ from: at('2026-03-02 11:00'), to: at('2026-03-02 15:00') }], ...day, cal)).toBe(1.5);
  });

  it('overlapping spans count once; spans are clipped to the period; an open span runs to its end', () => {
    const spans = [
      { from: at('2026-03-02 09:00'), to: at('2026-03-02 11:00') },
      { from: at('2026-03-02 10:00'), to: at('2026-03-02 11:30') },
      { from: at('2026-03-01 09:00'), to: null },
    ];
    expect(workingHoursHeld(spans, ...day, cal)).toBe(7);
    expect(workingHoursHeld(spans.slice(0, 2), ...day, cal)).toBe(2.5);
  });

  it('a weekend is no working time', () => {
    // 2026-03-07/08: Saturday and Sunday
    const weekend = [{ from: at('2026-03-07 08:00'), to: at('2026-03-08 20:00') }];
    expect(workingHoursHeld(weekend, at('2026-03-07 00:00'), at('2026-03-09 00:00'), cal)).toBe(0);
  });
});

describe('refused pushes', () => {
  it('the caller: the user, else the Open311 key, else the channel', () => {
    expect(refusedPushCaller({ userId: A, channel: 'staff' })).toBe(`user:${A}`);
    expect(refusedPushCaller({ apiKeyId: B, channel: 'open311' })).toBe(`open311:${B}`);
    expect(refusedPushCaller({ channel: 'public' })).toBe('channel:public');
  });

  it('item codes are bounded; nothing becomes ?', () => {
    expect(refusedItemCode(' Z99 ')).toBe('Z99');
    expect(refusedItemCode('x'.repeat(500))).toHaveLength(40);
    expect(refusedItemCode(undefined)).toBe('?');
    expect(REFUSED_PUSH_OVERFLOW_ITEM).toBe('*');
  });

  it('perWeek', () => {
    expect(perWeek(2, 1)).toBe(14);
    expect(perWeek(3, 30)).toBe(0.7);
    expect(perWeek(5, 0)).toBe(0);
  });
});
