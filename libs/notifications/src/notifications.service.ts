import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { keysetPage, type PageQuery } from '@gridflow/database';
import {
  ancestorCodesOf,
  type AuthUser,
  isNotifyingEvent,
  isUuid,
  notFound,
  notificationAudiences,
  type NotifyingEvent,
  type OrgLevel,
  type Role,
  supervisingUnit,
} from '@gridflow/domain';
import type { TicketEventPayload } from '@gridflow/queue';
import { notificationText } from './notification-messages.js';
import { Notification, notificationView, notificationViewOfRow, type NotificationView } from './notification.entity.js';
import { NotificationStream } from './notification-stream.service.js';

const BACKLOG_LIMIT = 100;

export interface NewNotification {
  type: string;
  ticketId: string | null;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  /** one notification per user and key, however often it is sent */
  dedupeKey: string;
}

export interface NotificationFilter extends PageQuery {
  /** true: unread only; false: read only; absent: all */
  unread?: boolean;
}

interface EventRow {
  actor_id: string | null;
  data: Record<string, unknown>;
  comment: string | null;
}

/** What a notification says of its ticket. */
interface NotifiedTicket {
  number: string;
  description: string;
  assignee_id: string | null;
  item_name: string | null;
}

/**
 * The inbox. Ticket events become notifications for the people who must act or know
 * (NOTIFICATION_RULES in libs/domain says who); each is inserted once per user and event
 * (`${ticketId}:${seq}:${type}`), so a re-delivered event changes nothing, then published
 * for the live streams of the API processes.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    private readonly stream: NotificationStream,
  ) {}

  async onTicketEvent(e: TicketEventPayload): Promise<void> {
    if (!isNotifyingEvent(e.type)) return;
    const [[event], [ticket]] = await Promise.all([
      this.db.query(`SELECT actor_id, data, comment FROM ticket_event WHERE ticket_id = $1 AND seq = $2`, [
        e.ticketId,
        e.seq,
      ]) as Promise<EventRow[]>,
      this.db.query(
        `SELECT t.number, t.description, t.assignee_id, m.name AS item_name
         FROM ticket t LEFT JOIN matter_item m ON m.code = t.item_code WHERE t.id = $1`,
        [e.ticketId],
      ) as Promise<NotifiedTicket[]>,
    ]);
    if (!event || !ticket) {
      this.logger.warn(`event ${e.ticketId}#${e.seq} (${e.type}) not found; nothing to notify`);
      return;
    }
    const data = event.data ?? {};
    const level = (e.type === 'escalated' && typeof data.toLevel === 'string' ? data.toLevel : e.level) as OrgLevel;
    // An unlocated ticket has no grid: its unit stands in (its desk hears; no grid's workers do).
    const unit = e.gridCode ?? e.orgCode;
    if (!unit) return;
    const recipients = await this.recipients(e.type, unit, level, ticket, data, event.actor_id);
    if (recipients.length === 0) return;
    const { title, body } = notificationText({
      type: e.type,
      number: ticket.number,
      itemName: ticket.item_name,
      description: ticket.description,
      level,
      data,
      comment: event.comment,
    });
    await this.send(recipients, {
      type: e.type,
      ticketId: e.ticketId,
      title,
      body,
      data: notificationData(e, ticket, level, data),
      dedupeKey: `${e.ticketId}:${e.seq}:${e.type}`,
    });
  }

  /**
   * Inserts the notification for each user who does not have it yet (by dedupe key) and
   * publishes the new ones to the live streams. Returns the new notifications.
   */
  async send(userIds: string[], n: NewNotification): Promise<NotificationView[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `INSERT INTO notification (user_id, type, ticket_id, title, body, data, dedupe_key)
       SELECT u, $2, $3, $4, $5, $6::jsonb, $7 FROM unnest($1::uuid[]) u
       ON CONFLICT (user_id, dedupe_key) DO NOTHING
       RETURNING *`,
      [[...new Set(userIds)], n.type, n.ticketId, n.title, n.body, JSON.stringify(n.data), n.dedupeKey],
    );
    const created = rows.map((row) => ({ userId: row.user_id as string, view: notificationViewOfRow(row) }));
    // The inbox is the source of truth: a push that fails is logged, not retried (a retry of
    // the event would find the rows and push nothing anyway).
    await Promise.all(
      created.map(({ userId, view }) =>
        this.stream
          .publish(userId, view)
          .catch((err: unknown) => this.logger.warn(`push of notification ${view.id} failed: ${String(err)}`)),
      ),
    );
    return created.map((c) => c.view);
  }

  async list(user: AuthUser, filter: NotificationFilter) {
    const qb = this.notifications.createQueryBuilder('n').where('n.user_id = :me', { me: user.id });
    if (filter.unread === true) qb.andWhere('n.read_at IS NULL');
    if (filter.unread === false) qb.andWhere('n.read_at IS NOT NULL');
    const [page, unreadCount] = await Promise.all([
      keysetPage(qb, filter, { table: 'notification', alias: 'n', key: 'id' }, (n) => n.id),
      this.unreadCount(user.id),
    ]);
    return { items: page.items.map(notificationView), nextCursor: page.nextCursor, unreadCount };
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return row.n;
  }

  /** Marks one of the caller's notifications read (idempotent); 404 for anyone else's. */
  async markRead(user: AuthUser, id: string): Promise<NotificationView> {
    const [rows] = isUuid(id)
      ? await this.db.query(
          `UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING *`,
          [id, user.id],
        )
      : [[]];
    if (!rows?.[0]) throw notFound('Notification');
    return notificationViewOfRow(rows[0]);
  }

  async markAllRead(user: AuthUser): Promise<{ marked: number; unreadCount: number }> {
    const [, marked] = await this.db.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [user.id],
    );
    return { marked: Number(marked) || 0, unreadCount: await this.unreadCount(user.id) };
  }

  /** The caller's notifications after `lastId` (oldest first): what a reconnecting stream missed. */
  async since(userId: string, lastId: string): Promise<NotificationView[]> {
    if (!isUuid(lastId)) return [];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT n.* FROM notification n, notification c
       WHERE c.id = $2 AND c.user_id = $1 AND n.user_id = $1 AND (n.created_at, n.id) > (c.created_at, c.id)
       ORDER BY n.created_at, n.id LIMIT ${BACKLOG_LIMIT}`,
      [userId, lastId],
    );
    return rows.map(notificationViewOfRow);
  }

  /** Who hears of an event (NOTIFICATION_RULES): enabled users, never the one who caused it. */
  private async recipients(
    type: NotifyingEvent,
    gridCode: string,
    level: OrgLevel,
    ticket: NotifiedTicket,
    data: Record<string, unknown>,
    actorId: string | null,
  ): Promise<string[]> {
    const ids = async (sql: string, params: unknown[]) =>
      ((await this.db.query(sql, params)) as { id: string }[]).map((r) => r.id);
    const staff = (roles: Role[], units: string[]) =>
      ids(`SELECT id FROM app_user WHERE role = ANY($1) AND scope_code = ANY($2)`, [roles, units]);
    const candidates: string[] = [];
    for (const audience of notificationAudiences(type)) {
      switch (audience) {
        case 'grid_workers':
          candidates.push(...(await staff(['grid_worker'], [gridCode])));
          break;
        case 'assignee': {
          // For a dispatch, the one it went to, even if the ticket was re-dispatched since.
          const dispatchedTo = type === 'dispatched' || type === 'auto_dispatched' ? data.assigneeId : undefined;
          const id = typeof dispatchedTo === 'string' ? dispatchedTo : ticket.assignee_id;
          if (id) candidates.push(id);
          break;
        }
        case 'dispatch_desk':
          // 村社派单: at grid level the community dispatches
          candidates.push(
            ...(await staff(['dispatcher'], [supervisingUnit(gridCode, level === 'grid' ? 'community' : level)])),
          );
          break;
        case 'level_desk': {
          // 督办 goes to the unit at the ticket's level; at grid level dispatch is the
          // community's job (村社派单), so the community's desk hears of it too.
          const units = [supervisingUnit(gridCode, level)];
          if (level === 'grid') units.push(supervisingUnit(gridCode, 'community'));
          candidates.push(...(await staff(['dispatcher', 'supervisor'], units)));
          break;
        }
        case 'department':
          // 派给职能部门: nobody holds it yet, so every staff member of the department hears of it
          if (typeof data.departmentCode === 'string') {
            candidates.push(
              ...(await ids(`SELECT id FROM app_user WHERE role = 'department_staff' AND department_code = $1`, [
                data.departmentCode,
              ])),
            );
          }
          break;
        case 'grid_supervisors':
          // scope covers the grid = the scope is the grid or one of its ancestors
          candidates.push(...(await staff(['supervisor'], [gridCode, ...ancestorCodesOf(gridCode)])));
          break;
      }
    }
    if (candidates.length === 0) return [];
    return ids(
      `SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND disabled_at IS NULL AND id IS DISTINCT FROM $2`,
      [[...new Set(candidates)], actorId],
    );
  }
}

function notificationData(
  e: TicketEventPayload,
  ticket: NotifiedTicket,
  level: OrgLevel,
  data: Record<string, unknown>,
) {
  const extra: Record<string, unknown> = {};
  for (const key of ['satisfaction', 'fromLevel', 'toLevel', 'auto', 'manual', 'n', 'reworkCount', 'dueAt']) {
    if (data[key] !== undefined) extra[key] = data[key];
  }
  return { number: ticket.number, gridCode: e.gridCode, level, status: e.toStatus, seq: e.seq, ...extra };
}
