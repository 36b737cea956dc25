import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AuthUser,
  COUNTER_KEYS,
  type CounterKey,
  type Counters,
  DEFAULT_QUALITY_WEIGHTS,
  inScope,
  invalidField,
  levelOf,
  notFound,
  type QualityWeights,
  qualityScore,
  rates,
  scopeLikePattern,
  shanghaiDate,
  ticketCounters,
  zeroCounters,
} from '@gridflow/domain';
import { type DayRange, planRollups } from './rollup-plan.js';

/** counter key (camelCase) ↔ column (snake_case) */
const COLUMN: Record<CounterKey, string> = Object.fromEntries(
  COUNTER_KEYS.map((k) => [k, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
) as Record<CounterKey, string>;
const COLUMNS = COUNTER_KEYS.map((k) => COLUMN[k]);
const SUMS = COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', ');

export const BREAKDOWN_BY = ['grid', 'community', 'township', 'county', 'item', 'worker', 'department'] as const;
export type BreakdownBy = (typeof BREAKDOWN_BY)[number];
const CODE_LENGTH: Record<'grid' | 'community' | 'township' | 'county', number> = {
  grid: 15,
  community: 12,
  township: 9,
  county: 6,
};

export interface Period {
  from: string;
  to: string;
}

export const TREND_INTERVALS = ['day', 'month'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];
/** A daily trend is read from the daily rollups only: keep it to about a year of points. */
export const TREND_MAX_DAYS = 366;

/**
 * Assessment (考核) figures. Each ticket's counters are recomputed from its timeline after
 * every event (`refreshTicket`, run by the worker) and the difference is added to per-grid
 * daily and monthly rollups in the same transaction; queries sum whole months from the
 * monthly table and the days at either end from the daily one.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Recomputes one ticket's counters and moves the rollups by the difference. Idempotent, order-independent. */
  async refreshTicket(ticketId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [ticket] = await tx.query(
        `SELECT id, status, org_code, item_code, assignee_id, department_code, created_at FROM ticket WHERE id = $1`,
        [ticketId],
      );
      if (!ticket) return;
      const events = await tx.query(
        `SELECT seq, type, at, actor_id AS "actorId", data FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`,
        [ticketId],
      );
      const { counters, handlerId } = ticketCounters(ticket.status, events);
      const handler = handlerId ?? ticket.assignee_id ?? null;
      // 职能部门: the department the ticket is with counts it, as its handler does
      const department: string | null = ticket.department_code ?? null;
      const day = shanghaiDate(new Date(ticket.created_at));
      // The ticket's unit: its grid, or the unit an unlocated request waits at (ticket_fact.grid_code
      // and the rollups' grid_code hold it; scope selects by prefix, so a township's unlocated
      // requests count for the township and above, not for any of its communities).
      const unit: string = ticket.org_code;
      // Serialises refreshes of one ticket; the first one inserts the zero row.
      await tx.query(
        `INSERT INTO ticket_fact (ticket_id, day, grid_code, item_code) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [ticketId, day, unit, ticket.item_code],
      );
      const [old] = await tx.query(`SELECT * FROM ticket_fact WHERE ticket_id = $1 FOR UPDATE`, [ticketId]);
      if (old.grid_code !== unit) {
        // 待定位 → placed: what the ticket counted for at its old unit moves to its grid.
        const counted = COUNTER_KEYS.map((k) => -Number(old[COLUMN[k]]));
        if (counted.some((v) => v !== 0)) await this.addToRollups(tx, day, old.grid_code, counted);
        await tx.query(
          `UPDATE ticket_fact SET grid_code = $2, ${COLUMNS.map((c) => `${c} = 0`).join(', ')} WHERE ticket_id = $1`,
          [ticketId, unit],
        );
        for (const k of COUNTER_KEYS) old[COLUMN[k]] = 0;
        old.grid_code = unit;
      }
      const delta = zeroCounters();
      let changed = old.handler_id !== handler || (old.department_code ?? null) !== department;
      for (const k of COUNTER_KEYS) {
        delta[k] = counters[k] - Number(old[COLUMN[k]]);
        if (delta[k] !== 0) changed = true;
      }
      if (!changed) return;
      await tx.query(
        `UPDATE ticket_fact SET handler_id = $2, department_code = $3,
           ${COLUMNS.map((c, i) => `${c} = $${i + 4}`).join(', ')} WHERE ticket_id = $1`,
        [ticketId, handler, department, ...COUNTER_KEYS.map((k) => counters[k])],
      );
      if (COUNTER_KEYS.every((k) => delta[k] === 0)) return;
      await this.addToRollups(
        tx,
        day,
        unit,
        COUNTER_KEYS.map((k) => delta[k]),
      );
    });
  }

  /** Adds counters (in COUNTER_KEYS order) to the daily and monthly rollups of a unit and of its community. */
  private async addToRollups(tx: EntityManager, day: string, unit: string, values: number[]): Promise<void> {
    const add = COLUMNS.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
    const placeholders = COLUMNS.map((_, i) => `$${i + 3}`).join(', ');
    await tx.query(
      `INSERT INTO stats_daily AS t (day, grid_code, ${COLUMNS.join(', ')}) VALUES ($1, $2, ${placeholders})
         ON CONFLICT (grid_code, day) DO UPDATE SET ${add}`,
      [day, unit, ...values],
    );
    await tx.query(
      `INSERT INTO stats_monthly AS t (month, grid_code, ${COLUMNS.join(', ')}) VALUES ($1, $2, ${placeholders})
         ON CONFLICT (grid_code, month) DO UPDATE SET ${add}`,
      [`${day.slice(0, 7)}-01`, unit, ...values],
    );
    // an unlocated request above community level has no community: its own unit's row stands in
    const community = unit.slice(0, 12);
    await tx.query(
      `INSERT INTO stats_daily_community AS t (day, community_code, ${COLUMNS.join(', ')}) VALUES ($1, $2, ${placeholders})
         ON CONFLICT (community_code, day) DO UPDATE SET ${add}`,
      [day, community, ...values],
    );
    await tx.query(
      `INSERT INTO stats_monthly_community AS t (month, community_code, ${COLUMNS.join(', ')})
         VALUES ($1, $2, ${placeholders}) ON CONFLICT (community_code, month) DO UPDATE SET ${add}`,
      [`${day.slice(0, 7)}-01`, community, ...values],
    );
  }

  async overview(actor: AuthUser, scopeCode: string | undefined, period: Period) {
    const scope = this.scope(actor, scopeCode);
    const rollup = this.rollupRows(rollupLevel(scope), period);
    const [row] = await this.db.query(`SELECT ${SUMS} FROM (${rollup.sql}) r`, [
      scopeLikePattern(scope),
      ...rollup.params,
    ]);
    return { scopeCode: scope, ...period, ...figures(row) };
  }

  async breakdown(actor: AuthUser, scopeCode: string | undefined, by: BreakdownBy, period: Period) {
    const scope = this.scope(actor, scopeCode);
    const pattern = scopeLikePattern(scope);
    let rows: Record<string, unknown>[];
    if (by === 'item' || by === 'worker' || by === 'department') {
      // Per item, handler or department (职能部门): from the ticket facts of the scope and period
      // (index on grid_code, day); the same counters, so the same quality metrics.
      const key = { item: 'f.item_code', worker: 'f.handler_id::text', department: 'f.department_code' }[by];
      const name = { item: 'i.name', worker: 'u.display_name', department: 'd.name' }[by];
      const join = {
        item: 'JOIN matter_item i ON i.code = f.item_code',
        worker: 'JOIN app_user u ON u.id = f.handler_id',
        department: 'JOIN department d ON d.code = f.department_code',
      }[by];
      rows = await this.db.query(
        `SELECT ${key} AS key, min(${name}) AS name, ${COLUMNS.map((c) => `sum(f.${c})::int AS ${c}`).join(', ')}
         FROM ticket_fact f ${join}
         WHERE f.grid_code LIKE $1 AND f.day BETWEEN $2 AND $3
         GROUP BY 1 ORDER BY 1`,
        [pattern, period.from, period.to],
      );
    } else {
      const scopeLevel = levelOf(scope)!;
      if (CODE_LENGTH[by] < scope.length && !(by === 'county' && scopeLevel === 'city')) {
        throw invalidField('by', `cannot break a ${scopeLevel} down by ${by}`);
      }
      const len = CODE_LENGTH[by];
      const rollup = this.rollupRows(by === 'grid' ? 'grid' : rollupLevel(scope), period);
      rows = await this.db.query(
        `SELECT left(r.code, ${len}) AS key, min(u.name) AS name, ${SUMS}
         FROM (${rollup.sql}) r JOIN org_unit u ON u.code = left(r.code, ${len})
         GROUP BY 1 ORDER BY 1`,
        [pattern, ...rollup.params],
      );
    }
    return {
      scopeCode: scope,
      by,
      ...period,
      rows: rows.map((r) => ({ key: String(r.key), name: (r.name as string) ?? null, ...figures(r) })),
    };
  }

  /**
   * The figures per day or per month of the period, every period present (zeros where nothing
   * was filed). As everywhere here, a ticket counts in the period of the day it was filed.
   * Days come from the daily rollups; months from the monthly ones, with the partial months at
   * either end summed from the daily ones (as `overview`).
   */
  async trend(actor: AuthUser, scopeCode: string | undefined, period: Period, interval: TrendInterval) {
    const scope = this.scope(actor, scopeCode);
    if (interval === 'day' && daysBetween(period.from, period.to) + 1 > TREND_MAX_DAYS) {
      throw invalidField('to', `a daily trend covers at most ${TREND_MAX_DAYS} days; ask for interval=month`);
    }
    const level = rollupLevel(scope);
    const [daily, code] = level === 'grid' ? ['stats_daily', 'grid_code'] : ['stats_daily_community', 'community_code'];
    let rows: Record<string, unknown>[];
    if (interval === 'day') {
      rows = await this.db.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS period, ${SUMS} FROM ${daily}
         WHERE ${code} LIKE $1 AND day >= $2::date AND day <= $3::date
         GROUP BY day`,
        [scopeLikePattern(scope), period.from, period.to],
      );
    } else {
      const rollup = this.rollupRows(level, period, true);
      rows = await this.db.query(`SELECT period, ${SUMS} FROM (${rollup.sql}) r GROUP BY period`, [
        scopeLikePattern(scope),
        ...rollup.params,
      ]);
    }
    const byPeriod = new Map(rows.map((r) => [String(r.period), r]));
    return {
      scopeCode: scope,
      ...period,
      interval,
      points: periodsOf(period, interval).map((p) => ({ period: p, ...figures(byPeriod.get(p) ?? {}) })),
    };
  }

  async rankings(
    actor: AuthUser,
    scopeCode: string | undefined,
    by: 'grid' | 'worker' | 'department',
    period: Period,
    limit = 10,
  ) {
    const weights = await this.weights();
    const { rows, scopeCode: scope } = await this.breakdown(actor, scopeCode, by, period);
    const scored = rows
      .map((r) => ({ ...r, score: qualityScore(r, weights) }))
      .filter((r): r is typeof r & { score: number } => r.score !== null)
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
    return {
      scopeCode: scope,
      by,
      ...period,
      weights,
      // Quality only: no ranking or quota by how many tickets anyone filed.
      top: scored.slice(0, limit),
      bottom: scored.slice(-limit).reverse(),
    };
  }

  async weights(): Promise<QualityWeights> {
    const [row] = await this.db.query(`SELECT response, resolution, satisfaction FROM quality_weights WHERE id = 1`);
    return row
      ? { response: Number(row.response), resolution: Number(row.resolution), satisfaction: Number(row.satisfaction) }
      : DEFAULT_QUALITY_WEIGHTS;
  }

  async setWeights(actor: AuthUser, w: QualityWeights) {
    if (Math.abs(w.response + w.resolution + w.satisfaction - 1) > 1e-9) {
      throw invalidField('weights', 'response, resolution and satisfaction must add up to 1');
    }
    await this.db.query(
      `INSERT INTO quality_weights (id, response, resolution, satisfaction, updated_by, updated_at)
       VALUES (1, $1, $2, $3, $4, now())
       ON CONFLICT (id) DO UPDATE SET response = $1, resolution = $2, satisfaction = $3, updated_by = $4, updated_at = now()`,
      [w.response, w.resolution, w.satisfaction, actor.id],
    );
    return this.weights();
  }

  /** The scope asked for, if it is the caller's own or inside it (404 otherwise: existence does not leak). */
  private scope(actor: AuthUser, scopeCode: string | undefined): string {
    const scope = scopeCode ?? actor.scopeCode;
    if (!levelOf(scope) || !inScope(actor.scopeCode, scope)) throw notFound('Scope');
    return scope;
  }

  /**
   * Rollup rows of a scope ($1, a LIKE pattern) in a period, to be summed: months from the
   * monthly rollup, days added from and subtracted with the daily one, as `planRollups` reads
   * the period (rollup-plan.ts). `withMonth`: each row also says its month (`period`, YYYY-MM),
   * so that sums per month come out right too. The statement's other parameters are `params`.
   */
  private rollupRows(level: 'grid' | 'community', period: Period, withMonth = false) {
    const plan = planRollups(period.from, period.to, shanghaiDate(new Date()));
    const [monthly, daily, code] =
      level === 'grid'
        ? ['stats_monthly', 'stats_daily', 'grid_code']
        : ['stats_monthly_community', 'stats_daily_community', 'community_code'];
    const params: string[] = [];
    const param = (date: string) => {
      params.push(date);
      return `$${params.length + 1}::date`;
    };
    const monthOf = (column: string) => (withMonth ? `to_char(${column}, 'YYYY-MM') AS period, ` : '');
    const days = (ranges: DayRange[]) =>
      ranges.map((r) => `day BETWEEN ${param(r.from)} AND ${param(r.to)}`).join(' OR ');
    const parts: string[] = [];
    if (plan.months.from < plan.months.to) {
      parts.push(
        `SELECT ${code} AS code, ${monthOf('month')}${COLUMNS.join(', ')} FROM ${monthly}
           WHERE ${code} LIKE $1 AND month >= ${param(plan.months.from)} AND month < ${param(plan.months.to)}`,
      );
    }
    if (plan.plus.length) {
      parts.push(
        `SELECT ${code} AS code, ${monthOf('day')}${COLUMNS.join(', ')} FROM ${daily}
           WHERE ${code} LIKE $1 AND (${days(plan.plus)})`,
      );
    }
    if (plan.minus.length) {
      parts.push(
        `SELECT ${code} AS code, ${monthOf('day')}${COLUMNS.map((c) => `-${c} AS ${c}`).join(', ')} FROM ${daily}
           WHERE ${code} LIKE $1 AND (${days(plan.minus)})`,
      );
    }
    return { sql: parts.join('\n UNION ALL\n '), params };
  }
}

/** A community and the scopes above it sum the per-community rollups; a grid the per-grid ones. */
function rollupLevel(scope: string): 'grid' | 'community' {
  return scope.length <= 12 ? 'community' : 'grid';
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Every day (YYYY-MM-DD) or month (YYYY-MM) touching [from, to], in order. */
export function periodsOf(p: Period, interval: TrendInterval): string[] {
  const out: string[] = [];
  if (interval === 'day') {
    for (let t = Date.parse(`${p.from}T00:00:00Z`); t <= Date.parse(`${p.to}T00:00:00Z`); t += 86_400_000) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
    return out;
  }
  let [y, m] = p.from.split('-').map(Number);
  const last = p.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= last) return out;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

function figures(row: Record<string, unknown>) {
  const c = zeroCounters() as Counters;
  for (const k of COUNTER_KEYS) c[k] = Number(row?.[COLUMN[k]] ?? 0);
  return {
    submitted: c.submitted,
    open: c.open,
    overdue: c.overdue,
    warning: c.warning,
    verified: c.verified,
    archived: c.archived,
    rejected: c.rejected,
    escalations: c.escalations,
    resolved: c.resolved,
    callbacks: c.callbacks,
    reworks: c.reworks,
    ...rates(c),
  };
}
