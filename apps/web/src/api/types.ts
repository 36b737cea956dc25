/**
 * Shapes of the API's answers (shared/API.md), as the console uses them: taken from the types
 * generated from the OpenAPI document (schema.d.ts, `npm run openapi:write`) wherever the
 * document describes the answer; the rest are still written here until it does.
 */
import type { components } from './schema';
import type { Role } from '@gridflow/domain/roles';
import type { TicketStatus } from '@gridflow/domain/ticket-flow';

export type { Role, TicketStatus };

type Schemas = components['schemas'];

/** The signed-in user (login, /auth/me); the admins' user list adds phone, disabled, createdAt. */
export type User = Schemas['AuthUserView'];
export type UserAccount = Schemas['UserView'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** API.md ticket; `location` is a point with its address, or an address alone (lng/lat null). */
export type Ticket = Schemas['TicketView'];
export type TimelineEvent = Schemas['TimelineEventView'];
export type TicketDetail = Schemas['TicketDetailView'];

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

export type Notification = Schemas['NotificationView'];

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
