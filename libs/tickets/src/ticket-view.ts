import { type AuthUser, seesPhoneInFull, type TimeLeft } from '@gridflow/domain';
import type { Ticket, TicketEvent } from './ticket.entity.js';

export interface Viewer {
  user: AuthUser | null;
  /** the decrypted phone, when this viewer may see it in full */
  phone?: string | null;
}

/** Who sees a reporter's phone in full: one rule, in libs/domain (`seesPhoneInFull`). */
export function mayReadPhone(
  user: AuthUser | null,
  ticket: Pick<Ticket, 'assigneeId' | 'gridCode' | 'status'>,
): boolean {
  return seesPhoneInFull(user, ticket);
}

/**
 * The API.md ticket. `list` leaves out the reporter entirely: no names or phones in lists.
 * `timeLeft` is the step's time left at the request (TicketClock), null when no limit runs.
 * `departmentName`: the name of the department (职能部门) the ticket is with, if any.
 */
export function ticketView(
  t: Ticket,
  assigneeName: string | null,
  viewer: Viewer,
  mode: 'detail' | 'list',
  timeLeft: TimeLeft | null,
  departmentName: string | null = null,
) {
  return {
    id: t.id,
    number: t.number,
    trackingCode: t.trackingCode,
    status: t.status,
    itemCode: t.itemCode,
    // null: unlocated (待定位), waiting at orgCode
    gridCode: t.gridCode,
    orgCode: t.orgCode,
    level: t.level,
    description: t.description,
    // A point with its address, an address alone (typed without GPS: lng/lat null), or null.
    location:
      t.locationLng === null && !t.locationAddress
        ? null
        : { lng: t.locationLng, lat: t.locationLat, address: t.locationAddress },
    urgent: t.urgent,
    channel: t.channel,
    ...(mode === 'detail'
      ? {
          reporter:
            t.reporterName || t.reporterPhoneMask
              ? { name: t.reporterName, phone: viewer.phone ?? t.reporterPhoneMask }
              : null,
        }
      : {}),
    assignee: t.assigneeId ? { id: t.assigneeId, displayName: assigneeName } : null,
    department: t.departmentCode ? { code: t.departmentCode, name: departmentName } : null,
    dueAt: t.dueAt,
    timeLeft,
    warning: t.warning,
    overdue: t.overdue,
    escalations: t.escalations,
    reworkCount: t.reworkCount,
    satisfaction: t.satisfaction,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    version: t.version,
  };
}

export function eventView(e: TicketEvent) {
  return {
    seq: e.seq,
    type: e.type,
    at: e.at,
    actor: e.actorId ? { id: e.actorId, displayName: e.actorName, role: e.actorRole } : null,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    comment: e.comment,
    data: e.data,
    attachments: e.attachments,
  };
}
