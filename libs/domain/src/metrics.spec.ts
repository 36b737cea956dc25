import {
  addCounters,
  DEFAULT_QUALITY_WEIGHTS,
  type FactEvent,
  qualityScore,
  rates,
  ticketCounters,
  zeroCounters,
} from './metrics.js';

const t = (min: number) => new Date(Date.UTC(2026, 2, 2, 0, min));
const ev = (
  seq: number,
  type: string,
  min: number,
  data: Record<string, unknown> = {},
  actorId: string | null = null,
) => ({ seq, type, at: t(min), actorId, data }) as FactEvent;

describe('ticket counters from the timeline', () => {
  it('a ticket handled on time and verified with a satisfied callback', () => {
    const { counters, handlerId } = ticketCounters('archived', [
      ev(1, 'filed', 0, { dueAt: t(120).toISOString() }),
      ev(2, 'accepted', 30, { dueAt: t(300).toISOString() }),
      ev(3, 'dispatched', 60, { dueAt: t(400).toISOString() }),
      ev(4, 'claimed', 90, { dueAt: t(1000).toISOString() }),
      ev(5, 'resolved', 500, { dueAt: t(2000).toISOString() }, 'u1'),
      ev(6, 'verified', 600, { satisfaction: 'very_satisfied', dueAt: t(3000).toISOString() }),
      ev(7, 'archived', 700),
    ]);
    expect(handlerId).toBe('u1');
    expect(counters).toEqual({
      ...zeroCounters(),
      submitted: 1,
      respondedInTime: 1,
      resolved: 1,
      resolvedInTime: 1,
      closed: 1,
      verified: 1,
      archived: 1,
      callbacks: 1,
      satisfied: 1,
      verifyDecisions: 1,
    });
  });

  it('a late acceptance, an escalation, a late resolution, a rework and a dissatisfied rating', () => {
    const { counters } = ticketCounters('verified', [
      ev(1, 'filed', 0, { dueAt: t(120).toISOString() }),
      ev(2, 'warning', 96),
      ev(3, 'escalated', 120, { auto: true, n: 1 }),
      ev(4, 'accepted', 130, { dueAt: t(300).toISOString() }),
      ev(5, 'dispatched', 140, { dueAt: t(400).toISOString() }),
      ev(6, 'claimed', 150, { dueAt: t(200).toISOString() }),
      ev(7, 'resolved', 250, { dueAt: t(2000).toISOString() }),
      ev(8, 'rework', 300, { satisfaction: 'dissatisfied', dueAt: t(500).toISOString() }),
      ev(9, 'claimed', 310, { dueAt: t(900).toISOString() }),
      ev(10, 'resolved', 320, { dueAt: t(2000).toISOString() }),
      ev(11, 'verified', 330, { satisfaction: 'satisfied' }),
      ev(12, 'rated', 340, { satisfaction: 'neutral' }),
    ]);
    expect(counters).toEqual({
      ...zeroCounters(),
      submitted: 1,
      respondedInTime: 0,
      resolved: 1,
      resolvedInTime: 0, // the first resolution came after its due time
      closed: 1,
      verified: 1,
      callbacks: 3,
      satisfied: 1,
      verifyDecisions: 2,
      reworks: 1,
      escalations: 1,
      overdue: 1,
      warning: 1,
    });
  });

  it('an approved extension moves the due time the resolution is judged against', () => {
    const { counters } = ticketCounters('resolved', [
      ev(1, 'filed', 0, { dueAt: t(120).toISOString() }),
      ev(2, 'accepted_self', 10, { dueAt: t(100).toISOString() }),
      ev(3, 'claimed', 20, { dueAt: t(60).toISOString() }),
      ev(4, 'extension_approved', 50, { dueAt: t(200).toISOString() }),
      ev(5, 'resolved', 150),
    ]);
    expect(counters.resolvedInTime).toBe(1);
    expect(counters.open).toBe(1);
  });

  it('a rejected ticket is closed but not verified; a manual escalation is not overdue', () => {
    const { counters } = ticketCounters('rejected', [
      ev(1, 'filed', 0, { dueAt: t(120).toISOString() }),
      ev(2, 'escalated', 5, { manual: true }),
      ev(3, 'rejected', 10),
    ]);
    expect(counters).toEqual({ ...zeroCounters(), submitted: 1, closed: 1, rejected: 1, escalations: 1 });
  });
});

describe('rates and the quality score', () => {
  it('computes each rate as DOMAIN.md defines it, null when undefined', () => {
    const c = {
      ...zeroCounters(),
      submitted: 10,
      respondedInTime: 8,
      resolved: 6,
      resolvedInTime: 3,
      closed: 5,
      verified: 4,
      callbacks: 4,
      satisfied: 3,
      verifyDecisions: 5,
      reworks: 1,
    };
    expect(rates(c)).toEqual({
      responseRate: 0.8,
      onTimeRate: 0.5,
      resolutionRate: 0.8,
      satisfactionRate: 0.75,
      reworkRate: 0.2,
    });
    expect(rates(zeroCounters())).toEqual({
      responseRate: null,
      onTimeRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      reworkRate: null,
    });
  });

  it('adds and subtracts counters (rollup deltas)', () => {
    const a = { ...zeroCounters(), submitted: 2, verified: 1 };
    const b = { ...zeroCounters(), submitted: 1, reworks: 1 };
    expect(addCounters(a, b)).toEqual({ ...zeroCounters(), submitted: 3, verified: 1, reworks: 1 });
    expect(addCounters(a, b, -1)).toEqual({ ...zeroCounters(), submitted: 1, verified: 1, reworks: -1 });
  });

  it('weights the score 10 / 50 / 40 by default and renormalises over defined rates', () => {
    const r = { responseRate: 0.8, onTimeRate: 0.5, resolutionRate: 0.6, satisfactionRate: 0.9, reworkRate: 0.1 };
    expect(qualityScore(r, DEFAULT_QUALITY_WEIGHTS)).toBeCloseTo(0.1 * 0.8 + 0.5 * 0.6 + 0.4 * 0.9, 10);
    // no callbacks yet: response and resolution only, weights 1/6 and 5/6
    expect(qualityScore({ ...r, satisfactionRate: null }, DEFAULT_QUALITY_WEIGHTS)).toBeCloseTo(
      (0.1 * 0.8 + 0.5 * 0.6) / 0.6,
      10,
    );
    expect(
      qualityScore(
        { responseRate: null, onTimeRate: null, resolutionRate: null, satisfactionRate: null, reworkRate: null },
        DEFAULT_QUALITY_WEIGHTS,
      ),
    ).toBeNull();
  });
});
