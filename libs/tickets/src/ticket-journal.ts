import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser, OrgLevel, TicketEventType, TicketStatus } from '@gridflow/domain';
import { type OutboxTicketEvent, OutboxTopic, outboxInsertSql, type PayloadSql } from '@gridflow/queue';
import type { Satisfaction, TicketChannel } from './ticket.entity.js';
import type { TicketRow, TicketRowWithAssignee } from './ticket-rows.js';

/** The part of pg's Pool the journal uses for its prepared statements. */
interface PreparingPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** A bound on the prepared statements a connection keeps (the journal's texts number a few dozen). */
const MAX_PREPARED = 200;
/** PostgreSQL's "cached plan must not change result type" */
const CACHED_PLAN_CHANGED_TYPE = '0A000';

/** Anything that runs a query: the DataSource, or a transaction's EntityManager. */
export type JournalDb = Pick<EntityManager, 'query'>;

/** What the write expects the ticket to be; nothing is written when it is not (→ 409 for a person). */
export interface ExpectedTicket {
  id: string;
  status?: TicketStatus;
  /** The version the decision was taken on; absent: any version. */
  version?: number | null;
  stepSeq?: number;
  stepEscalations?: number;
  level?: OrgLevel;
  /** 挂账: true, the step's clock is stopped; false, it runs. */
  suspended?: boolean;
  /** true: the ticket has no grid yet (unlocated); false: it has one. */
  unlocated?: boolean;
  /** 黄灯 due: not warned yet and warn_at reached (by the database's clock). */
  warningDue?: true;
  /** The next escalation is due (by the database's clock). */
  escalationDue?: true;
}

/** A new step starts: its own deadlines and escalation count; old timers become no-ops; 挂账 ends. */
export interface NewStep {
  dueAt: Date | null;
  warnAt: Date | null;
}

/** Columns of `ticket` a write sets. Absent: kept. */
export interface TicketChanges {
  status?: TicketStatus;
  assigneeId?: string | null;
  /** 职能部门: the department the ticket is with (null: none) */
  departmentCode?: string | null;
  level?: OrgLevel;
  reworkCount?: number;
  satisfaction?: Satisfaction;
  /** Added to the ticket's escalation count. */
  escalationsAdded?: number;
  stepEscalations?: number;
  newStep?: NewStep;
  dueAt?: Date | null;
  warnAt?: Date | null;
  nextEscalationAt?: Date | null;
  warning?: boolean;
  overdue?: boolean;
  /** 挂账 starts (the time left of the step), or (null) ends. */
  suspension?: { remainingSeconds: number | null } | null;
  /** An unlocated ticket placed: its grid (and unit), and the point when one was given. */
  located?: { gridCode: string; point: { lng: number; lat: number } | null };
}

/** The timeline event of a write (and so its outbox row). */
export interface JournalEvent {
  type: TicketEventType;
  /** Absent or null: the system (timers, auto-dispatch, residents). */
  actor?: Pick<AuthUser, 'id' | 'role' | 'displayName'> | null;
  comment?: string | null;
  data?: Record<string, unknown>;
  attachments?: string[];
}

/** 督办: an escalation's supervision record. */
export interface SupervisionRecord {
  kind: 'auto' | 'manual';
  reason: string;
  fromLevel: OrgLevel;
  /** auto: the level it goes to and the escalation number of the step (the unique key). */
  toLevel?: OrgLevel;
  escalationNo?: number;
  actorId?: string | null;
}

/** A 延期/挂账 request row written with the change: a new one, a decision on one, or its end. */
export type TimeRequestRowChange =
  | {
      op: 'insert';
      kind: string;
      reason: string;
      requestedDueAt: Date | null;
      requestedBy: string;
    }
  | { op: 'decide'; requestId: string; status: 'approved' | 'refused'; decidedBy: string; note: string | null }
  | { op: 'end-suspension'; requestId: string };

/**
 * Rows that must be written for the change to happen at all: with one of these, the ticket row
 * is locked (if it is as expected), the row is written, and the ticket only changes when it was.
 * A conflict (the step's n-th 督办 exists, the request is no longer pending, the resident rated
 * already) means zero rows, and nothing is written.
 */
export type GateRow =
  | { table: 'supervision'; row: SupervisionRecord & { kind: 'auto'; toLevel: OrgLevel; escalationNo: number } }
  | { table: 'time_request'; row: TimeRequestRowChange }
  | { table: 'ticket_rating'; row: { satisfaction: Satisfaction; comment: string | null } };

export interface TicketWrite {
  expect: ExpectedTicket;
  changes: TicketChanges;
  event: JournalEvent;
  /** When the change happens (updated_at, the event's time, a new step's start); absent: the database's now(). */
  at?: Date;
  gate?: GateRow;
  /** 报大事: the manual escalation's 督办 record, written after the change. */
  supervision?: SupervisionRecord;
  /** Attachments linked to the ticket (those of the event). */
  linkAttachments?: boolean;
}

/** The changed ticket row, with `assignee_name` (and `request_id` after a time request). */
export interface WrittenTicketRow extends TicketRowWithAssignee {
  request_id?: string;
}

export interface NewTicketRow {
  /** The Shanghai day of the daily counter (YYYY-MM-DD) and the number's prefix (YYYYMMDD). */
  day: string;
  numberPrefix: string;
  trackingCode: string;
  itemCode: string;
  /** null: unlocated, waiting at `orgCode` */
  gridCode: string | null;
  /** the unit the ticket is at (= gridCode when it has one) */
  orgCode: string;
  /** the level it starts at: grid, or the level of the unit an unlocated ticket waits at */
  level: OrgLevel;
  description: string;
  locationLng: number | null;
  locationLat: number | null;
  locationAddress: string | null;
  urgent: boolean;
  channel: TicketChannel;
  reporterName: string | null;
  reporterPhoneEnc: string | null;
  reporterPhoneMask: string | null;
  filedBy: string | null;
  step: NewStep;
  /**
   * true: file only if `gridCode` names an active grid (the filer named it; nothing else has
   * checked it). When it does not, nothing is written — not even the daily counter — and
   * `file` returns undefined.
   */
  gridMustBeActive?: boolean;
}

export interface EscalationDue {
  id: string;
  stepSeq: number;
  n: number;
  fromLevel: OrgLevel;
  toLevel: OrgLevel;
  nextEscalationAt: Date | null;
  reason: string;
  data: Record<string, unknown>;
}

/** Numbered parameters, bound in order: no value ever enters the SQL text. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** SQL expressions (parameters or columns of the changed rows) of a timeline event. */
interface EventColumns {
  type: string;
  at: string;
  actorId: string;
  actorRole: string;
  actorName: string;
  from: string;
  to: string;
  comment: string;
  data: string;
  attachments: string;
}

/**
 * The timeline event and the outbox row of every changed ticket row in `src` (which returns
 * `ticket.*`): the one place the outbox payload (TicketEventPayload) is built.
 */
function timelineAndOutbox(src: string, e: EventColumns, p: Params, from = src): string {
  const payload: PayloadSql<OutboxTicketEvent> = {
    ticketId: `${src}.id`,
    seq: `${src}.last_seq`,
    type: e.type,
    fromStatus: e.from,
    toStatus: e.to,
    level: `${src}.level`,
    gridCode: `${src}.grid_code`,
    orgCode: `${src}.org_code`,
  };
  return `
  , journal_event AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, actor_id, actor_role, actor_name, from_status, to_status, comment, data, attachments)
    SELECT ${src}.id, ${src}.last_seq, ${e.type}, ${e.at}, ${e.actorId}, ${e.actorRole}, ${e.actorName}, ${e.from}, ${e.to},
           ${e.comment}, ${e.data}, ${e.attachments}
    FROM ${from}
  ), journal_outbox AS (
    ${outboxInsertSql(p.add(OutboxTopic.TicketEvent, 'text'), payload, from)}
  )`;
}

/** The event columns of one write whose values are known (parameters). */
function eventParams(e: JournalEvent, at: string, from: string, to: string, p: Params): EventColumns {
  const attachments = e.attachments ?? [];
  return {
    type: p.add(e.type, 'text'),
    at,
    actorId: p.add(e.actor?.id ?? null, 'uuid'),
    actorRole: p.add(e.actor?.role ?? null, 'text'),
    actorName: p.add(e.actor?.displayName ?? null, 'text'),
    from,
    to,
    comment: p.add(e.comment ?? null, 'text'),
    data: p.add(JSON.stringify(e.data ?? {}), 'jsonb'),
    attachments: p.add(attachments, 'uuid[]'),
  };
}

/** The WHERE conditions of what a write expects (columns of `ticket`, unqualified). */
function expected(x: ExpectedTicket, p: Params, t = 'ticket'): string {
  const c = [`${t}.id = ${p.add(x.id, 'uuid')}`];
  if (x.status !== undefined) c.push(`${t}.status = ${p.add(x.status, 'text')}`);
  if (x.version !== undefined && x.version !== null) c.push(`${t}.version = ${p.add(x.version, 'int')}`);
  if (x.stepSeq !== undefined) c.push(`${t}.step_seq = ${p.add(x.stepSeq, 'int')}`);
  if (x.stepEscalations !== undefined) c.push(`${t}.step_escalations = ${p.add(x.stepEscalations, 'int')}`);
  if (x.level !== undefined) c.push(`${t}.level = ${p.add(x.level, 'text')}`);
  if (x.suspended !== undefined) c.push(`${t}.suspended_at IS ${x.suspended ? 'NOT ' : ''}NULL`);
  if (x.unlocated !== undefined) c.push(`${t}.grid_code IS ${x.unlocated ? '' : 'NOT '}NULL`);
  if (x.warningDue) c.push(`NOT ${t}.warning AND ${t}.warn_at <= now()`);
  if (x.escalationDue) c.push(`${t}.next_escalation_at <= now()`);
  return c.join(' AND ');
}

/** The SET list of a change (always: the next timeline seq, a new version, updated_at). */
function assignments(c: TicketChanges, at: string, p: Params): string {
  const s: string[] = [];
  if (c.status !== undefined) s.push(`status = ${p.add(c.status, 'text')}`);
  if (c.assigneeId !== undefined) s.push(`assignee_id = ${p.add(c.assigneeId, 'uuid')}`);
  if (c.departmentCode !== undefined) s.push(`department_code = ${p.add(c.departmentCode, 'text')}`);
  if (c.level !== undefined) s.push(`level = ${p.add(c.level, 'text')}`);
  if (c.reworkCount !== undefined) s.push(`rework_count = ${p.add(c.reworkCount, 'int')}`);
  if (c.satisfaction !== undefined) s.push(`satisfaction = ${p.add(c.satisfaction, 'text')}`);
  if (c.escalationsAdded) s.push(`escalations = ticket.escalations + ${p.add(c.escalationsAdded, 'int')}`);
  if (c.newStep) {
    // A new step: its own deadlines, its own escalation count, and old timers become no-ops;
    // 挂账 ends with the step it paused (its requests are then past: time_request.step_seq differs).
    const due = p.add(c.newStep.dueAt, 'timestamptz');
    s.push(
      `step_started_at = ${at}`,
      `due_at = ${due}`,
      `warn_at = ${p.add(c.newStep.warnAt, 'timestamptz')}`,
      `next_escalation_at = ${due}`,
      `step_seq = ticket.last_seq + 1`,
      `step_escalations = 0`,
      `suspended_at = NULL`,
      `suspended_remaining_seconds = NULL`,
      `warning = false`,
      `overdue = false`,
    );
  }
  if (c.stepEscalations !== undefined) s.push(`step_escalations = ${p.add(c.stepEscalations, 'int')}`);
  if (c.dueAt !== undefined) s.push(`due_at = ${p.add(c.dueAt, 'timestamptz')}`);
  if (c.warnAt !== undefined) s.push(`warn_at = ${p.add(c.warnAt, 'timestamptz')}`);
  if (c.nextEscalationAt !== undefined) s.push(`next_escalation_at = ${p.add(c.nextEscalationAt, 'timestamptz')}`);
  if (c.warning !== undefined) s.push(`warning = ${p.add(c.warning, 'boolean')}`);
  if (c.overdue !== undefined) s.push(`overdue = ${p.add(c.overdue, 'boolean')}`);
  if (c.suspension === null) s.push(`suspended_at = NULL`, `suspended_remaining_seconds = NULL`);
  else if (c.suspension) {
    s.push(`suspended_at = ${at}`, `suspended_remaining_seconds = ${p.add(c.suspension.remainingSeconds, 'int')}`);
  }
  if (c.located) {
    const grid = p.add(c.located.gridCode, 'text');
    s.push(`grid_code = ${grid}`, `org_code = ${grid}`);
    if (c.located.point) {
      s.push(
        `location_lng = ${p.add(c.located.point.lng, 'float8')}`,
        `location_lat = ${p.add(c.located.point.lat, 'float8')}`,
      );
    }
  }
  s.push(`last_seq = ticket.last_seq + 1`, `version = ticket.version + 1`, `updated_at = ${at}`);
  return s.join(', ');
}

/** The gate row's statement, from the locked ticket `cur`; returns the row (and its ticket_id). */
function gateSql(g: GateRow, x: ExpectedTicket, at: string, p: Params): string {
  switch (g.table) {
    case 'supervision': {
      const r = g.row;
      return `
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason)
    SELECT cur.id, cur.step_seq, ${p.add(r.escalationNo, 'int')}, 'auto', cur.status, ${p.add(r.fromLevel, 'text')},
           ${p.add(r.toLevel, 'text')}, ${p.add(r.reason, 'text')} FROM cur
    ON CONFLICT DO NOTHING RETURNING ticket_id`;
    }
    case 'ticket_rating':
      return `
    INSERT INTO ticket_rating (ticket_id, satisfaction, comment)
    SELECT cur.id, ${p.add(g.row.satisfaction, 'text')}, ${p.add(g.row.comment, 'text')} FROM cur
    ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`;
    case 'time_request': {
      const r = g.row;
      const step = x.stepSeq === undefined ? 'cur.step_seq' : p.add(x.stepSeq, 'int');
      if (r.op === 'insert') {
        return `
    INSERT INTO time_request (ticket_id, kind, step_seq, reason, requested_due_at, requested_by, created_at)
    SELECT cur.id, ${p.add(r.kind, 'text')}, ${step}, ${p.add(r.reason, 'text')}, ${p.add(r.requestedDueAt, 'timestamptz')},
           ${p.add(r.requestedBy, 'uuid')}, ${at} FROM cur
    RETURNING *`;
      }
      if (r.op === 'decide') {
        return `
    UPDATE time_request SET status = ${p.add(r.status, 'text')}, decided_by = ${p.add(r.decidedBy, 'uuid')},
      decided_at = ${at}, decision_note = ${p.add(r.note, 'text')}
    FROM cur WHERE time_request.id = ${p.add(r.requestId, 'uuid')} AND time_request.ticket_id = cur.id
      AND time_request.status = 'pending' AND time_request.step_seq = ${step}
    RETURNING time_request.*`;
      }
      return `
    UPDATE time_request SET status = 'ended', ended_at = ${at}
    FROM cur WHERE time_request.id = ${p.add(r.requestId, 'uuid')} AND time_request.ticket_id = cur.id
      AND time_request.status = 'approved' AND time_request.kind = 'suspension' AND time_request.step_seq = ${step}
    RETURNING time_request.*`;
    }
  }
}

/**
 * THE writer of ticket state. Every change of a ticket — filing, the flow's actions,
 * auto-dispatch, deadlines (黄灯, 红灯, 督办), 延期/挂账, residents' ratings — is ONE
 * statement built here from named fields: a compare-and-set on what the decision read
 * (`expect`), the changes, the timeline event, its outbox row (the payload is built in one
 * place, `timelineAndOutbox`) and the rows that go with it (督办 records, attachment links,
 * time requests, ratings). One statement is one implicit transaction: all of it commits, or
 * nothing (zero rows back: the ticket was not as expected). Values are always bound
 * parameters. The seal (ticket-seal.service.ts) only adds a hash to an archived ticket and
 * writes no event; it too writes through here.
 */
@Injectable()
export class TicketJournal {
  /** SQL text → its prepared statement's name */
  private readonly prepared = new Map<string, string>();
  /** Raised when the database refused the prepared statements (a table changed shape): new names. */
  private generation = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs a filing or a transition. Outside a transaction it goes to the connection pool as a
   * named prepared statement, so PostgreSQL parses and plans the journal's CTE once per
   * connection instead of on every action — parsing and planning were about half of its time
   * in PostgreSQL (docs/profiles/lifecycle.md). The texts are few: values are always parameters,
   * and a text varies only with which columns a change sets. In a transaction (`db` is its
   * EntityManager) it runs there, unprepared.
   */
  private async run<T>(db: JournalDb, text: string, values: unknown[]): Promise<T[]> {
    const pool = (this.db.driver as unknown as { master?: PreparingPool }).master;
    const outside = db === this.db || db === this.db.manager;
    const name = this.statementName(text);
    if (!outside || !pool || !name) return db.query(text, values);
    try {
      return (await pool.query({ name, text, values })).rows as T[];
    } catch (err) {
      // A migration changed a table these statements return (`RETURNING ticket.*`) while this
      // process ran — a rolling deploy: PostgreSQL refuses the statements prepared before it
      // ("cached plan must not change result type", 0A000, raised before anything is written).
      // Every statement gets a new name, so each connection prepares it afresh, and this runs again.
      if ((err as { code?: string }).code !== CACHED_PLAN_CHANGED_TYPE) throw err;
      this.generation++;
      this.prepared.clear();
      const again = this.statementName(text);
      return again ? ((await pool.query({ name: again, text, values })).rows as T[]) : db.query(text, values);
    }
  }

  /**
   * Another statement of the hot path (the seal's timeline read, a dispatch's assignee check,
   * a filing's possible duplicates), prepared like the journal's own outside a transaction.
   * Its text must be fixed, with every value a parameter: each text is a statement on every
   * pooled connection (at most MAX_PREPARED in all; past that, unprepared).
   */
  async query<T>(text: string, values: unknown[], db: JournalDb = this.db): Promise<T[]> {
    return this.run<T>(db, text, values);
  }

  private statementName(text: string): string | undefined {
    let name = this.prepared.get(text);
    if (!name && this.prepared.size < MAX_PREPARED) {
      name = `journal_${this.generation}_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.prepared.set(text, name);
    }
    return name;
  }

  /**
   * One change of one ticket. Returns the changed ticket row (with `assignee_name`, and
   * `request_id` after a time request), or undefined when the ticket was not as expected or
   * the gate row could not be written.
   */
  async write(w: TicketWrite, db: JournalDb = this.db): Promise<WrittenTicketRow | undefined> {
    const p = new Params();
    const at = w.at ? p.add(w.at, 'timestamptz') : 'now()';
    const ctes: string[] = [];
    let changedFrom: string;
    if (w.gate) {
      // Lock the row if it is as expected, write the gate row, then change the ticket only where it was written.
      ctes.push(`cur AS (SELECT id, status, step_seq FROM ticket WHERE ${expected(w.expect, p)} FOR UPDATE)`);
      ctes.push(`gate AS (${gateSql(w.gate, w.expect, at, p)}\n  )`);
      changedFrom = `FROM gate WHERE ticket.id = gate.ticket_id`;
    } else {
      changedFrom = `WHERE ${expected(w.expect, p)}`;
    }
    ctes.push(`changed AS (
    UPDATE ticket SET ${assignments(w.changes, at, p)}
    ${changedFrom}
    RETURNING ticket.*
  )`);
    const from = w.expect.status !== undefined ? p.add(w.expect.status, 'text') : 'changed.status';
    const to = w.changes.status !== undefined ? p.add(w.changes.status, 'text') : 'changed.status';
    const event = eventParams(w.event, at, from, to, p);
    const isRequest = w.gate?.table === 'time_request';
    // A time request's events name the request.
    if (isRequest) event.data = `${event.data} || jsonb_build_object('requestId', gate.id)`;
    let sql = `WITH ${ctes.join(', ')}${timelineAndOutbox('changed', event, p, isRequest ? 'changed, gate' : 'changed')}`;
    if (w.linkAttachments && (w.event.attachments?.length ?? 0) > 0) {
      sql += `, journal_links AS (
    INSERT INTO ticket_attachment (ticket_id, attachment_id)
    SELECT changed.id, a FROM changed, unnest(${event.attachments}) a ON CONFLICT DO NOTHING
  )`;
    }
    if (w.supervision) {
      const s = w.supervision;
      // 报大事: a manual escalation is a 督办 record like an automatic one.
      sql += `, journal_supervision AS (
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason, actor_id)
    SELECT id, step_seq, escalations, ${p.add(s.kind, 'text')}, status, ${p.add(s.fromLevel, 'text')}, level,
           ${p.add(s.reason, 'text')}, ${p.add(s.actorId ?? null, 'uuid')} FROM changed
  )`;
    }
    sql += `
  SELECT changed.*, u.display_name AS assignee_name, d.name AS department_name${isRequest ? ', gate.id AS request_id' : ''}
  FROM changed${isRequest ? ' CROSS JOIN gate' : ''} LEFT JOIN app_user u ON u.id = changed.assignee_id
  LEFT JOIN department d ON d.code = changed.department_code`;
    const [row] = await this.run<WrittenTicketRow>(db, sql, p.values);
    return row;
  }

  /**
   * 群众点单: a new ticket, its number from the daily counter (the counter row stays locked —
   * numbers are gap-free — only from here to the commit), the `filed` event, its outbox row and
   * the attachment links. Returns the new ticket row (undefined: `gridMustBeActive` and the
   * grid is not active or not there).
   */
  async file(
    t: NewTicketRow,
    event: {
      at: Date;
      actor: Pick<AuthUser, 'id' | 'role' | 'displayName'> | null;
      data: Record<string, unknown>;
      attachments: string[];
    },
    db: JournalDb = this.db,
  ): Promise<TicketRow | undefined> {
    const p = new Params();
    const at = p.add(event.at, 'timestamptz');
    const due = p.add(t.step.dueAt, 'timestamptz');
    const submitted: TicketStatus = 'submitted';
    const status = p.add(submitted, 'text');
    const cols = [
      `${p.add(t.numberPrefix, 'text')} || lpad(counter.last::text, 6, '0')`,
      p.add(t.trackingCode, 'text'),
      status,
      p.add(t.itemCode, 'text'),
      p.add(t.gridCode, 'text'),
      p.add(t.orgCode, 'text'),
      p.add(t.level, 'text'),
      p.add(t.description, 'text'),
      p.add(t.locationLng, 'float8'),
      p.add(t.locationLat, 'float8'),
      p.add(t.locationAddress, 'text'),
      p.add(t.urgent, 'boolean'),
      p.add(t.channel, 'text'),
      p.add(t.reporterName, 'text'),
      p.add(t.reporterPhoneEnc, 'text'),
      p.add(t.reporterPhoneMask, 'text'),
      p.add(t.filedBy, 'uuid'),
      at,
      due,
      p.add(t.step.warnAt, 'timestamptz'),
      due,
      '1',
      '1',
      at,
      at,
    ];
    const e = eventParams(
      { type: 'filed', actor: event.actor, data: event.data, attachments: event.attachments },
      at,
      'NULL::text',
      status,
      p,
    );
    const sql = `
  WITH counter AS (
    INSERT INTO ticket_number_counter (day, last) SELECT ${p.add(t.day, 'date')}, 1${
      t.gridMustBeActive
        ? ` WHERE EXISTS (SELECT 1 FROM grid WHERE code = ${p.add(t.gridCode, 'text')} AND status = 'active')`
        : ''
    }
    ON CONFLICT (day) DO UPDATE SET last = ticket_number_counter.last + 1 RETURNING last
  ), filed AS (
    INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, org_code, level, description,
                        location_lng, location_lat, location_address, urgent, channel, reporter_name,
                        reporter_phone_enc, reporter_phone_mask, filed_by, step_started_at, due_at,
                        warn_at, next_escalation_at, step_seq, last_seq, created_at, updated_at)
    SELECT ${cols.join(', ')}
    FROM counter
    RETURNING *
  )${timelineAndOutbox('filed', e, p)}, journal_links AS (
    INSERT INTO ticket_attachment (ticket_id, attachment_id)
    SELECT filed.id, a FROM filed, unnest(${e.attachments}) a ON CONFLICT DO NOTHING
  )
  SELECT * FROM filed`;
    const [row] = await this.run<TicketRow>(db, sql, p.values);
    return row;
  }

  /** 黄灯 of every due ticket in `statuses`, a batch at a time; rows another process holds are skipped, not waited for. */
  async warnDue(statuses: readonly TicketStatus[], limit: number, db: JournalDb = this.db): Promise<number> {
    const p = new Params();
    const sql = `
  WITH due AS (
    SELECT id FROM ticket WHERE status = ANY(${p.add(statuses, 'text[]')}) AND NOT warning AND warn_at <= now()
    ORDER BY warn_at LIMIT ${p.add(limit, 'int')} FOR UPDATE SKIP LOCKED
  ), changed AS (
    UPDATE ticket SET warning = true, last_seq = ticket.last_seq + 1, version = ticket.version + 1, updated_at = now()
    FROM due WHERE ticket.id = due.id
    RETURNING ticket.*
  )${timelineAndOutbox('changed', this.systemEvent('warning', `'{}'::jsonb`, p), p)}
  SELECT count(*)::int AS n FROM changed`;
    const [{ n }]: { n: number }[] = await db.query(sql, p.values);
    return n;
  }

  /**
   * A batch of escalations decided in code (levels, next times), applied in one statement.
   * Each row's 督办 record (unique per ticket, step and n) decides whether it happens.
   */
  async escalateMany(rows: EscalationDue[], db: JournalDb = this.db): Promise<number> {
    if (rows.length === 0) return 0;
    const p = new Params();
    const sql = `
  WITH input AS (
    SELECT * FROM unnest(${p.add(
      rows.map((r) => r.id),
      'uuid[]',
    )}, ${p.add(
      rows.map((r) => r.stepSeq),
      'int[]',
    )}, ${p.add(
      rows.map((r) => r.n),
      'int[]',
    )}, ${p.add(
      rows.map((r) => r.fromLevel),
      'text[]',
    )}, ${p.add(
      rows.map((r) => r.toLevel),
      'text[]',
    )}, ${p.add(
      rows.map((r) => r.nextEscalationAt),
      'timestamptz[]',
    )}, ${p.add(
      rows.map((r) => r.reason),
      'text[]',
    )}, ${p.add(
      rows.map((r) => JSON.stringify(r.data)),
      'jsonb[]',
    )})
      AS x(id, step_seq, n, from_level, to_level, next_at, reason, data)
  ), sup AS (
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason)
    SELECT i.id, i.step_seq, i.n, 'auto', t.status, i.from_level, i.to_level, i.reason
    FROM input i JOIN ticket t ON t.id = i.id
    ON CONFLICT DO NOTHING RETURNING ticket_id
  ), changed AS (
    UPDATE ticket SET level = i.to_level, overdue = true, warning = true, escalations = ticket.escalations + 1,
      step_escalations = i.n, next_escalation_at = i.next_at, last_seq = ticket.last_seq + 1,
      version = ticket.version + 1, updated_at = now()
    FROM input i JOIN sup ON sup.ticket_id = i.id
    WHERE ticket.id = i.id AND ticket.step_seq = i.step_seq AND ticket.step_escalations = i.n - 1
    RETURNING ticket.*, i.data AS e_data
  )${timelineAndOutbox('changed', this.systemEvent('escalated', 'e_data', p), p)}
  SELECT count(*)::int AS n FROM changed`;
    const [{ n }]: { n: number }[] = await db.query(sql, p.values);
    return n;
  }

  /** 归档封存: the seal of an archived ticket's timeline (no event: the seal is over the timeline). */
  /**
   * The archive seal, stored only if the ticket is still archived, unsealed, and its timeline
   * ends at `lastSeq` (the one the hash was computed over). False: nothing stored.
   */
  async seal(ticketId: string, hash: string, lastSeq: number, db: JournalDb = this.db): Promise<boolean> {
    const rows = await this.run(
      db,
      `UPDATE ticket SET sealed_hash = $2, sealed_at = now()
        WHERE id = $1 AND status = 'archived' AND sealed_hash IS NULL AND last_seq = $3 RETURNING 1 AS sealed`,
      [ticketId, hash, lastSeq],
    );
    return rows.length === 1;
  }

  /** A first-release seal replaced by its HMAC form (the sealing time kept). */
  async upgradeSeal(ticketId: string, hash: string, db: JournalDb = this.db): Promise<void> {
    await db.query(`UPDATE ticket SET sealed_hash = $2 WHERE id = $1`, [ticketId, hash]);
  }

  /** A timer's event on rows of `changed`: no actor, the status kept, its data a column of the rows. */
  private systemEvent(type: TicketEventType, dataColumn: string, p: Params): EventColumns {
    return {
      type: p.add(type, 'text'),
      at: 'now()',
      actorId: 'NULL::uuid',
      actorRole: 'NULL::text',
      actorName: 'NULL::text',
      from: 'changed.status',
      to: 'changed.status',
      comment: 'NULL::text',
      data: dataColumn,
      attachments: `'{}'::uuid[]`,
    };
  }
}
