/** Days as YYYY-MM-DD; ranges inclusive at both ends. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * How to sum a period [from, to] from the rollups, where every month's row is the sum of its
 * days' rows (the refresh adds each change to both in one transaction): the months of
 * `months` (month starts, `from` inclusive, `to` exclusive) from the monthly rollup, plus the
 * days of `plus`, minus the days of `minus`, from the daily one.
 *
 * A month the period covers only in part is read either as its days inside the period, or as
 * its monthly row minus its days outside the period — whichever reads fewer days that can hold
 * rows (no day after `today` does: a ticket counts on the day it was filed). "The last twelve
 * months" then reads twelve or thirteen monthly rows and a few days per unit instead of about
 * thirty. `today` only steers that choice; the sum is the same either way.
 */
export interface RollupPlan {
  months: { from: string; to: string };
  plus: DayRange[];
  minus: DayRange[];
}

const DAY = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => iso(parse(d) + n * DAY);
const monthStart = (d: string) => `${d.slice(0, 7)}-01`;
const nextMonth = (m: string) => {
  const [y, mo] = m.split('-').map(Number);
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};
const monthEnd = (m: string) => addDays(nextMonth(m), -1);
/** Days of [from, to] on or before `today` (0 when none). */
const pastDays = (r: DayRange, today: string) => {
  const to = r.to < today ? r.to : today;
  return to < r.from ? 0 : Math.round((parse(to) - parse(r.from)) / DAY) + 1;
};

export function planRollups(from: string, to: string, today: string): RollupPlan {
  const plus: DayRange[] = [];
  const minus: DayRange[] = [];
  const monthly: string[] = [];
  for (let m = monthStart(from); m <= to; m = nextMonth(m)) {
    const end = monthEnd(m);
    const inside: DayRange = { from: from > m ? from : m, to: to < end ? to : end };
    if (inside.from === m && inside.to === end) {
      monthly.push(m);
      continue;
    }
    const outside: DayRange[] = [];
    if (inside.from > m) outside.push({ from: m, to: addDays(inside.from, -1) });
    if (inside.to < end) outside.push({ from: addDays(inside.to, 1), to: end });
    const outsideDays = outside.reduce((n, r) => n + pastDays(r, today), 0);
    if (outsideDays < pastDays(inside, today)) {
      monthly.push(m);
      minus.push(...outside);
    } else {
      plus.push(inside);
    }
  }
  // The months read whole are contiguous: the whole ones, and a partial one at either end.
  const months = monthly.length
    ? { from: monthly[0], to: nextMonth(monthly[monthly.length - 1]) }
    : { from: monthStart(from), to: monthStart(from) };
  return { months, plus, minus };
}
