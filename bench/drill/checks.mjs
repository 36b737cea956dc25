// After the load: wait for the system to settle, then check what GridFlow promises against
// PostgreSQL (the source of truth) and against what the clients were told.
import { COUNTER_KEYS, replayTimeline, stepOfStatus, ticketCounters } from '../../dist/libs/domain/src/index.js';
import { sleep } from './cluster.mjs';

/** Statuses whose step runs a clock (the archive step of `verified` included), as in deadlines.service.ts. */
const TIMED = ['submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified'];
const LEVELS = ['grid', 'community', 'township', 'county', 'city'];

/**
 * Waits until nothing is pending: every outbox row published and processed (a job Redis lost
 * is sent again by the relay two minutes later), the ticket-events queue empty,
 * and no warning or escalation due more than `graceS` ago still undone.
 */
export async function settle(db, redis, prefix, { timeoutMs, graceS }) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeoutMs) {
    try {
      const [row] = (
        await db.query(
          `SELECT (SELECT count(*)::int FROM outbox WHERE published_at IS NULL OR (processed_at IS NULL AND topic = 'ticket-event')) AS unpublished,
                  (SELECT count(*)::int FROM ticket WHERE status = ANY($1) AND NOT warning
                     AND warn_at <= now() - make_interval(secs => $2)) AS warnings_due,
                  (SELECT count(*)::int FROM ticket WHERE status = ANY($1)
                     AND next_escalation_at <= now() - make_interval(secs => $2)) AS escalations_due,
                  now() AS at`,
          [TIMED, graceS],
        )
      ).rows;
      const [wait, active] = await Promise.all([
        redis.llen(`${prefix}:ticket-events:wait`),
        redis.llen(`${prefix}:ticket-events:active`),
      ]);
      last = { ...row, queued: wait + active };
      if (!row.unpublished && !row.warnings_due && !row.escalations_due && !last.queued) {
        return { ok: true, ms: Date.now() - t0, at: row.at, last };
      }
    } catch (err) {
      last = { error: err.message };
    }
    await sleep(500);
  }
  const [{ at }] = (await db.query('SELECT now() AS at')).rows;
  return { ok: false, ms: Date.now() - t0, at, last };
}

/** A check's outcome: `ok`, a one-line summary and up to a few examples of what failed. */
const result = (name, failures, summary) => ({
  name,
  ok: failures.length === 0,
  summary,
  failures: failures.length,
  examples: failures.slice(0, 5),
});

/**
 * The checks. `settledAt` is the database time at which nothing due was pending; warnings
 * and escalations due before `settledAt - graceS` must exist.
 */
export async function runChecks(db, { load, itemCodes, settledAt, graceS, inFlightS, inFaultWindow, crashes }) {
  const checks = [];
  // The snapshot's time (REPEATABLE READ: now() is the transaction's start).
  const [{ now: snapshotAt }] = (await db.query('SELECT now()')).rows;
  const inFlightSince = new Date(snapshotAt).getTime() - inFlightS * 1000;
  const { rows: tickets } = await db.query(
    `SELECT id, number, description, status, level, item_code, urgent, step_seq, step_started_at, due_at, warn_at,
            next_escalation_at, last_seq, escalations, warning
     FROM ticket`,
  );
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const { rows: events } = await db.query(
    `SELECT ticket_id, seq, type, at, actor_id, from_status, to_status, data FROM ticket_event ORDER BY ticket_id, seq`,
  );
  const timelines = new Map();
  for (const e of events) {
    if (!timelines.has(e.ticket_id)) timelines.set(e.ticket_id, []);
    timelines.get(e.ticket_id).push(e);
  }
  const { rows: supervision } = await db.query(
    `SELECT ticket_id, step_seq, escalation_no FROM supervision WHERE kind = 'auto'`,
  );
  const { rows: items } = await db.query(
    `SELECT code, clock, limits, urgent_limits FROM matter_item WHERE code = ANY($1)`,
    [itemCodes],
  );
  const itemByCode = new Map(items.map((i) => [i.code, i]));

  // 1. Every filing that got a 2xx exists exactly once; repeated keys gave one ticket.
  {
    const failures = [];
    const byDescription = new Map();
    for (const t of tickets) byDescription.set(t.description, (byDescription.get(t.description) ?? 0) + 1);
    let acknowledged = 0;
    let repeats = 0;
    let unacknowledgedCommitted = 0;
    for (const f of load.filings.values()) {
      const ok = f.answers.filter((a) => typeof a.status === 'number' && a.status >= 200 && a.status < 300);
      const copies = byDescription.get(f.body.description) ?? 0;
      if (copies > 1) failures.push(`key ${f.key}: ${copies} tickets`);
      if (ok.length === 0) {
        if (copies === 1) unacknowledgedCommitted++;
        continue;
      }
      acknowledged++;
      repeats += ok.length - 1;
      const ids = new Set(ok.map((a) => a.id));
      if (ids.size > 1) failures.push(`key ${f.key}: answered with ${ids.size} different tickets ${[...ids]}`);
      for (const a of ok) {
        const t = byId.get(a.id);
        if (!t) failures.push(`key ${f.key}: ticket ${a.number} (${a.id}) answered ${a.status} on ${a.api} is missing`);
        else if (t.number !== a.number) failures.push(`key ${f.key}: answered number ${a.number}, stored ${t.number}`);
      }
    }
    checks.push(
      result(
        'acknowledged filings exist exactly once',
        failures,
        `${acknowledged} acknowledged filings (${repeats} repeated 2xx answers for the same key), ` +
          `${unacknowledgedCommitted} unacknowledged filing(s) committed anyway (never answered, no duplicate)`,
      ),
    );
  }

  // 2. Each timeline has seq 1..n without gaps and replays to the ticket's status.
  {
    const failures = [];
    for (const t of tickets) {
      const tl = timelines.get(t.id) ?? [];
      const gap = tl.findIndex((e, i) => e.seq !== i + 1);
      if (gap >= 0) failures.push(`${t.number}: seq ${tl[gap].seq} at position ${gap + 1}`);
      else if (tl.length !== t.last_seq) failures.push(`${t.number}: ${tl.length} events, last_seq ${t.last_seq}`);
      try {
        const replayed = replayTimeline(tl.map((e) => ({ fromStatus: e.from_status, toStatus: e.to_status })));
        if (replayed !== t.status) failures.push(`${t.number}: replays to ${replayed}, status is ${t.status}`);
      } catch (err) {
        failures.push(`${t.number}: ${err.message}`);
      }
    }
    checks.push(result('timelines gap-free and replay to the status', failures, `${tickets.length} tickets`));
  }

  // 3. Every acknowledged transition is in its ticket's timeline.
  {
    const failures = [];
    const needed = new Map();
    for (const a of load.acks) {
      const k = `${a.ticketId}|${a.type}`;
      needed.set(k, (needed.get(k) ?? 0) + 1);
    }
    for (const [k, n] of needed) {
      const [ticketId, type] = k.split('|');
      const have = (timelines.get(ticketId) ?? []).filter((e) => e.type === type).length;
      if (have < n)
        failures.push(`${byId.get(ticketId)?.number ?? ticketId}: ${n} acknowledged ${type}, ${have} in timeline`);
    }
    checks.push(result('acknowledged transitions recorded', failures, `${load.acks.length} acknowledged transitions`));
  }

  // 4. Escalations: each (step, n) at most once everywhere; in every open step past its due
  //    time the expected warning and escalations exist, exactly once, and none early.
  const tally = { stepsChecked: 0, expectedEscalations: 0, expectedWarnings: 0, supersededWarnings: 0 };
  {
    const failures = [];
    const supByStep = new Map();
    for (const s of supervision) {
      const k = `${s.ticket_id}|${s.step_seq}`;
      if (!supByStep.has(k)) supByStep.set(k, []);
      supByStep.get(k).push(s.escalation_no);
    }
    const limitOf = (t, status) => {
      const item = itemByCode.get(t.item_code);
      const step = stepOfStatus(status);
      if (!item || item.clock !== 'calendar' || !step) return null;
      return (t.urgent ? item.urgent_limits : item.limits)[`${step}Seconds`];
    };
    const cutoff = new Date(settledAt).getTime() - graceS * 1000;
    for (const t of tickets) {
      const tl = timelines.get(t.id) ?? [];
      // Split the timeline into steps: a step starts with the filing or any event that moves the status.
      const steps = [];
      for (const e of tl) {
        if (e.seq === 1 || (e.to_status && e.to_status !== e.from_status)) steps.push({ start: e, events: [] });
        else steps.at(-1)?.events.push(e);
      }
      for (const [i, s] of steps.entries()) {
        const label = `${t.number} step@${s.start.seq}`;
        const auto = s.events.filter((e) => e.type === 'escalated' && e.data?.auto).map((e) => Number(e.data.n));
        if (new Set(auto).size !== auto.length) failures.push(`${label}: escalation numbers repeated ${auto}`);
        if (auto.some((n, j) => n !== j + 1)) failures.push(`${label}: escalation numbers not 1..k: ${auto}`);
        const sup = (supByStep.get(`${t.id}|${s.start.seq}`) ?? []).sort((a, b) => a - b);
        if (sup.join() !== [...auto].sort((a, b) => a - b).join())
          failures.push(`${label}: supervision rows ${sup} vs escalated events ${auto}`);
        const warnings = s.events.filter((e) => e.type === 'warning');
        const overdue = s.events.filter((e) => e.type === 'overdue');
        if (warnings.length > 1) failures.push(`${label}: ${warnings.length} warnings`);
        if (overdue.length > 1) failures.push(`${label}: ${overdue.length} overdue events`);

        // The current step of a ticket whose clock runs, on a drill item (calendar time, known limits).
        const last = i === steps.length - 1;
        if (last && s.start.seq !== t.step_seq)
          failures.push(
            `${label}: the ticket's step_seq is ${t.step_seq}, its timeline's last step starts at ${s.start.seq}`,
          );
        const current = last && TIMED.includes(t.status);
        const limit = current ? limitOf(t, t.status) : null;
        if (!limit) continue;
        tally.stepsChecked++;
        const start = new Date(t.step_started_at).getTime();
        const due1 = new Date(t.due_at).getTime();
        const warnAt = new Date(t.warn_at).getTime();
        if (Math.abs(due1 - start - limit * 1000) > 1000 || Math.abs(warnAt - start - limit * 800) > 1000)
          failures.push(`${label}: due/warn not at 100 %/80 % of ${limit} s after the step's start`);
        const allEscalations = s.events.filter((e) => e.type === 'escalated').length;
        const levelAtStart = LEVELS.indexOf(t.level) - allEscalations;
        const room = LEVELS.length - 1 - levelAtStart;
        const autoEvents = s.events.filter((e) => e.type === 'escalated' && e.data?.auto);
        for (let n = 1; n <= room; n++) {
          const dueN = due1 + (n - 1) * limit * 1000;
          const ev = autoEvents.find((e) => Number(e.data.n) === n);
          if (dueN <= cutoff) {
            tally.expectedEscalations++;
            if (!ev) failures.push(`${label}: escalation ${n} due ${new Date(dueN).toISOString()} missing`);
          }
          if (ev && new Date(ev.at).getTime() < dueN - 1000)
            failures.push(`${label}: escalation ${n} at ${ev.at.toISOString()} before its due time`);
        }
        if (room === 0 && due1 <= cutoff && overdue.length !== 1)
          failures.push(`${label}: at the city and past due, ${overdue.length} overdue events`);
        if (warnAt <= cutoff) {
          tally.expectedWarnings++;
          const firstRed = s.events.find((e) => e.type === 'escalated' || e.type === 'overdue');
          if (warnings.length === 0) {
            // An escalation that fired first (a worker down at 80 %) sets the 黄灯 flag itself.
            if (firstRed) tally.supersededWarnings++;
            else failures.push(`${label}: warning due ${new Date(warnAt).toISOString()} missing`);
          }
        }
      }
    }
    checks.push(
      result(
        'escalations: expected ones exist, each exactly once',
        failures,
        `${tally.stepsChecked} open steps on the drill items; ${tally.expectedEscalations} escalations and ` +
          `${tally.expectedWarnings} warnings were due (${tally.supersededWarnings} warning(s) superseded by an ` +
          `escalation that fired first); ${supervision.length} automatic 督办 records in all`,
      ),
    );
  }

  // 5. No outbox row stuck: every row sent, every ticket event processed by a worker.
  {
    const { rows } = await db.query(
      `SELECT id, topic, created_at FROM outbox
       WHERE (published_at IS NULL OR (processed_at IS NULL AND topic = 'ticket-event'))
         AND created_at < now() - make_interval(secs => $1) ORDER BY id`,
      [inFlightS],
    );
    const [{ n, total }] = (
      await db.query(
        `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS n, count(*)::int AS total FROM outbox`,
      )
    ).rows;
    checks.push(
      result(
        `no outbox row stuck (unsent or unprocessed for more than ${inFlightS} s)`,
        rows.map((r) => `outbox ${r.id} (${r.topic}) from ${r.created_at.toISOString()} unsent or unprocessed`),
        `${total} outbox rows, ${n} unpublished at the snapshot (younger than ${inFlightS} s: in flight)`,
      ),
    );
  }

  // 6. No 5xx, and no unexpected 4xx, outside the faults' windows.
  {
    const fivexx = load.responses.filter((r) => typeof r.status === 'number' && r.status >= 500);
    const outside = fivexx.filter((r) => !inFaultWindow(r.t));
    checks.push(
      result(
        'no 5xx outside the fault windows',
        outside.map((r) => `${new Date(r.t).toISOString()} ${r.api} ${r.op} → ${r.status}`),
        `${fivexx.length} 5xx in all, ${fivexx.length - outside.length} inside fault windows`,
      ),
    );
    const anomalies = load.anomalies.filter((a) => !inFaultWindow(a.t));
    checks.push(
      result(
        'no unexpected 4xx or client failures outside the fault windows',
        anomalies.map((a) => `${new Date(a.t).toISOString()} ${a.what}`),
        `${load.anomalies.length} in all, ${load.anomalies.length - anomalies.length} inside fault windows`,
      ),
    );
  }

  // 7. Every ticket's last event reached the worker's fan-out: its stats fact (recomputed from the
  //    whole timeline on each event) equals the timeline's counters now. A ticket event lost in
  //    the queues after its outbox row was marked published shows here.
  {
    const { rows: facts } = await db.query(`SELECT * FROM ticket_fact`);
    const factById = new Map(facts.map((f) => [f.ticket_id, f]));
    const column = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const failures = [];
    let inFlight = 0;
    for (const t of tickets) {
      const raw = timelines.get(t.id) ?? [];
      if (raw.length && new Date(raw.at(-1).at).getTime() > inFlightSince) {
        inFlight++;
        continue;
      }
      const tl = raw.map((e) => ({
        seq: e.seq,
        type: e.type,
        at: e.at,
        actorId: e.actor_id,
        data: e.data,
      }));
      const { counters } = ticketCounters(t.status, tl);
      const fact = factById.get(t.id);
      if (!fact) {
        failures.push(`${t.number}: no stats fact (its filing event was never processed)`);
        continue;
      }
      const off = COUNTER_KEYS.filter((k) => Number(fact[column(k)]) !== counters[k]);
      if (off.length)
        failures.push(
          `${t.number} (${t.status}, last event ${tl.at(-1)?.type} #${tl.at(-1)?.seq} at ${tl.at(-1)?.at.toISOString()}): ` +
            off.map((k) => `${k} ${fact[column(k)]} ≠ ${counters[k]}`).join(', '),
        );
    }
    checks.push(
      result(
        'every ticket event fanned out (stats facts match timelines)',
        failures,
        `${tickets.length - inFlight} tickets compared (${inFlight} with an event younger than ${inFlightS} s skipped)`,
      ),
    );
  }

  // 8. No process died unless the drill killed it.
  checks.push(
    result(
      'no unplanned process exits',
      crashes.map((c) => `${c.name} exited code=${c.code} signal=${c.signal} at ${new Date(c.at).toISOString()}`),
      `${crashes.length} unplanned exits`,
    ),
  );
  return checks;
}
