// The one table of `npm run bench` (bench/all.mjs): from the benches' JSON lines to rows of
// figure, goal, measured, reference measured in the same run, ratio and verdict. Pure: the
// fast test (test/lint/bench-table.spec.ts) runs it on sample results.

/** The last result of each bench, by name. */
export function latestByBench(results) {
  const by = {};
  for (const r of results) by[r.bench] = r.figures;
  return by;
}

/** JSON lines (a BENCH_RESULT_FILE) → results; blank and broken lines are skipped. */
export function parseResultLines(text) {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return [];
      }
    });
}

const n0 = (x) => Math.round(x).toLocaleString('en');
const ms = (x) => (x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0)} ms`);
const ratio = (a, b) => (b > 0 ? a / b : null);
const finite = (...xs) => xs.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * Rows of the table. A bench that did not run (or failed) still has its rows, measured
 * "not run" and verdict "—", so a missing figure is seen, not dropped.
 */
export function buildTable(results) {
  const r = latestByBench(results);
  const rows = [];
  const row = (figure, goal, source, measure) => {
    const out = source ? measure(source) : null;
    if (!out) {
      rows.push({ figure, goal, measured: 'not run', reference: '—', ratio: '—', verdict: '—' });
      return;
    }
    rows.push({
      figure,
      goal,
      measured: out.measured,
      reference: out.reference ?? '—',
      ratio: out.ratio === null || out.ratio === undefined ? '—' : out.ratio.toFixed(2),
      verdict: out.pass ? 'met' : 'NOT met',
    });
  };

  row('transitions/s over HTTP (16 lifecycles)', 'ratio ≥ 0.5 of pgbench', r.lifecycle, (f) =>
    finite(f.transitionsPerSecond, f.pgbenchPerSecond)
      ? {
          measured: `${n0(f.transitionsPerSecond)}/s`,
          reference: `pgbench same SQL ${n0(f.pgbenchPerSecond)}/s`,
          ratio: ratio(f.transitionsPerSecond, f.pgbenchPerSecond),
          pass: ratio(f.transitionsPerSecond, f.pgbenchPerSecond) >= 0.5,
        }
      : null,
  );
  row('public filings/s (16 connections)', '≥ 1,000/s', r['public-filing'], (f) =>
    finite(f.filingsPerSecond, f.healthPerSecond)
      ? {
          measured: `${n0(f.filingsPerSecond)}/s`,
          reference: `GET /health ${n0(f.healthPerSecond)}/s`,
          ratio: ratio(f.filingsPerSecond, f.healthPerSecond),
          pass: f.filingsPerSecond >= 1000,
        }
      : null,
  );
  row('scoped list p95 over HTTP', '≤ 20 ms', r.list, (f) =>
    finite(f.httpP95Ms, f.sqlP95Ms)
      ? {
          measured: `${ms(f.httpP95Ms)} at ${n0(f.tickets)} tickets`,
          reference: `its SQL ${ms(f.sqlP95Ms)}`,
          ratio: ratio(f.httpP95Ms, f.sqlP95Ms),
          pass: f.httpP95Ms <= 20,
        }
      : null,
  );
  const overviews = (f) => Object.entries(f).filter(([k, v]) => k.endsWith('OverviewP95Ms') && finite(v));
  row('statistics overview p95 (worst scope)', '≤ 100 ms', r.stats, (f) => {
    const all = overviews(f);
    if (!all.length) return null;
    const [worstKey, worst] = all.reduce((a, b) => (b[1] > a[1] ? b : a));
    const grid = f.gridOverviewP95Ms;
    return {
      measured: `${ms(worst)} (${worstKey.replace('OverviewP95Ms', '')}, ${n0(f.tickets)} tickets)`,
      reference: finite(grid) ? `one grid ${ms(grid)}` : undefined,
      ratio: finite(grid) ? ratio(worst, grid) : null,
      pass: worst <= 100,
    };
  });
  row('statistics breakdown by grid p95 (worst scope)', '≤ 300 ms', r.stats, (f) => {
    const all = Object.entries(f).filter(([k, v]) => k.endsWith('BreakdownP95Ms') && finite(v));
    if (!all.length) return null;
    const [worstKey, worst] = all.reduce((a, b) => (b[1] > a[1] ? b : a));
    return { measured: `${ms(worst)} (${worstKey.replace('BreakdownP95Ms', '')})`, pass: worst <= 300 };
  });
  row('locate p95 over HTTP (one at a time)', '≤ 2 ms', r['locate-http'], (f) =>
    finite(f.sequentialP95Ms)
      ? {
          measured: ms(f.sequentialP95Ms),
          reference: finite(r.locate?.p95Ms) ? `in-process lookup ${ms(r.locate.p95Ms)}` : undefined,
          ratio: finite(r.locate?.p95Ms) ? ratio(f.sequentialP95Ms, r.locate.p95Ms) : null,
          pass: f.sequentialP95Ms <= 2,
        }
      : null,
  );
  row('escalation lateness p99', '≤ 1 s, 0 missed, 0 doubled', r.escalation, (f) =>
    finite(f.p99Ms, f.missed, f.doubled)
      ? {
          measured: `${ms(f.p99Ms)} at ${n0(f.timers)} timers, ${f.missed} missed, ${f.doubled} doubled`,
          reference: finite(f.p50Ms) ? `p50 ${ms(f.p50Ms)}` : undefined,
          pass: f.p99Ms <= 1000 && f.missed === 0 && f.doubled === 0,
        }
      : null,
  );
  const loaded = ['public-filing', 'lifecycle', 'locate-http'].filter((b) => finite(r[b]?.apiPeakRssMb));
  row('API RSS under load (peak)', '≤ 300 MB', loaded.length ? r : null, () => {
    if (!loaded.length) return null;
    const [bench, peak] = loaded.map((b) => [b, r[b].apiPeakRssMb]).reduce((a, b) => (b[1] > a[1] ? b : a));
    const idle = r['public-filing']?.apiIdleRssMb;
    return {
      measured: `${peak.toFixed(0)} MB (${bench})`,
      reference: finite(idle) ? `idle ${idle.toFixed(0)} MB` : undefined,
      ratio: finite(idle) ? ratio(peak, idle) : null,
      pass: peak <= 300,
    };
  });
  const pages = r.web?.pages ?? [];
  const resident = pages.find((p) => p.page.includes('/r/'));
  row('resident page: compressed JS (slow 4G)', `≤ ${resident?.budgetKb ?? 350} KB`, resident, (p) => ({
    measured: `${p.scriptKb} KB`,
    ratio: ratio(p.scriptKb, p.budgetKb),
    pass: p.scriptKb <= p.budgetKb,
  }));
  row('resident page: usable (slow 4G, CPU ×4)', `≤ ${resident?.goalMs ?? 5000} ms`, resident, (p) => ({
    measured: `${n0(p.usableMs)} ms`,
    reference: `first render ${n0(p.firstRenderMs)} ms`,
    pass: p.usableMs <= p.goalMs,
  }));
  return rows;
}

/** The load generators' CPU next to the API's, one line per HTTP bench that ran. */
export function driverLines(results) {
  const r = latestByBench(results);
  return ['lifecycle', 'public-filing', 'locate-http']
    .filter((b) => r[b]?.driverCpu && r[b]?.apiCpu)
    .map(
      (b) =>
        `${b}: load generator ${r[b].driverCpu.core.toFixed(0)} % of a core (${r[b].driverCpu.machine.toFixed(0)} % of the machine), API ${r[b].apiCpu.core.toFixed(0)} % of a core (${r[b].apiCpu.machine.toFixed(0)} %)`,
    );
}

const COLUMNS = ['figure', 'goal', 'measured', 'reference', 'ratio', 'verdict'];

/** The rows as a Markdown table (it reads as plain text in a terminal too). */
export function markdownTable(rows) {
  const esc = (s) => String(s).replaceAll('|', '\\|');
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((c) => (c === 'ratio' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => esc(row[c])).join(' | ')} |`),
  ].join('\n');
}
