import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  invalidField,
  levelOf,
  OPEN_STATUSES,
  scopeLikePattern,
  seesPhoneInFull,
  shanghaiDate,
  STATUS_LABEL,
} from '@gridflow/domain';
import { PiiCipher } from './pii-cipher.js';
import { overdueSql } from './ticket-urgency.js';

export interface TicketExportQuery {
  /** first day, YYYY-MM-DD (Asia/Shanghai), inclusive; default: 29 days before `to` */
  from?: string;
  /** last day, YYYY-MM-DD (Asia/Shanghai), inclusive; default: today */
  to?: string;
  status?: string;
  gridCode?: string;
  itemCode?: string;
  /** over its step's due time now (as the ticket list's `overdue`) */
  overdue?: boolean;
}

export interface ExportColumn {
  header: string;
  key: string;
  width?: number;
  /** an Excel number format, for dates */
  numFmt?: string;
}

const DATE_TIME = 'yyyy-mm-dd hh:mm:ss';

/**
 * The sheet, in this order: what a supervisor files away (诉求内容, 地址, 办理结果, 办结时间,
 * 回访记录). The resident's phone is masked unless the exporting user may see it in full on
 * the ticket itself (libs/domain `seesPhoneInFull`: a supervisor); names are never exported.
 */
export const TICKET_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '工单编号', key: 'number', width: 18 },
  { header: '状态', key: 'status', width: 10 },
  { header: '事项编码', key: 'itemCode', width: 10 },
  { header: '事项名称', key: 'itemName', width: 24 },
  { header: '诉求内容', key: 'description', width: 48 },
  { header: '网格编码', key: 'gridCode', width: 18 },
  { header: '网格名称', key: 'gridName', width: 20 },
  { header: '地址', key: 'address', width: 30 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '层级', key: 'level', width: 8 },
  { header: '紧急', key: 'urgent', width: 6 },
  { header: '提交时间', key: 'createdAt', width: 20, numFmt: DATE_TIME },
  { header: '办理期限', key: 'dueAt', width: 20, numFmt: DATE_TIME },
  { header: '是否超期', key: 'overdue', width: 8 },
  { header: '升级次数', key: 'escalations', width: 8 },
  { header: '返工次数', key: 'reworkCount', width: 8 },
  { header: '处理人', key: 'assignee', width: 12 },
  { header: '办理结果', key: 'result', width: 36 },
  { header: '办结时间', key: 'resolvedAt', width: 20, numFmt: DATE_TIME },
  { header: '满意度', key: 'satisfaction', width: 10 },
  { header: '回访记录', key: 'callback', width: 40 },
];

// Status words: the six steps' (libs/domain STATUS_LABEL), as on every screen.
const STATUS_LABELS = STATUS_LABEL;
const LEVEL_LABELS: Record<string, string> = {
  grid: '网格',
  community: '社区',
  township: '街道',
  county: '区县',
  city: '市',
};
const SATISFACTION_LABELS: Record<string, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  neutral: '一般',
  dissatisfied: '不满意',
};

export const EXPORT_MAX_DAYS = 366;
export const EXPORT_DEFAULT_DAYS = 30;
const EXPORT_BATCH = 1000;
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface TicketExport {
  from: string;
  to: string;
  filename: string;
  columns: readonly ExportColumn[];
  /** read lazily, 1000 tickets per query, newest first */
  rows: AsyncIterable<Record<string, unknown>>;
}

/** 工单导出: the tickets filed in a period (Asia/Shanghai days), in the caller's scope, as sheet rows. */
@Injectable()
export class TicketExportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pii: PiiCipher,
  ) {}

  /** Checks the query (400 before anything is sent) and describes the export; rows are read as they are consumed. */
  plan(actor: AuthUser, query: TicketExportQuery, now = new Date()): TicketExport {
    const to = query.to ?? shanghaiDate(now);
    const toDay = parseDay('to', to);
    const fromDay = query.from ? parseDay('from', query.from) : toDay - (EXPORT_DEFAULT_DAYS - 1) * DAY_MS;
    const from = new Date(fromDay).toISOString().slice(0, 10);
    if (fromDay > toDay) throw invalidField('from', 'must not be after to');
    if ((toDay - fromDay) / DAY_MS + 1 > EXPORT_MAX_DAYS) {
      throw invalidField('to', `the period is at most ${EXPORT_MAX_DAYS} days`);
    }
    // Shanghai midnight of the first day up to Shanghai midnight after the last day.
    const start = new Date(fromDay - SHANGHAI_OFFSET_MS);
    const end = new Date(toDay + DAY_MS - SHANGHAI_OFFSET_MS);
    return {
      from,
      to,
      filename: `工单导出_${from}_${to}.xlsx`,
      columns: TICKET_EXPORT_COLUMNS,
      rows: this.rows(actor, query, start, end),
    };
  }

  private async *rows(actor: AuthUser, query: TicketExportQuery, start: Date, end: Date) {
    const params: unknown[] = [start, end];
    const where = ['t.created_at >= $1', 't.created_at < $2', scopeCondition(actor.scopeCode, params)];
    if (query.status === 'open') where.push(`t.status = ANY($${params.push(OPEN_STATUSES)})`);
    else if (query.status) where.push(`t.status = $${params.push(query.status)}`);
    if (query.gridCode) where.push(`t.grid_code = $${params.push(query.gridCode)}`);
    if (query.itemCode) where.push(`t.item_code = $${params.push(query.itemCode)}`);
    if (query.overdue !== undefined) where.push(`${overdueSql('t', 'now()')} = $${params.push(query.overdue)}`);
    const select = (keyset: string) => `
      SELECT t.id, t.number, t.status, t.item_code, i.name AS item_name, t.grid_code,
             -- 待定位: an unlocated request shows the unit it waits at
             CASE WHEN t.grid_code IS NULL THEN '待定位（' || g.name || '）' ELSE g.name END AS grid_name, t.level,
             t.urgent, t.created_at, t.due_at, t.escalations, t.rework_count, t.satisfaction,
             u.display_name AS assignee_name, t.assignee_id, t.description, t.location_address,
             t.reporter_phone_enc, t.reporter_phone_mask,
             res.comment AS result, res.at AS resolved_at,
             cb.type AS callback_type, cb.comment AS callback_comment, cb.data AS callback_data,
             t.overdue OR EXISTS (
               SELECT 1 FROM ticket_event e WHERE e.ticket_id = t.id
               AND (e.type = 'overdue' OR (e.type = 'escalated' AND e.actor_id IS NULL))
             ) AS ever_overdue
      FROM ticket t
      LEFT JOIN matter_item i ON i.code = t.item_code
      LEFT JOIN org_unit g ON g.code = t.org_code
      LEFT JOIN app_user u ON u.id = t.assignee_id
      -- The last 办结 and the last 督查兑单 (pass or rework) of each ticket: a backward walk of the
      -- ticket's own timeline on its primary key (ticket_id, seq), one row each.
      LEFT JOIN LATERAL (
        SELECT e.comment, e.at FROM ticket_event e
        WHERE e.ticket_id = t.id AND e.type = 'resolved' ORDER BY e.seq DESC LIMIT 1
      ) res ON true
      LEFT JOIN LATERAL (
        SELECT e.type, e.comment, e.data FROM ticket_event e
        WHERE e.ticket_id = t.id AND e.type IN ('verified', 'rework') ORDER BY e.seq DESC LIMIT 1
      ) cb ON true
      WHERE ${[...where, ...(keyset ? [keyset] : [])].join(' AND ')}
      ORDER BY t.created_at DESC, t.id DESC
      LIMIT ${EXPORT_BATCH}`;
    const first = select('');
    // Keyset on (created_at, id), the cursor row read back by its id: exact, whatever the timestamp precision.
    const next = select(
      `(t.created_at, t.id) < (SELECT c.created_at, c.id FROM ticket c WHERE c.id = $${params.length + 1})`,
    );
    let after: string | null = null;
    for (;;) {
      const batch: Record<string, unknown>[] = after
        ? await this.db.query(next, [...params, after])
        : await this.db.query(first, params);
      for (const r of batch) yield exportRow(r, this.phoneFor(actor, r));
      if (batch.length < EXPORT_BATCH) return;
      after = batch[batch.length - 1].id as string;
    }
  }

  /** The phone as this user sees it on the ticket itself: in full (decrypted) or masked (ticket-view's rule). */
  private phoneFor(actor: AuthUser, r: Record<string, unknown>): string | null {
    const enc = r.reporter_phone_enc as string | null;
    const mask = (r.reporter_phone_mask as string | null) ?? null;
    const ticket = {
      assigneeId: (r.assignee_id as string | null) ?? null,
      gridCode: (r.grid_code as string | null) ?? null,
      status: r.status as string,
    };
    if (enc && seesPhoneInFull(actor, ticket)) return this.pii.tryDecrypt(enc) ?? mask;
    return mask;
  }
}

/** YYYY-MM-DD → its UTC midnight in ms; 400 unless it is a real calendar date. */
function parseDay(field: string, value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw invalidField(field, 'must be a date YYYY-MM-DD');
  }
  return ms;
}

/**
 * The scope rule of every ticket list ("starts with scopeCode"), on the stored ancestor
 * column that has an index (created_at DESC, id DESC) behind it where there is one.
 */
function scopeCondition(scopeCode: string, params: unknown[]): string {
  const column = { grid: 'grid_code', community: 'community_code', township: 'township_code' }[
    levelOf(scopeCode) as string
  ];
  if (column) return `t.${column} = $${params.push(scopeCode)}`;
  return `t.org_code LIKE $${params.push(scopeLikePattern(scopeCode))}`;
}

/** Excel has no time zones: instants are written as Shanghai wall-clock times. */
const shanghaiWallClock = (at: unknown) => (at ? new Date(new Date(at as Date).getTime() + SHANGHAI_OFFSET_MS) : null);
const yesNo = (b: unknown) => (b ? '是' : '否');

const satisfactionLabel = (s: unknown) => (s ? (SATISFACTION_LABELS[s as string] ?? String(s)) : null);

/**
 * 回访记录 from the last 督查兑单 event, as one readable cell:
 * "督查通过；已电话回访到群众；满意度：满意；回访说明：……" (or 返工 / 未回访到群众 / 未记录回访).
 */
export function callbackRecord(type: unknown, data: unknown, comment: unknown): string | null {
  if (type !== 'verified' && type !== 'rework') return null;
  const d = (data ?? {}) as { callbackReached?: boolean | null; satisfaction?: string | null; callbackNote?: string };
  const parts = [type === 'verified' ? '督查通过' : '督查返工'];
  parts.push(
    d.callbackReached === true ? '已电话回访到群众' : d.callbackReached === false ? '未回访到群众' : '未记录回访',
  );
  const satisfaction = satisfactionLabel(d.satisfaction);
  if (satisfaction) parts.push(`满意度：${satisfaction}`);
  const note = (d.callbackNote ?? comment ?? '').toString().trim();
  if (note) parts.push(`回访说明：${note}`);
  return parts.join('；');
}

function exportRow(r: Record<string, unknown>, phone: string | null): Record<string, unknown> {
  return {
    number: r.number,
    status: STATUS_LABELS[r.status as string] ?? r.status,
    itemCode: r.item_code,
    itemName: r.item_name,
    description: r.description,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    address: r.location_address ?? null,
    phone,
    level: LEVEL_LABELS[r.level as string] ?? r.level,
    urgent: yesNo(r.urgent),
    createdAt: shanghaiWallClock(r.created_at),
    dueAt: shanghaiWallClock(r.due_at),
    overdue: yesNo(r.ever_overdue),
    escalations: r.escalations,
    reworkCount: r.rework_count,
    assignee: r.assignee_name ?? null,
    result: r.result ?? null,
    resolvedAt: shanghaiWallClock(r.resolved_at),
    satisfaction: satisfactionLabel(r.satisfaction),
    callback: callbackRecord(r.callback_type, r.callback_data, r.callback_comment),
  };
}
