// The city-scale data of bench/stats.mjs and bench/list.mjs: the city generator's data (5,379
// grids, 43,041 workers, an admin login) rebuilt in the city database, plus `tickets` tickets
// over the last year on random grids (4 % still open), with their counters and rollups.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

/** Rebuilds the city with `tickets` tickets; `reuse`: keep it when it already has that many. Returns a connected pg client. */
export async function cityWithTickets({ cityUrl, env, tickets: TICKETS, reuse = false }) {
  if (reuse) {
    const db = new pg.Client({ connectionString: cityUrl });
    const ok = await db
      .connect()
      .then(() => db.query(`SELECT count(*)::int AS n FROM ticket WHERE number LIKE '2096%'`))
      .then((r) => r.rows[0].n === TICKETS)
      .catch(() => false);
    if (ok) {
      console.log(`city with ${TICKETS} tickets reused`);
      return db;
    }
    await db.end().catch(() => undefined);
  }
  let t = Date.now();
  execFileSync(process.execPath, ['dist/apps/cli/src/seed-city.js'], { env, stdio: 'ignore' });
  console.log(`city generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const db = new pg.Client({ connectionString: cityUrl });
  await db.connect();
  t = Date.now();
  // 1,000,000 tickets over the last year, on random grids; 4 % still open.
  await db.query(
    `
    INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, created_at, updated_at)
    SELECT '2096' || lpad(n::text, 10, '0'), 'S' || lpad(n::text, 9, '0'),
           (ARRAY['archived','archived','archived','archived','archived','archived','archived','archived','verified','rejected',
                  'archived','archived','archived','archived','archived','archived','archived','archived','verified','archived',
                  'submitted','accepted','dispatched','claimed','resolved'])[1 + (n::bigint * 7919) % 25],
           'B01', g.code, 'bench', 'staff', c, c
    FROM (SELECT n, now() - random() * interval '365 days' AS c, 1 + floor(random() * 5379)::int AS gi
          FROM generate_series(1, $1) n) x
    JOIN (SELECT code, row_number() OVER (ORDER BY code) AS gi FROM grid) g USING (gi)`,
    [TICKETS],
  );
  console.log(`${TICKETS} tickets in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  // Their counters (what the worker's refresh computes from each timeline), and the rollups.
  await db.query(`
    INSERT INTO ticket_fact (ticket_id, day, grid_code, item_code, submitted, responded_in_time, resolved, resolved_in_time,
                             closed, verified, rejected, archived, open, callbacks, satisfied, verify_decisions, reworks,
                             escalations, overdue, warning)
    SELECT id, (created_at AT TIME ZONE 'Asia/Shanghai')::date, grid_code, item_code, 1,
           (random() < 0.9)::int, (status IN ('archived','verified','resolved'))::int,
           (status IN ('archived','verified','resolved') AND random() < 0.85)::int,
           (status IN ('archived','verified','rejected'))::int, (status IN ('archived','verified'))::int,
           (status = 'rejected')::int, (status = 'archived')::int,
           (status IN ('submitted','accepted','dispatched','claimed','resolved'))::int,
           (status IN ('archived','verified'))::int, (status IN ('archived','verified') AND random() < 0.92)::int,
           (status IN ('archived','verified'))::int, (random() < 0.05)::int,
           (random() < 0.08)::int, (random() < 0.06)::int, (random() < 0.12)::int
    FROM ticket WHERE number LIKE '2096%'`);
  const sums = `sum(submitted), sum(responded_in_time), sum(resolved), sum(resolved_in_time), sum(closed), sum(verified),
    sum(rejected), sum(archived), sum(open), sum(callbacks), sum(satisfied), sum(verify_decisions), sum(reworks),
    sum(escalations), sum(overdue), sum(warning)`;
  const cols = `submitted, responded_in_time, resolved, resolved_in_time, closed, verified, rejected, archived, open,
    callbacks, satisfied, verify_decisions, reworks, escalations, overdue, warning`;
  await db.query(
    `INSERT INTO stats_daily (day, grid_code, ${cols}) SELECT day, grid_code, ${sums} FROM ticket_fact GROUP BY 1, 2`,
  );
  await db.query(
    `INSERT INTO stats_monthly (month, grid_code, ${cols}) SELECT date_trunc('month', day)::date, grid_code, ${sums} FROM ticket_fact GROUP BY 1, 2`,
  );
  await db.query(
    `INSERT INTO stats_daily_community (day, community_code, ${cols})
     SELECT day, left(grid_code, 12), ${sums} FROM ticket_fact GROUP BY 1, 2`,
  );
  await db.query(
    `INSERT INTO stats_monthly_community (month, community_code, ${cols})
     SELECT date_trunc('month', day)::date, left(grid_code, 12), ${sums} FROM ticket_fact GROUP BY 1, 2`,
  );
  await db.query('ANALYZE');
  const [{ daily, monthly }] = (
    await db.query(
      `SELECT (SELECT count(*) FROM stats_daily)::int AS daily, (SELECT count(*) FROM stats_monthly)::int AS monthly`,
    )
  ).rows;
  console.log(
    `facts and rollups in ${((Date.now() - t) / 1000).toFixed(1)} s (${daily} daily, ${monthly} monthly rows)`,
  );
  return db;
}
