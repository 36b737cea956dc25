import { buildTable, driverLines, markdownTable, parseResultLines } from '../../bench/lib/table.mjs';

/**
 * `npm run bench`'s one table (bench/all.mjs) from the benches' JSON lines, on sample results:
 * the heavy benches are not run here, only the table logic, so that it cannot rot.
 */
const cpu = (core: number) => ({ core, machine: core / 2 });
const sample = [
  {
    bench: 'lifecycle',
    figures: {
      transitionsPerSecond: 480,
      pgbenchPerSecond: 900,
      apiPeakRssMb: 210,
      apiCpu: cpu(180),
      driverCpu: cpu(12),
    },
  },
  {
    bench: 'public-filing',
    figures: {
      filingsPerSecond: 1200,
      healthPerSecond: 6000,
      apiPeakRssMb: 260,
      apiIdleRssMb: 180,
      apiCpu: cpu(190),
      driverCpu: cpu(20),
    },
  },
  {
    bench: 'stats',
    figures: {
      tickets: 1_000_000,
      cityOverviewP95Ms: 154,
      countyOverviewP95Ms: 60,
      gridOverviewP95Ms: 8,
      cityBreakdownP95Ms: 426,
    },
  },
  { bench: 'list', figures: { tickets: 1_000_000, httpP95Ms: 12.5, sqlP95Ms: 2.5 } },
  { bench: 'locate', figures: { p95Ms: 0.01 } },
  { bench: 'locate-http', figures: { sequentialP95Ms: 1.5, apiPeakRssMb: 320, apiCpu: cpu(90), driverCpu: cpu(30) } },
  { bench: 'escalation', figures: { timers: 100_000, p50Ms: 120, p99Ms: 800, missed: 0, doubled: 1 } },
  {
    bench: 'web',
    figures: {
      pages: [
        { page: '群众点单 /r/:grid', scriptKb: 300, budgetKb: 350, firstRenderMs: 2100, usableMs: 5200, goalMs: 5000 },
        { page: '登录 /login', scriptKb: 400, budgetKb: 450, firstRenderMs: 2000, usableMs: 3000, goalMs: 5000 },
      ],
    },
  },
];

const byFigure = (rows: ReturnType<typeof buildTable>) => new Map(rows.map((r) => [r.figure, r]));

describe('the npm run bench table', () => {
  it('has one row per figure, with the goal, the measured value, the same-run reference, the ratio and the verdict', () => {
    const rows = byFigure(buildTable(sample));
    expect(rows.get('transitions/s over HTTP (16 lifecycles)')).toEqual({
      figure: 'transitions/s over HTTP (16 lifecycles)',
      goal: 'ratio ≥ 0.5 of pgbench',
      measured: '480/s',
      reference: 'pgbench same SQL 900/s',
      ratio: '0.53',
      verdict: 'met',
    });
    expect(rows.get('public filings/s (16 connections)')).toMatchObject({
      measured: '1,200/s',
      reference: 'GET /health 6,000/s',
      ratio: '0.20',
      verdict: 'met',
    });
    expect(rows.get('scoped list p95 over HTTP')).toMatchObject({
      measured: '12.5 ms at 1,000,000 tickets',
      reference: 'its SQL 2.50 ms',
      ratio: '5.00',
      verdict: 'met',
    });
    // the worst scope, against one grid's overview
    expect(rows.get('statistics overview p95 (worst scope)')).toMatchObject({
      measured: '154 ms (city, 1,000,000 tickets)',
      ratio: '19.25',
      verdict: 'NOT met',
    });
    expect(rows.get('statistics breakdown by grid p95 (worst scope)')).toMatchObject({ verdict: 'NOT met' });
    expect(rows.get('locate p95 over HTTP (one at a time)')).toMatchObject({
      measured: '1.50 ms',
      reference: 'in-process lookup 10.0 µs',
      verdict: 'met',
    });
    // one doubled escalation fails the row, however fast
    expect(rows.get('escalation lateness p99')).toMatchObject({ verdict: 'NOT met', reference: 'p50 120 ms' });
    // the peak over the loaded benches, against the idle API
    expect(rows.get('API RSS under load (peak)')).toMatchObject({
      measured: '320 MB (locate-http)',
      reference: 'idle 180 MB',
      verdict: 'NOT met',
    });
    expect(rows.get('resident page: compressed JS (slow 4G)')).toMatchObject({ measured: '300 KB', verdict: 'met' });
    expect(rows.get('resident page: usable (slow 4G, CPU ×4)')).toMatchObject({ verdict: 'NOT met' });
  });

  it('keeps the row of a bench that did not run, marked so', () => {
    const rows = buildTable(sample.filter((r) => r.bench !== 'list' && r.bench !== 'escalation'));
    expect(rows).toHaveLength(buildTable(sample).length);
    for (const figure of ['scoped list p95 over HTTP', 'escalation lateness p99'])
      expect(byFigure(rows).get(figure)).toMatchObject({ measured: 'not run', verdict: '—' });
    expect(buildTable([]).every((r) => r.measured === 'not run')).toBe(true);
  });

  it('takes the last result of a bench run twice, and skips lines that are not JSON', () => {
    const lines = [
      JSON.stringify({ bench: 'list', figures: { tickets: 20000, httpP95Ms: 50, sqlP95Ms: 5 } }),
      'not json',
      '',
      JSON.stringify({ bench: 'list', figures: { tickets: 20000, httpP95Ms: 10, sqlP95Ms: 5 } }),
    ].join('\n');
    const rows = byFigure(buildTable(parseResultLines(lines)));
    expect(rows.get('scoped list p95 over HTTP')).toMatchObject({
      measured: '10.0 ms at 20,000 tickets',
      verdict: 'met',
    });
  });

  it('prints a Markdown table and each load generator’s CPU next to the API’s', () => {
    const text = markdownTable(buildTable(sample));
    const lines = text.split('\n');
    expect(lines[0]).toBe('| figure | goal | measured | reference | ratio | verdict |');
    expect(lines).toHaveLength(2 + buildTable(sample).length);
    expect(lines.every((l) => l.startsWith('|') && l.endsWith('|'))).toBe(true);
    expect(driverLines(sample)).toEqual([
      'lifecycle: load generator 12 % of a core (6 % of the machine), API 180 % of a core (90 %)',
      'public-filing: load generator 20 % of a core (10 % of the machine), API 190 % of a core (95 %)',
      'locate-http: load generator 30 % of a core (15 % of the machine), API 90 % of a core (45 %)',
    ]);
  });
});
