import type { TicketEventType } from './ticket-flow.js';
/**
 * Assessment (考核), DOMAIN.md: quality per grid, worker, community, township and county over
 * a period — never how many tickets somebody filed (Datong abolished that quota).
 *
 * A ticket's counters come from its timeline alone, so they can be recomputed at any time
 * and summed over any set of tickets. A ticket belongs to the period of the day it was filed.
 */
export const COUNTER_KEYS = [
  'submitted',
  'respondedInTime',
  'resolved',
  'resolvedInTime',
  'closed',
  'verified',
  'rejected',
  'archived',
  'open',
  'callbacks',
  'satisfied',
  'verifyDecisions',
  'reworks',
  'escalations',
  'overdue',
  'warning',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];
export type Counters = Record<CounterKey, number>;

export const zeroCounters = (): Counters => Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as Counters;

export function addCounters(a: Counters, b: Counters, sign = 1): Counters {
  return Object.fromEntries(COUNTER_KEYS.map((k) => [k, a[k] + sign * b[k]])) as Counters;
}

export interface Rates {
  /** 及时响应率: accepted within the limit / tickets submitted */
  responseRate: number | null;
  /** 按期办结率: resolved within limits / resolved */
  onTimeRate: number | null;
  /** 解决率: verified / tickets closed (verified, archived or rejected) */
  resolutionRate: number | null;
  /** 满意率: satisfied or very satisfied callbacks / callbacks */
  satisfactionRate: number | null;
  /** 返工率: rework decisions / verification decisions */
  reworkRate: number | null;
}

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export function rates(c: Counters): Rates {
  return {
    responseRate: ratio(c.respondedInTime, c.submitted),
    onTimeRate: ratio(c.resolvedInTime, c.resolved),
    resolutionRate: ratio(c.verified, c.closed),
    satisfactionRate: ratio(c.satisfied, c.callbacks),
    reworkRate: ratio(c.reworks, c.verifyDecisions),
  };
}

export interface QualityWeights {
  response: number;
  resolution: number;
  satisfaction: number;
}

export const DEFAULT_QUALITY_WEIGHTS: QualityWeights = { response: 0.1, resolution: 0.5, satisfaction: 0.4 };

/**
 * The composite quality score (0–1) used for rankings: a weighted mean of the response,
 * resolution and satisfaction rates; a rate that is undefined drops out and the other
 * weights are renormalised. Null when none is defined.
 */
export function qualityScore(r: Rates, w: QualityWeights): number | null {
  const parts: [number | null, number][] = [
    [r.responseRate, w.response],
    [r.resolutionRate, w.resolution],
    [r.satisfactionRate, w.satisfaction],
  ];
  let sum = 0;
  let weight = 0;
  for (const [value, wt] of parts) {
    if (value === null || wt <= 0) continue;
    sum += value * wt;
    weight += wt;
  }
  return weight > 0 ? sum / weight : null;
}

export interface FactEvent {
  seq: number;
  type: TicketEventType;
  at: Date;
  actorId: string | null;
  data: Record<string, unknown> | null;
}

const SATISFIED = new Set(['satisfied', 'very_satisfied']);
const CLOSED = new Set(['verified', 'archived', 'rejected']);
const OPEN = new Set(['submitted', 'accepted', 'dispatched', 'claimed', 'resolved']);

/**
 * The counters of one ticket from its status and timeline. Due times come from the events
 * that set them (`data.dueAt`: filing, each new step, approved extensions), so "within the
 * limit" is judged against the due time in force at that moment.
 */
export function ticketCounters(status: string, events: FactEvent[]): { counters: Counters; handlerId: string | null } {
  const c = zeroCounters();
  c.submitted = 1;
  let due: Date | null = null;
  let responded = false;
  let resolvedSeen = false;
  let handlerId: string | null = null;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const data = e.data ?? {};
    const at = new Date(e.at);
    // The event that ends a step is judged against the due time set before it.
    const dueBefore = due;
    if (typeof data.dueAt === 'string' || data.dueAt instanceof Date) due = new Date(data.dueAt as string);
    switch (e.type) {
      case 'accepted':
      case 'accepted_self':
        if (!responded) {
          responded = true;
          if (dueBefore && at <= dueBefore) c.respondedInTime = 1;
        }
        break;
      case 'resolved':
        handlerId = e.actorId ?? handlerId;
        if (!resolvedSeen) {
          resolvedSeen = true;
          c.resolved = 1;
          if (dueBefore && at <= dueBefore) c.resolvedInTime = 1;
        }
        break;
      case 'verified':
      case 'rework':
        c.verifyDecisions += 1;
        if (e.type === 'rework') c.reworks += 1;
        if (typeof data.satisfaction === 'string') {
          c.callbacks += 1;
          if (SATISFIED.has(data.satisfaction)) c.satisfied += 1;
        }
        break;
      case 'rated':
        c.callbacks += 1;
        if (typeof data.satisfaction === 'string' && SATISFIED.has(data.satisfaction)) c.satisfied += 1;
        break;
      case 'escalated':
        c.escalations += 1;
        if (data.auto) c.overdue = 1;
        break;
      case 'overdue':
        c.overdue = 1;
        break;
      case 'warning':
        c.warning = 1;
        break;
      // Events that count for nothing here: listed, so a new event type is a decision, not a miss.
      case 'filed':
      case 'dispatched':
      case 'auto_dispatched':
      case 'claimed':
      case 'declined':
      case 'archived':
      case 'rejected':
      case 'commented':
      case 'extension_requested':
      case 'extension_approved':
      case 'extension_refused':
      case 'suspension_requested':
      case 'suspended':
      case 'suspension_refused':
      case 'resumed':
      case 'located':
        break;
      default: {
        // Compile-time: every type is listed above. At run time a type from a newer version
        // (during a deploy) counts for nothing.
        const newer: never = e.type;
        void newer;
      }
    }
  }
  c.closed = CLOSED.has(status) ? 1 : 0;
  c.verified = status === 'verified' || status === 'archived' ? 1 : 0;
  c.archived = status === 'archived' ? 1 : 0;
  c.rejected = status === 'rejected' ? 1 : 0;
  c.open = OPEN.has(status) ? 1 : 0;
  return { counters: c, handlerId };
}
