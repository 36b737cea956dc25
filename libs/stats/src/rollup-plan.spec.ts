import { planRollups, type RollupPlan } from './rollup-plan.js';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY) out.push(iso(t));
  return out;
};

/** How many times the plan counts each day: +1 per month read whole, +1 per plus, -1 per minus. */
function coverage(plan: RollupPlan): Map<string, number> {
  const n = new Map<string, number>();
  const add = (d: string, k: number) => n.set(d, (n.get(d) ?? 0) + k);
  for (let m = plan.months.from; m < plan.months.to;) {
    const next = new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 1));
    for (const d of days(m, iso(next.getTime() - DAY))) add(d, 1);
    m = iso(next.getTime());
  }
  for (const r of plan.plus) for (const d of days(r.from, r.to)) add(d, 1);
  for (const r of plan.minus) for (const d of days(r.from, r.to)) add(d, -1);
  return n;
}

describe('planRollups', () => {
  it('reads the last twelve months as monthly rows, less the days before the period', () => {
    expect(planRollups('2025-12-08', '2026-12-07', '2026-12-07')).toEqual({
      months: { from: '2025-12-01', to: '2027-01-01' },
      plus: [],
      minus: [
        { from: '2025-12-01', to: '2025-12-07' },
        { from: '2026-12-08', to: '2026-12-31' },
      ],
    });
  });

  it('reads a few days as days, and whole months as months', () => {
    expect(planRollups('2026-03-10', '2026-03-12', '2026-12-07')).toEqual({
      months: { from: '2026-03-01', to: '2026-03-01' },
      plus: [{ from: '2026-03-10', to: '2026-03-12' }],
      minus: [],
    });
    expect(planRollups('2026-01-01', '2026-02-28', '2026-12-07')).toEqual({
      months: { from: '2026-01-01', to: '2026-03-01' },
      plus: [],
      minus: [],
    });
    // 2024 is a leap year: February has 29 days
    expect(planRollups('2024-02-01', '2024-02-28', '2026-12-07')).toEqual({
      months: { from: '2024-02-01', to: '2024-03-01' },
      plus: [],
      minus: [{ from: '2024-02-29', to: '2024-02-29' }],
    });
  });

  it('counts every day of the period exactly once and no other day, for any period and today', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const base = Date.parse('2023-11-15T00:00:00Z');
    for (let i = 0; i < 500; i++) {
      const from = iso(base + Math.floor(random() * 900) * DAY);
      const to = iso(Date.parse(`${from}T00:00:00Z`) + Math.floor(random() * (random() < 0.5 ? 40 : 500)) * DAY);
      const today = iso(base + Math.floor(random() * 1100) * DAY);
      const plan = planRollups(from, to, today);
      const counted = coverage(plan);
      const inPeriod = new Set(days(from, to));
      const wrong = [...new Set([...counted.keys(), ...inPeriod])].filter(
        (day) => (counted.get(day) ?? 0) !== (inPeriod.has(day) ? 1 : 0),
      );
      expect({ from, to, today, wrong }).toEqual({ from, to, today, wrong: [] });
      expect(plan.months.from <= plan.months.to).toBe(true);
    }
  });
});
