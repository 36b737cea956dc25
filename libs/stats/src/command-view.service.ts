import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  inScope,
  invalidField,
  levelOf,
  notFound,
  OPEN_STATUSES,
  scopeLikePattern,
} from '@gridflow/domain';

/** How 指挥中心 groups the open tickets: by county (a city's view) or by township. */
export const COMMAND_BY = ['county', 'township'] as const;
export type CommandBy = (typeof COMMAND_BY)[number];
const CODE_LENGTH: Record<CommandBy, number> = { county: 6, township: 9 };

export interface OpenTicketsRow {
  key: string;
  name: string | null;
  open: number;
  overdue: number;
  warning: number;
}

export interface EscalationView {
  /** the escalation's own id (one per escalation, auto or manual) */
  id: string;
  ticketId: string;
  number: string;
  gridCode: string | null;
  gridName: string | null;
  itemCode: string;
  itemName: string | null;
  kind: 'auto' | 'manual';
  fromLevel: string;
  toLevel: string;
  reason: string | null;
  at: string;
}

/**
 * 指挥中心: what is open and late right now, read from the tickets themselves (not the period's
 * rollups), and the escalations (督办) as they come.
 */
@Injectable()
export class CommandViewService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Open tickets, 超时 and 临期 among them, per county or township of the scope (units with none included). */
  async openTickets(actor: AuthUser, scopeCode: string | undefined, by: CommandBy) {
    const scope = this.scope(actor, scopeCode);
    const len = CODE_LENGTH[by];
    if (len < scope.length) throw invalidField('by', `cannot break a ${levelOf(scope)} down by ${by}`);
    const rows: { key: string; name: string | null; open: number; overdue: number; warning: number }[] =
      await this.db.query(
        `SELECT u.code AS key, u.name,
                count(t.id)::int AS open,
                count(t.id) FILTER (WHERE t.overdue)::int AS overdue,
                count(t.id) FILTER (WHERE t.warning AND NOT t.overdue)::int AS warning
         FROM org_unit u
         LEFT JOIN ticket t ON left(t.org_code, ${len}) = u.code AND t.status = ANY($3)
         WHERE u.code LIKE $1 AND length(u.code) = $2
         GROUP BY u.code, u.name ORDER BY overdue DESC, open DESC, u.code`,
        [scopeLikePattern(scope), len, [...OPEN_STATUSES]],
      );
    const total = rows.reduce(
      (sum, r) => ({ open: sum.open + r.open, overdue: sum.overdue + r.overdue, warning: sum.warning + r.warning }),
      { open: 0, overdue: 0, warning: 0 },
    );
    return { scopeCode: scope, by, total, rows: rows satisfies OpenTicketsRow[] };
  }

  /**
   * Escalations of tickets in scope, newest first; `since`: only later ones (what a poll has not
   * seen), compared at the millisecond the answers carry.
   */
  async escalations(actor: AuthUser, since: Date | undefined, limit: number): Promise<{ items: EscalationView[] }> {
    const rows: (Omit<EscalationView, 'at'> & { at: Date })[] = await this.db.query(
      `SELECT s.id, s.ticket_id AS "ticketId", t.number, t.grid_code AS "gridCode", g.name AS "gridName",
              t.item_code AS "itemCode", i.name AS "itemName", s.kind, s.from_level AS "fromLevel",
              s.to_level AS "toLevel", s.reason, s.at
       FROM supervision s
       JOIN ticket t ON t.id = s.ticket_id
       LEFT JOIN org_unit g ON g.code = t.grid_code
       LEFT JOIN matter_item i ON i.code = t.item_code
       WHERE t.org_code LIKE $1 AND ($2::timestamptz IS NULL OR date_trunc('milliseconds', s.at) > $2)
       ORDER BY s.at DESC, s.id DESC
       LIMIT $3`,
      [scopeLikePattern(actor.scopeCode), since ?? null, limit],
    );
    return { items: rows.map((r) => ({ ...r, number: String(r.number), at: new Date(r.at).toISOString() })) };
  }

  private scope(actor: AuthUser, scopeCode: string | undefined): string {
    const scope = scopeCode ?? actor.scopeCode;
    if (!levelOf(scope) || !inScope(actor.scopeCode, scope)) throw notFound('Scope');
    return scope;
  }
}
