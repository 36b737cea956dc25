import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PageQuery } from '@gridflow/database';
import {
  type AuthUser,
  invalidField,
  levelOf,
  scopeLikePattern,
  isUuid,
  type TimeRequestKind,
  type TimeRequestStatus,
} from '@gridflow/domain';
import { TicketClock } from './ticket-clock.js';
import { overdueSql } from './ticket-urgency.js';
import { ticketView } from './ticket-view.js';
import { ticketFromRow, type TicketRowWithAssignee } from './ticket-rows.js';
import { TIME_REQUEST_SELECT, type TimeRequestRow, timeRequestView } from './time-requests.service.js';

/**
 * 督查兑单, oldest due first: resolved tickets in scope with the handler's result. Keyset on
 * (due_at, id); a resolved ticket always has the verify step's due time, NULL sorts last anyway.
 */
const REVIEW_SQL = (scope: string) => `
  SELECT t.*, u.display_name AS assignee_name, r.at AS resolved_at, r.data->>'result' AS result,
         ${overdueSql('t', 'now()')} AS overdue_now
  FROM ticket t
  LEFT JOIN app_user u ON u.id = t.assignee_id
  LEFT JOIN LATERAL (
    SELECT e.at, e.data FROM ticket_event e
    WHERE e.ticket_id = t.id AND e.type = 'resolved' ORDER BY e.seq DESC LIMIT 1
  ) r ON true
  WHERE t.status = 'resolved' AND ${scope}
    AND ($5::boolean IS NULL OR ${overdueSql('t', 'now()')} = $5::boolean)
    AND ($2::timestamptz IS NULL OR (COALESCE(t.due_at, 'infinity'::timestamptz), t.id) > ($2::timestamptz, $3::uuid))
  ORDER BY COALESCE(t.due_at, 'infinity'::timestamptz), t.id
  LIMIT $4`;

/** A row of REVIEW_SQL: the ticket with its assignee, and its latest 办结. */
interface ReviewRow extends TicketRowWithAssignee {
  resolved_at: Date | null;
  result: string | null;
  overdue_now: boolean;
}

/** Requests in scope, by their status as the UI sees it (a request of a past step is `ended`). */
const REQUESTS_SQL = (scope: string) => `
  WITH page AS (
    SELECT tr.id, tr.created_at, t.step_seq AS ticket_step_seq
    FROM time_request tr JOIN ticket t ON t.id = tr.ticket_id
    WHERE ${scope}
      AND tr.status = ANY($2::text[])
      AND (CASE WHEN tr.status IN ('pending', 'approved') AND tr.step_seq <> t.step_seq THEN 'ended'
                ELSE tr.status END) = $3
      AND ($4::text IS NULL OR tr.kind = $4)
      AND ($5::uuid IS NULL OR (tr.created_at, tr.id) < (SELECT c.created_at, c.id FROM time_request c WHERE c.id = $5))
    ORDER BY tr.created_at DESC, tr.id DESC
    LIMIT $6
  )
  SELECT x.*, page.ticket_step_seq, t.number AS t_number, t.status AS t_status, t.item_code AS t_item_code,
         t.grid_code AS t_grid_code, t.level AS t_level, t.due_at AS t_due_at, t.suspended_at AS t_suspended_at,
         t.assignee_id AS t_assignee_id, au.display_name AS t_assignee_name
  FROM page
  JOIN (${TIME_REQUEST_SELECT}) x ON x.id = page.id
  JOIN ticket t ON t.id = x.ticket_id
  LEFT JOIN app_user au ON au.id = t.assignee_id
  ORDER BY page.created_at DESC, page.id DESC`;

/** Which stored statuses can show as each status (see effectiveStatus). */
const STORED_STATUSES: Record<TimeRequestStatus, TimeRequestStatus[]> = {
  pending: ['pending'],
  approved: ['approved'],
  refused: ['refused'],
  ended: ['ended', 'pending', 'approved'],
};

export interface TimeRequestFilter extends PageQuery {
  status?: TimeRequestStatus;
  kind?: TimeRequestKind;
}

/** The supervisor's desk (督查): what waits for verification, and what waits for a decision. */
@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: TicketClock,
  ) {}

  /** Resolved tickets in scope awaiting 督查兑单, the earliest due first; `overdue` as the ticket list's. */
  async reviewQueue(actor: AuthUser, page: PageQuery & { overdue?: boolean }) {
    const limit = page.limit ?? 20;
    const cursor = page.cursor ? decodeDueCursor(page.cursor) : null;
    const rows: ReviewRow[] = await this.db.query(REVIEW_SQL(scopeSql('t', '$1', actor.scopeCode)), [
      scopeParam(actor.scopeCode),
      cursor?.due ?? null,
      cursor?.id ?? null,
      limit + 1,
      page.overdue ?? null,
    ]);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const now = new Date();
    return {
      items: items.map((row) => {
        const ticket = ticketFromRow(row);
        return {
          ...ticketView(ticket, row.assignee_name, { user: actor }, 'list', this.clock.timeLeft(ticket, now)),
          resolvedAt: row.resolved_at,
          result: row.result,
          // The flag is set by the worker at the escalation; the clock says it a moment earlier.
          overdue: row.overdue_now,
        };
      }),
      nextCursor:
        rows.length > limit && last
          ? encodeCursor([last.due_at ? last.due_at.toISOString() : 'infinity', last.id])
          : null,
    };
  }

  /** 延期 / 挂账 requests in scope (pending by default), newest first. */
  async requests(actor: AuthUser, filter: TimeRequestFilter) {
    const limit = filter.limit ?? 20;
    const status = filter.status ?? 'pending';
    const cursor = filter.cursor ? decodeIdCursor(filter.cursor) : null;
    const rows: (TimeRequestRow & Record<string, unknown>)[] = await this.db.query(
      REQUESTS_SQL(scopeSql('t', '$1', actor.scopeCode)),
      [scopeParam(actor.scopeCode), STORED_STATUSES[status], status, filter.kind ?? null, cursor, limit + 1],
    );
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({
        ...timeRequestView(r, r.ticket_step_seq as number),
        ticket: {
          id: r.ticket_id,
          number: r.t_number,
          status: r.t_status,
          itemCode: r.t_item_code,
          gridCode: r.t_grid_code,
          level: r.t_level,
          dueAt: r.t_due_at,
          suspended: r.t_suspended_at !== null,
          assignee: r.t_assignee_id ? { id: r.t_assignee_id, displayName: r.t_assignee_name } : null,
        },
      })),
      nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
    };
  }
}

/**
 * Scope on the stored ancestor column that has an index (as TicketsService does): grid,
 * community and township scopes compare equal, wider ones by prefix.
 */
function scopeSql(alias: string, param: string, scopeCode: string): string {
  switch (levelOf(scopeCode)) {
    case 'grid':
      return `${alias}.grid_code = ${param}`;
    case 'community':
      return `${alias}.community_code = ${param}`;
    case 'township':
      return `${alias}.township_code = ${param}`;
    default:
      return `${alias}.org_code LIKE ${param}`;
  }
}

function scopeParam(scopeCode: string): string {
  const level = levelOf(scopeCode);
  return level === 'grid' || level === 'community' || level === 'township' ? scopeCode : scopeLikePattern(scopeCode);
}

const encodeCursor = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

function decodeParts(cursor: string, n: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === n && parts.every((p) => typeof p === 'string')) return parts;
  } catch {
    // fall through
  }
  throw invalidField('cursor', 'malformed', 'Invalid cursor');
}

function decodeDueCursor(cursor: string): { due: string; id: string } {
  const [due, id] = decodeParts(cursor, 2);
  if (!isUuid(id) || (due !== 'infinity' && Number.isNaN(Date.parse(due)))) {
    throw invalidField('cursor', 'malformed', 'Invalid cursor');
  }
  return { due, id };
}

function decodeIdCursor(cursor: string): string {
  const [id] = decodeParts(cursor, 1);
  if (!isUuid(id)) throw invalidField('cursor', 'malformed', 'Invalid cursor');
  return id;
}
