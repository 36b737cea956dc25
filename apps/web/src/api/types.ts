/** Shapes of the API's answers (shared/API.md), as the console uses them. */
import type { Role } from '@gridflow/domain/roles';
import type { TicketStatus } from '@gridflow/domain/ticket-flow';

export type { Role, TicketStatus };

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  phone?: string | null;
  active?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Ticket {
  id: string;
  number: string;
  trackingCode: string;
  status: TicketStatus;
  itemCode: string;
  gridCode: string;
  level: string;
  description: string;
  /** a point (with its address), or an address alone (lng/lat null: typed without GPS) */
  location: { lng: number | null; lat: number | null; address?: string | null } | null;
  urgent: boolean;
  channel?: string;
  reporter?: { name?: string | null; phone?: string | null } | null;
  assignee: { id: string; displayName: string | null } | null;
  dueAt: string | null;
  warning: boolean;
  overdue: boolean;
  escalations: number;
  reworkCount: number;
  satisfaction: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  actor: { id: string; displayName: string; role: Role } | null;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  attachments?: string[] | null;
}

export interface TicketDetail extends Ticket {
  timeline: TimelineEvent[];
}

export type TimeRequestKind = 'extension' | 'suspension';
export type TimeRequestStatus = 'pending' | 'approved' | 'refused' | 'ended';

/** 延期/挂起 request: libs/tickets/src/time-requests.service.ts `timeRequestView` */
export interface TimeRequest {
  id: string;
  ticketId: string;
  kind: TimeRequestKind;
  stepSeq: number;
  status: TimeRequestStatus;
  reason: string;
  requestedDueAt: string | null;
  requestedBy: { id: string; displayName: string | null };
  decidedBy: { id: string; displayName: string | null } | null;
  decidedAt: string | null;
  decisionNote: string | null;
  endedAt: string | null;
  createdAt: string;
}

/** GET /tickets/:id/integrity: libs/tickets/src/ticket-seal.service.ts `integrity` */
export interface IntegrityReport {
  ticketId: string;
  status: string;
  sealed: boolean;
  sealedAt: string | null;
  sealedHash: string | null;
  computedHash: string;
  /** null until the ticket is sealed at archiving */
  intact: boolean | null;
  /** the first timeline seq that is missing or out of order */
  firstMismatch?: number;
  events: number;
  algorithm: string;
}

export interface PossibleDuplicate {
  id: string;
  number: string;
  status: TicketStatus;
  description: string;
  createdAt: string;
  distanceMetres: number | null;
}

export interface CatalogItem {
  code: string;
  name: string;
  tier: 'grid' | 'escalate';
  urgent: boolean;
  department: string;
  limits: Record<string, number>;
  clock?: 'working' | 'calendar';
  status: 'proposed' | 'active' | 'retired';
}

export interface CatalogCategory {
  code: string;
  name: string;
  items: CatalogItem[];
}

export interface OrgUnit {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  children: { code: string; name: string; level: string }[];
}

export interface GeoPolygon {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
}

export interface Grid {
  code: string;
  name: string;
  type: string;
  households: number;
  population: number;
  householdsInStandard?: boolean;
  boundary: GeoPolygon;
  status: string;
  workers?: { id: string; name: string; type: string; phone?: string }[];
}

export interface Notification {
  id: string;
  type: string;
  title: string;
  body?: string | null;
  ticketId?: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface Metrics {
  submitted: number;
  open: number;
  overdue: number;
  warning: number;
  verified: number;
  archived: number;
  rejected: number;
  escalations: number;
  responseRate: number | null;
  onTimeRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  reworkRate: number | null;
}
