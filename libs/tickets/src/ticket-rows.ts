import type { OrgLevel, TicketStatus } from '@gridflow/domain';
import { Ticket, type Satisfaction, type TicketChannel } from './ticket.entity.js';

/**
 * A `ticket` row as PostgreSQL gives it (`RETURNING *`, `SELECT t.*`): every column, snake_case,
 * typed. The one row type of the table on the hot path; `ticketFromRow` is its one mapper.
 */
export interface TicketRow {
  id: string;
  number: string;
  tracking_code: string;
  status: TicketStatus;
  item_code: string;
  grid_code: string | null;
  org_code: string;
  community_code: string | null;
  township_code: string | null;
  level: OrgLevel;
  description: string;
  location_lng: number | null;
  location_lat: number | null;
  location_address: string | null;
  urgent: boolean;
  channel: TicketChannel;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_mask: string | null;
  filed_by: string | null;
  assignee_id: string | null;
  department_code: string | null;
  step_started_at: Date;
  due_at: Date | null;
  warning: boolean;
  overdue: boolean;
  escalations: number;
  rework_count: number;
  satisfaction: Satisfaction | null;
  last_seq: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  step_seq: number;
  warn_at: Date | null;
  next_escalation_at: Date | null;
  step_escalations: number;
  sealed_hash: string | null;
  sealed_at: Date | null;
  suspended_at: Date | null;
  suspended_remaining_seconds: number | null;
}

/** A ticket row with its assignee's name (`LEFT JOIN app_user`), as the journal and the lists read it. */
export interface TicketRowWithAssignee extends TicketRow {
  assignee_name: string | null;
  /** the name of the department (职能部门) the ticket is with, where the query joins it */
  department_name?: string | null;
}

/** The ticket as the entity (what views and rules take). */
export function ticketFromRow(row: TicketRow): Ticket {
  const t = new Ticket();
  t.id = row.id;
  t.number = row.number;
  t.trackingCode = row.tracking_code;
  t.status = row.status;
  t.itemCode = row.item_code;
  t.gridCode = row.grid_code;
  t.orgCode = row.org_code;
  t.communityCode = row.community_code;
  t.townshipCode = row.township_code;
  t.level = row.level;
  t.description = row.description;
  t.locationLng = row.location_lng;
  t.locationLat = row.location_lat;
  t.locationAddress = row.location_address;
  t.urgent = row.urgent;
  t.channel = row.channel;
  t.reporterName = row.reporter_name;
  t.reporterPhoneEnc = row.reporter_phone_enc;
  t.reporterPhoneMask = row.reporter_phone_mask;
  t.filedBy = row.filed_by;
  t.assigneeId = row.assignee_id;
  t.departmentCode = row.department_code ?? null;
  t.stepStartedAt = row.step_started_at;
  t.suspendedAt = row.suspended_at;
  t.dueAt = row.due_at;
  t.warning = row.warning;
  t.overdue = row.overdue;
  t.escalations = row.escalations;
  t.reworkCount = row.rework_count;
  t.satisfaction = row.satisfaction;
  t.lastSeq = row.last_seq;
  t.version = row.version;
  t.createdAt = row.created_at;
  t.updatedAt = row.updated_at;
  t.sealedHash = row.sealed_hash;
  t.sealedAt = row.sealed_at;
  return t;
}
