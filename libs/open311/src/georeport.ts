import { invalidField, maskPhone } from '@gridflow/domain';

/**
 * Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) as GridFlow speaks it: the response
 * shapes and the pure mapping from the catalogue and tickets to them. No Nest, no I/O.
 *
 * Field names are the spec's (snake_case) and so is their order, which the XML form keeps.
 */

export const GEOREPORT_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];
export const OPEN311_MIME: Record<Open311Format, string> = { json: 'application/json', xml: 'text/xml' };

/** The spec's span limit for GET requests, and its default window. */
export const MAX_WINDOW_DAYS = 90;
/** "first 1000 requests returned" (Response Volume). */
export const MAX_REQUESTS = 1000;
/** service_request_id=a,b,c: more than this is a 400 (the URL would be unreasonably long anyway). */
export const MAX_REQUEST_IDS = 100;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export interface GeoReportService {
  service_code: string;
  service_name: string;
  description: string | null;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string | null;
  group: string | null;
}

export interface GeoReportServiceDefinition {
  service_code: string;
  attributes: never[];
}

export interface GeoReportRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/**
 * The answer to POST requests. GridFlow files at once (a realtime service), so it answers the
 * `service_request_id` and, as the spec says of realtime services, no `token`.
 */
export interface GeoReportCreated {
  service_request_id: string;
  service_notice: string | null;
  account_id: string | null;
}

/** GeoReport v2: `description` is optional, "up to 4,000 characters". */
export const GEOREPORT_DESCRIPTION_MAX = 4000;

/**
 * A ticket always carries a description; a request filed without one is described by the
 * service's name (what the resident chose), e.g. 环境卫生问题.
 */
export function filingDescription(description: string | undefined, serviceName: string): string {
  return description?.trim() || serviceName;
}

export interface GeoReportToken {
  service_request_id: string;
  token: string;
}

export interface GeoReportDiscovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: 'production' | 'test';
    formats: string[];
  }[];
}

export interface GeoReportError {
  code: number;
  description: string;
}

/** What the mapping needs of a catalogue item (and its category). */
export interface CatalogueEntry {
  code: string;
  name: string;
  tier: 'grid' | 'escalate';
  urgent: boolean;
  department: string;
  categoryName: string;
  /** the category's matters may be published in detail (description, address, exact position) */
  publicDetail: boolean;
}

/** The latest change of status on a ticket's timeline (public: type and time only). */
export interface PublicStep {
  type: string;
  at: Date;
  toStatus: string | null;
  /** the event's data; only `reason` of a rejection is read */
  data: Record<string, unknown> | null;
}

/** What the mapping needs of a ticket. Deliberately without reporter or staff fields. */
export interface TicketRecord {
  number: string;
  status: string;
  itemCode: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  /** grid, community, township names: the address of a ticket filed without one */
  placeNames: string[];
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastStep: PublicStep | null;
}

/** An instant in ISO-8601 with the Asia/Shanghai offset (China keeps UTC+8 all year), e.g. 2026-11-22T10:30:00+08:00. */
export function isoShanghai(at: Date): string {
  return `${new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Open311 knows two statuses: a ticket is `open` until archived (归档销单) or rejected. */
export function georeportStatus(status: string): 'open' | 'closed' {
  return status === 'archived' || status === 'rejected' ? 'closed' : 'open';
}

/** The GridFlow statuses behind an Open311 status (for SQL filters). */
export const CLOSED_TICKET_STATUSES = ['archived', 'rejected'] as const;

const TIER_NOTICE: Record<CatalogueEntry['tier'], string> = {
  grid: '网格办理（办小事）：由所在网格接单办理',
  escalate: '上报处置（报大事）：网格受理后上报社区、街道派单处置',
};

/** What will happen to a request of this item (service_notice). */
export function serviceNotice(item: Pick<CatalogueEntry, 'tier' | 'department' | 'urgent'>): string {
  return `${TIER_NOTICE[item.tier]}；责任部门：${item.department}${item.urgent ? '；紧急事项，优先处置' : ''}`;
}

/** An active catalogue item as an Open311 service (GET services). */
export function toGeoReportService(item: CatalogueEntry): GeoReportService {
  return {
    service_code: item.code,
    service_name: item.name,
    description: `${item.categoryName} · ${item.name}。${serviceNotice(item)}`,
    metadata: false,
    type: 'realtime',
    keywords: item.name,
    group: item.categoryName,
  };
}

/** No GridFlow matter asks for extra attributes: every definition is empty (metadata is false). */
export function toServiceDefinition(item: Pick<CatalogueEntry, 'code'>): GeoReportServiceDefinition {
  return { service_code: item.code, attributes: [] };
}

/**
 * Timeline event types → the public name of the step (六联单). Only fixed labels: nothing a
 * member of staff wrote (comments, results, reasons in their words, departments) and no names.
 */
const STEP_LABELS: Record<string, string> = {
  filed: '群众点单：已受理，待网格接单',
  accepted: '网格接单',
  accepted_self: '网格接单：网格自办',
  dispatched: '村社派单',
  auto_dispatched: '村社派单',
  claimed: '党员接单：办理中',
  declined: '退单：待重新派单',
  resolved: '已办结，待督查兑单',
  verified: '督查兑单：已核验',
  rework: '督查返工：重新办理',
  archived: '归档销单',
  rejected: '不予受理',
};
const STATUS_LABELS: Record<string, string> = {
  submitted: STEP_LABELS.filed,
  accepted: STEP_LABELS.accepted,
  dispatched: STEP_LABELS.dispatched,
  claimed: STEP_LABELS.claimed,
  resolved: STEP_LABELS.resolved,
  verified: STEP_LABELS.verified,
  archived: STEP_LABELS.archived,
  rejected: STEP_LABELS.rejected,
};
const REJECT_LABELS: Record<string, string> = {
  not_admissible: '不予受理：不属于网格事项（凭票上车）',
  duplicate: '不予受理：重复诉求',
  invalid: '不予受理：无效诉求',
  transferred: '已转办：转交责任部门处理',
};

/** status_notes: the latest public step — its Chinese name and its time (Asia/Shanghai), e.g. "2026-11-22 10:30 网格接单". */
export function statusNotes(step: PublicStep | null): string | null {
  if (!step) return null;
  const reason = step.type === 'rejected' ? step.data?.reason : undefined;
  const label =
    (typeof reason === 'string' ? REJECT_LABELS[reason] : undefined) ??
    STEP_LABELS[step.type] ??
    (step.toStatus ? STATUS_LABELS[step.toStatus] : undefined);
  return label ? `${shanghaiMinute(step.at)} ${label}` : null;
}

/** Mainland mobile numbers written into a description (not inside longer digit runs) are masked: 138****5678. */
export function maskPhonesIn(text: string): string {
  return text.replace(/(?<!\d)(?:\+?86[- ]?)?1\d{2}[- ]?\d{4}[- ]?\d{4}(?!\d)/g, (m) =>
    maskPhone(m.replace(/\D/g, '').slice(-11))!,
  );
}

/**
 * A ticket as an Open311 service request. Public by design, so: no reporter, no staff, no
 * phones (also masked inside the description), status notes from fixed labels only.
 */
export function toGeoReportRequest(t: TicketRecord, item: CatalogueEntry | null): GeoReportRequest {
  const status = georeportStatus(t.status);
  const area = t.placeNames.length ? t.placeNames.join('，') : null;
  // Personal matters (disputes, needy households…) show the service and the grid's area only:
  // no story, no doorstep, the position blurred to ~1 km (3 decimals would still be ~100 m).
  const detail = item?.publicDetail === true;
  const blur = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  const address = detail ? (t.address ?? area) : area;
  return {
    service_request_id: t.number,
    status,
    status_notes: statusNotes(t.lastStep),
    service_name: item?.name ?? null,
    service_code: t.itemCode,
    description: detail ? maskPhonesIn(t.description) : null,
    agency_responsible: item?.department ?? null,
    service_notice: item ? serviceNotice(item) : null,
    requested_datetime: isoShanghai(t.createdAt),
    // "For requests with status=closed, this will be the date the request was closed" — later
    // comments on a rejected ticket do not move it.
    updated_datetime: isoShanghai(status === 'closed' && t.lastStep ? t.lastStep.at : t.updatedAt),
    expected_datetime: status === 'open' && t.dueAt ? isoShanghai(t.dueAt) : null,
    address,
    address_id: null,
    zipcode: null,
    lat: detail ? t.lat : blur(t.lat),
    long: detail ? t.lng : blur(t.lng),
    media_url: null,
  };
}

// ── GET requests: parameters ──────────────────────────────────────────────────────────────

const W3C_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+\- ]\d{2}:?\d{2})?)?$/;

/**
 * A W3C date-time (the spec's format, e.g. 2010-01-01T00:00:00Z). Without a zone — or a date
 * alone — it is Asia/Shanghai time. A `+` sent unencoded in a query string arrives as a
 * space: read as `+`.
 */
export function parseW3cDate(field: string, value: string): Date {
  const m = W3C_DATE.exec(value.trim());
  const bad = () => invalidField(field, 'must be a W3C date-time such as 2026-11-01T00:00:00+08:00');
  if (!m) throw bad();
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw bad();
  }
  let offsetMs = SHANGHAI_OFFSET_MS;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const digits = zone.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (minutes > 14 * 60) throw bad();
    offsetMs = (zone[0] === '-' ? -1 : 1) * minutes * 60_000;
  }
  return new Date(local - offsetMs);
}

/**
 * The requested_datetime window of GET requests: at most 90 days. Neither bound → the last
 * 90 days; one bound → 90 days from (or up to) it; both → as given, 400 when over 90 days
 * apart or reversed.
 */
export function requestWindow(start: Date | undefined, end: Date | undefined, now: Date): { from: Date; to: Date } {
  const span = MAX_WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end < start) throw invalidField('end_date', 'must not be before start_date');
    if (end.getTime() - start.getTime() > span) {
      throw invalidField('end_date', `start_date and end_date may not be more than ${MAX_WINDOW_DAYS} days apart`);
    }
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  if (end) return { from: new Date(end.getTime() - span), to: end };
  return { from: new Date(now.getTime() - span), to: now };
}

/** A comma-delimited parameter: trimmed, blanks dropped, duplicates removed ("declared multiple times"). */
export function commaList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...new Set(value.split(',').map((v) => v.trim()))].filter((v) => v.length > 0);
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

/** GET requests' filters, parsed and checked. `numbers` set: the others are ignored ("This overrides all other arguments"). */
export type RequestsFilter =
  | { numbers: string[] }
  | { numbers?: undefined; itemCodes: string[]; from: Date; to: Date; status: 'open' | 'closed' | null };

const TICKET_NUMBER = /^\d{14}$/;
const SERVICE_CODE = /^[A-Za-z0-9_-]{1,20}$/;

export function parseRequestsQuery(q: RequestsQuery, now: Date): RequestsFilter {
  // An empty parameter counts as not sent (the spec's "Optional Arguments").
  const numbers = commaList(q.service_request_id);
  if (numbers.length) {
    if (numbers.length > MAX_REQUEST_IDS) {
      throw invalidField('service_request_id', `at most ${MAX_REQUEST_IDS} ids at once`);
    }
    const bad = numbers.find((n) => !TICKET_NUMBER.test(n));
    if (bad) throw invalidField('service_request_id', `"${bad.slice(0, 40)}" is not a service request id (14 digits)`);
    return { numbers };
  }
  const itemCodes = commaList(q.service_code);
  const badCode = itemCodes.find((c) => !SERVICE_CODE.test(c));
  if (badCode) throw invalidField('service_code', `"${badCode.slice(0, 40)}" is not a service code`);
  const statuses = commaList(q.status);
  const badStatus = statuses.find((s) => s !== 'open' && s !== 'closed');
  if (badStatus !== undefined) throw invalidField('status', 'must be open, closed, or both comma delimited');
  const { from, to } = requestWindow(
    q.start_date ? parseW3cDate('start_date', q.start_date) : undefined,
    q.end_date ? parseW3cDate('end_date', q.end_date) : undefined,
    now,
  );
  return { itemCodes, from, to, status: statuses.length === 1 ? (statuses[0] as 'open' | 'closed') : null };
}

// ── POST requests: the reporter ───────────────────────────────────────────────────────────

const HAN = /[\u3400-\u9fff]/;
const MAX_NAME = 50;

/** first_name + last_name as one name: Chinese family name first without a space (王 + 芳 → 王芳), others "first last". */
export function reporterName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? '';
  const l = last?.trim() ?? '';
  const name = f && l ? (HAN.test(f) || HAN.test(l) ? `${l}${f}` : `${f} ${l}`) : f || l;
  if (name.length > MAX_NAME) {
    throw invalidField('first_name', `first_name and last_name together may have at most ${MAX_NAME} characters`);
  }
  return name || undefined;
}

/**
 * A phone as clients send it (+86 138-1234-5678, (010) 6512 3456) in GridFlow's form: a mainland
 * mobile of 11 digits or a landline with its area code; anything else is a 400.
 */
export function reporterPhone(raw: string | undefined): string | undefined {
  const compact = raw?.replace(/[\s()\-.]/g, '') ?? '';
  if (!compact) return undefined;
  const phone = compact.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^(1\d{10}|0\d{9,11})$/.test(phone)) {
    throw invalidField('phone', 'must be a mainland mobile (11 digits) or a landline with its area code');
  }
  return phone;
}
