import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkingCalendarService } from '@gridflow/catalog';
import {
  type AuthUser,
  type BurdenBy,
  holdingSpans,
  type HoldingEvent,
  type HoldingSpan,
  inScope,
  levelOf,
  notFound,
  perWeek,
  scopeLikePattern,
  shanghaiDate,
  workingHoursHeld,
} from '@gridflow/domain';
import type { Period } from './stats.service.js';

/** The events that start or end a holding span (libs/domain holdingSpans). */
const HOLDING_TYPES = [
  'dispatched',
  'auto_dispatched',
  'accepted_self',
  'claimed',
  'rework',
  'declined',
  'resolved',
  'verified',
  'archived',
  'rejected',
];
/** A ticket is closed from the first of these (GET /stats counts `open` the same way). */
const CLOSING = `('verified', 'archived', 'rejected')`;
/** Roles whose people carry the burden (grid workers and the party members they dispatch to). */
const WORKER_ROLES = ['grid_worker', 'party_member'];
/** The list of refused pushes shows the newest records of the period, at most this many. */
export const REFUSED_PUSH_LIST_LIMIT = 500;

export interface BurdenRow {
  key: string;
  name: string | null;
  openTickets: number;
  handledTickets: number;
  workingHoursOnTickets: number;
  ticketsPerWeek: number;
  refusedPushes: number;
}

interface HeldTicket {
  gridCode: string;
  createdAt: Date;
  spans: HoldingSpan[];
}

/** Asia/Shanghai midnight starting a day (YYYY-MM-DD). */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/**
 * 减负: each worker's and grid's burden (open tickets, tickets handled, working hours spent
 * holding tickets, tickets per week) and the refused pushes aimed at them; and the monthly
 * trend the committee uses to show the burden fell. Rows come ordered by key (grids) or name
 * (workers) — never by volume (DOMAIN.md).
 */
@Injectable()
export class BurdenService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: WorkingCalendarService,
  ) {}

  async burden(actor: AuthUser, scopeCode: string | undefined, by: BurdenBy, period: Period, now = new Date()) {
    const scope = this.scope(actor, scopeCode);
    const pattern = scopeLikePattern(scope);
    const start = dayStart(period.from);
    const end = new Date(Math.min(dayStart(nextDay(period.to)).getTime(), now.getTime()));
    const days = Math.round((dayStart(nextDay(period.to)).getTime() - start.getTime()) / 86_400_000);
    const held = await this.heldTickets(pattern, start, end);
    const cal = this.calendar.current();
    const rows =
      by === 'grid'
        ? await this.byGrid(pattern, period, start, end, days, held, cal)
        : await this.byWorker(pattern, period, start, end, days, held, cal);
    return { scopeCode: scope, by, from: period.from, to: period.to, rows };
  }

  private async byGrid(
    pattern: string,
    period: Period,
    start: Date,
    end: Date,
    days: number,
    held: Map<string, HeldTicket>,
    cal: ReturnType<WorkingCalendarService['current']>,
  ): Promise<BurdenRow[]> {
    const params = [pattern, start, end];
    const [grids, open, handled, filed, refused] = await Promise.all([
      this.db.query(
        `SELECT g.code AS key, u.name FROM grid g JOIN org_unit u ON u.code = g.code
         WHERE g.code LIKE $1 AND (g.status = 'active' OR g.retired_at >= $2) ORDER BY g.code`,
        [pattern, start],
      ),
      this.db.query(
        `SELECT t.grid_code AS key, count(*)::int AS n FROM ticket t
         WHERE t.grid_code LIKE $1 AND t.created_at < $2
           AND NOT EXISTS (SELECT 1 FROM ticket_event e
                           WHERE e.ticket_id = t.id AND e.to_status IN ${CLOSING} AND e.at < $2)
         GROUP BY 1`,
        [pattern, end],
      ),
      this.db.query(
        `SELECT t.grid_code AS key, count(DISTINCT t.id)::int AS n FROM ticket t
         JOIN ticket_event e ON e.ticket_id = t.id AND e.type = 'resolved' AND e.at >= $2 AND e.at < $3
         WHERE t.grid_code LIKE $1 GROUP BY 1`,
        params,
      ),
      this.db.query(
        `SELECT t.grid_code AS key, count(*)::int AS n FROM ticket t
         WHERE t.grid_code LIKE $1 AND t.created_at >= $2 AND t.created_at < $3 GROUP BY 1`,
        params,
      ),
      this.db.query(
        `SELECT grid_code AS key, sum(attempts)::int AS n FROM refused_push
         WHERE grid_code LIKE $1 AND day BETWEEN $2 AND $3 GROUP BY 1`,
        [pattern, period.from, period.to],
      ),
    ]);
    const count = (rows: { key: string; n: number }[]) => new Map(rows.map((r) => [r.key, Number(r.n)]));
    const [openN, handledN, filedN, refusedN] = [open, handled, filed, refused].map(count);
    // Per grid: each holder's working hours on the grid's tickets (overlaps counted once per holder), summed.
    const spansByGrid = new Map<string, Map<string, HoldingSpan[]>>();
    for (const t of held.values()) {
      const holders = spansByGrid.get(t.gridCode) ?? new Map<string, HoldingSpan[]>();
      spansByGrid.set(t.gridCode, holders);
      for (const s of t.spans) holders.set(s.holderId, [...(holders.get(s.holderId) ?? []), s]);
    }
    const keys = new Set<string>((grids as { key: string }[]).map((g) => g.key));
    const names = new Map((grids as { key: string; name: string }[]).map((g) => [g.key, g.name]));
    for (const m of [openN, handledN, filedN, refusedN]) for (const k of m.keys()) keys.add(k);
    return [...keys].sort().map((key) => {
      let hours = 0;
      for (const spans of spansByGrid.get(key)?.values() ?? []) hours += workingHoursHeld(spans, start, end, cal);
      return {
        key,
        name: names.get(key) ?? null,
        openTickets: openN.get(key) ?? 0,
        handledTickets: handledN.get(key) ?? 0,
        workingHoursOnTickets: Math.round(hours * 10) / 10,
        ticketsPerWeek: perWeek(filedN.get(key) ?? 0, days),
        refusedPushes: refusedN.get(key) ?? 0,
      };
    });
  }

  private async byWorker(
    pattern: string,
    period: Period,
    start: Date,
    end: Date,
    days: number,
    held: Map<string, HeldTicket>,
    cal: ReturnType<WorkingCalendarService['current']>,
  ): Promise<BurdenRow[]> {
    const spansBy = new Map<string, { spans: HoldingSpan[]; received: Set<string> }>();
    for (const [ticketId, t] of held) {
      for (const s of t.spans) {
        const w = spansBy.get(s.holderId) ?? { spans: [], received: new Set<string>() };
        spansBy.set(s.holderId, w);
        w.spans.push(s);
        if (s.from >= start && s.from < end) w.received.add(ticketId);
      }
    }
    // The people: grid workers and party members of the scope, workers serving its grids, and
    // whoever held its tickets in the period (department staff excepted: not the grid's burden).
    const people: { id: string; name: string }[] = await this.db.query(
      `SELECT u.id, coalesce(min(w.name), min(u.display_name)) AS name
       FROM app_user u LEFT JOIN worker w ON w.user_id = u.id
       WHERE u.role <> 'department_staff' AND (
         (u.role = ANY($2) AND u.scope_code LIKE $1 AND u.disabled_at IS NULL)
         OR EXISTS (SELECT 1 FROM worker_grid wg WHERE wg.worker_id = w.id AND wg.grid_code LIKE $1 AND w.active)
         OR u.id = ANY($3::uuid[]))
       GROUP BY u.id`,
      [pattern, WORKER_ROLES, [...spansBy.keys()]],
    );
    const ids = people.map((p) => p.id);
    const [handled, refused] = await Promise.all([
      this.db.query(
        `SELECT e.actor_id AS key, count(DISTINCT t.id)::int AS n FROM ticket t
         JOIN ticket_event e ON e.ticket_id = t.id AND e.type = 'resolved' AND e.at >= $2 AND e.at < $3
         WHERE t.grid_code LIKE $1 AND e.actor_id = ANY($4::uuid[]) GROUP BY 1`,
        [pattern, start, end, ids],
      ),
      // aimed at the grids a worker serves (worker_grid), or at the grid that is their scope
      this.db.query(
        `SELECT u.id AS key, sum(r.attempts)::int AS n
         FROM app_user u LEFT JOIN worker w ON w.user_id = u.id
         JOIN refused_push r ON r.day BETWEEN $3 AND $4 AND r.grid_code LIKE $1
           AND (r.grid_code = u.scope_code
                OR EXISTS (SELECT 1 FROM worker_grid wg WHERE wg.worker_id = w.id AND wg.grid_code = r.grid_code))
         WHERE u.id = ANY($2::uuid[]) GROUP BY 1`,
        [pattern, ids, period.from, period.to],
      ),
    ]);
    const count = (rows: { key: string; n: number }[]) => new Map(rows.map((r) => [r.key, Number(r.n)]));
    const [handledN, refusedN] = [handled, refused].map(count);
    return people
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))
      .map(({ id, name }) => {
        const w = spansBy.get(id);
        const openAtEnd = new Set<string>();
        for (const [ticketId, t] of held) {
          if (t.spans.some((s) => s.holderId === id && s.from < end && (s.to === null || s.to >= end))) {
            openAtEnd.add(ticketId);
          }
        }
        return {
          key: id,
          name,
          openTickets: openAtEnd.size,
          handledTickets: handledN.get(id) ?? 0,
          workingHoursOnTickets: w ? workingHoursHeld(w.spans, start, end, cal) : 0,
          ticketsPerWeek: perWeek(w?.received.size ?? 0, days),
          refusedPushes: refusedN.get(id) ?? 0,
        };
      });
  }

  /** The scope's tickets alive in [start, end) with who held them when. */
  private async heldTickets(pattern: string, start: Date, end: Date): Promise<Map<string, HeldTicket>> {
    const rows: {
      ticket_id: string;
      grid_code: string;
      created_at: Date;
      seq: number;
      type: string;
      at: Date;
      actor_id: string | null;
      assignee_id: string | null;
    }[] = await this.db.query(
      `WITH alive AS (
         SELECT t.id, t.grid_code, t.created_at FROM ticket t
         WHERE t.grid_code LIKE $1 AND t.created_at < $3
           AND NOT EXISTS (SELECT 1 FROM ticket_event c
                           WHERE c.ticket_id = t.id AND c.to_status IN ${CLOSING} AND c.at < $2))
       SELECT a.id AS ticket_id, a.grid_code, a.created_at, e.seq, e.type, e.at, e.actor_id,
              e.data->>'assigneeId' AS assignee_id
       FROM alive a JOIN ticket_event e ON e.ticket_id = a.id AND e.type = ANY($4)
       ORDER BY a.id, e.seq`,
      [pattern, start, end, HOLDING_TYPES],
    );
    const events = new Map<string, { gridCode: string; createdAt: Date; events: HoldingEvent[] }>();
    for (const r of rows) {
      const t = events.get(r.ticket_id) ?? { gridCode: r.grid_code, createdAt: r.created_at, events: [] };
      events.set(r.ticket_id, t);
      t.events.push({
        seq: r.seq,
        type: r.type,
        at: r.at,
        actorId: r.actor_id,
        assigneeId: isUuidLike(r.assignee_id) ? r.assignee_id : null,
      });
    }
    const out = new Map<string, HeldTicket>();
    for (const [id, t] of events) {
      const spans = holdingSpans(t.events).filter((s) => s.from < end && (s.to === null || s.to > start));
      if (spans.length) out.set(id, { gridCode: t.gridCode, createdAt: t.createdAt, spans });
    }
    return out;
  }

  /**
   * Per month (the last `months`, this one included): open tickets at the month's end (now for
   * this month), tickets filed per worker per week, and refused pushes. Workers: the active
   * workers serving the scope's grids now (GridFlow keeps no history of the roster).
   */
  async trend(actor: AuthUser, scopeCode: string | undefined, months: number, now = new Date()) {
    const scope = this.scope(actor, scopeCode);
    const pattern = scopeLikePattern(scope);
    const thisMonth = shanghaiDate(now).slice(0, 7);
    const list = Array.from({ length: months }, (_, i) => addMonths(thisMonth, i - months + 1));
    const first = dayStart(`${list[0]}-01`);
    const [[{ n: workers }], rows] = await Promise.all([
      this.db.query(
        `SELECT count(DISTINCT w.id)::int AS n FROM worker w JOIN worker_grid wg ON wg.worker_id = w.id
         WHERE w.active AND wg.grid_code LIKE $1`,
        [pattern],
      ),
      this.db.query(
        `WITH m AS (
           SELECT to_char(s, 'YYYY-MM') AS month,
                  (s::timestamp AT TIME ZONE 'Asia/Shanghai') AS m_start,
                  least(((s + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai'), $3::timestamptz) AS m_end
           FROM generate_series($2::date, $4::date, interval '1 month') AS s
         ),
         t AS (
           SELECT t.created_at,
                  (SELECT min(e.at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_status IN ${CLOSING}) AS closed_at
           FROM ticket t WHERE t.grid_code LIKE $1 AND t.created_at < $3
             AND (t.status NOT IN ${CLOSING} OR t.updated_at >= $5)
         )
         SELECT m.month,
           (SELECT count(*)::int FROM t WHERE t.created_at < m.m_end AND (t.closed_at IS NULL OR t.closed_at >= m.m_end)) AS open,
           (SELECT count(*)::int FROM ticket f WHERE f.grid_code LIKE $1 AND f.created_at >= m.m_start AND f.created_at < m.m_end) AS filed,
           (SELECT coalesce(sum(r.attempts), 0)::int FROM refused_push r
              WHERE coalesce(r.grid_code, r.unit_code) LIKE $1
                AND r.day >= m.m_start::date AND r.day < (m.m_start + interval '1 month')::date) AS refused,
           extract(epoch FROM m.m_end - m.m_start) / 86400 AS days
         FROM m ORDER BY m.month`,
        [pattern, `${list[0]}-01`, now, `${thisMonth}-01`, first],
      ),
    ]);
    return {
      scopeCode: scope,
      months,
      workers: Number(workers),
      points: (rows as { month: string; open: number; filed: number; refused: number; days: number }[]).map((r) => ({
        month: r.month,
        openTickets: Number(r.open),
        ticketsFiled: Number(r.filed),
        ticketsPerWorkerPerWeek:
          Number(workers) > 0 ? perWeek(Number(r.filed) / Number(workers), Number(r.days)) : null,
        refusedPushes: Number(r.refused),
      })),
    };
  }

  /**
   * The refused pushes of a scope and period, newest first (at most REFUSED_PUSH_LIST_LIMIT
   * records): who tried (user and role, their department, or the Open311 key or channel),
   * which item, aimed at which grid, how often.
   */
  async refusedPushes(actor: AuthUser, scopeCode: string | undefined, period: Period) {
    const scope = this.scope(actor, scopeCode);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT to_char(r.day, 'YYYY-MM-DD') AS day, r.channel, r.user_id, u.display_name AS user_name, r.role,
              r.department_code, d.name AS department_name, r.api_key_id, k.name AS api_key_name,
              r.item_code, i.name AS item_name, r.item_status, r.grid_code, gu.name AS grid_name,
              r.unit_code, r.attempts, r.first_at, r.last_at
       FROM refused_push r
       LEFT JOIN app_user u ON u.id = r.user_id
       LEFT JOIN department d ON d.code = r.department_code
       LEFT JOIN open311_api_key k ON k.id = r.api_key_id
       LEFT JOIN matter_item i ON i.code = r.item_code
       LEFT JOIN org_unit gu ON gu.code = r.grid_code
       WHERE coalesce(r.grid_code, r.unit_code) LIKE $1 AND r.day BETWEEN $2 AND $3
       ORDER BY r.day DESC, r.last_at DESC, r.id DESC
       LIMIT ${REFUSED_PUSH_LIST_LIMIT + 1}`,
      [scopeLikePattern(scope), period.from, period.to],
    );
    return {
      scopeCode: scope,
      from: period.from,
      to: period.to,
      truncated: rows.length > REFUSED_PUSH_LIST_LIMIT,
      items: rows.slice(0, REFUSED_PUSH_LIST_LIMIT).map((r) => ({
        day: r.day,
        channel: r.channel,
        user: r.user_id ? { id: r.user_id, name: r.user_name ?? null, role: r.role ?? null } : null,
        department: r.department_code ? { code: r.department_code, name: r.department_name ?? null } : null,
        apiKey: r.api_key_id ? { id: r.api_key_id, name: r.api_key_name ?? null } : null,
        itemCode: r.item_code,
        itemName: r.item_name ?? null,
        itemStatus: r.item_status,
        gridCode: r.grid_code ?? null,
        gridName: r.grid_name ?? null,
        unitCode: r.unit_code ?? null,
        attempts: Number(r.attempts),
        firstAt: r.first_at,
        lastAt: r.last_at,
      })),
    };
  }

  /** The scope asked for, if it is the caller's own or inside it (404 otherwise, as the other statistics). */
  private scope(actor: AuthUser, scopeCode: string | undefined): string {
    const scope = scopeCode ?? actor.scopeCode;
    if (!levelOf(scope) || !inScope(actor.scopeCode, scope)) throw notFound('Scope');
    return scope;
  }
}

const isUuidLike = (v: string | null): v is string =>
  !!v && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
