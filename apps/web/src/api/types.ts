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
export type Department = Schemas['DepartmentView'];
export type TimelineEvent = Schemas['TimelineEventView'];
export type TicketDetail = Schemas['TicketDetailView'];

export type TimeRequest = Schemas['TimeRequestView'];
export type TimeRequestKind = TimeRequest['kind'];
export type TimeRequestStatus = TimeRequest['status'];

export type IntegrityReport = Schemas['TicketIntegrityView'];
export type PossibleDuplicate = Schemas['PossibleDuplicateView'];

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
export type Sms = Schemas['SmsView'];

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
