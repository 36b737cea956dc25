import type { ItemTier } from './catalog.js';
import { DomainException, ErrorCode, forbidden, invalidField, stateConflict } from './errors.js';
import { levelAbove, levelOf, ORG_LEVELS, type OrgLevel } from './org-code.js';
import type { Role } from './roles.js';

/**
 * The six-step ticket flow (六联单) as data: which action may start from which status, who may
 * take it, what its body must carry and what it does. Pure: no Nest, no I/O. The tickets service
 * asks `decideTransition` and then writes the answer with a compare-and-set on `status`.
 *
 * 群众点单 submitted → 网格接单 accepted → 村社派单 dispatched → 党员接单 claimed → resolved
 * → 督查兑单 verified → 归档销单 archived; side exits: rejected, decline (退单), rework (返工).
 */

/** WARNING: status values are persisted (ticket.status, timeline events) and part of the API: never rename. */
export const TICKET_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'claimed',
  'resolved',
  'verified',
  'archived',
  'rejected',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Still being worked on: time limits run, escalation is possible. */
export const OPEN_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'claimed',
  'resolved',
] as const satisfies readonly TicketStatus[];
/** No longer worked on. `verified` is closed but not yet archived. */
export const CLOSED_STATUSES = ['verified', 'archived', 'rejected'] as const satisfies readonly TicketStatus[];
/** Statuses whose step has a time limit (the archive step of `verified` included): timers run there. */
export const TIMED_STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'claimed',
  'resolved',
  'verified',
] as const satisfies readonly TicketStatus[];
/** Nothing moves a ticket out of these (archived is read-only; rejected takes only comments). */
export const FINAL_STATUSES = ['archived', 'rejected'] as const satisfies readonly TicketStatus[];

/** A ticket's level climbs the org ladder on escalation: grid → community → township → county → city. */
export type TicketLevel = OrgLevel;

/** WARNING: action names are URL segments of the API (`POST /tickets/:id/<action>`): never rename. */
export const TICKET_ACTIONS = [
  'accept',
  'dispatch',
  'claim',
  'decline',
  'resolve',
  'verify',
  'archive',
  'reject',
  'escalate',
  'comment',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** WARNING: persisted (in timeline event data) and part of the API: never rename. */
export const REJECT_REASONS = ['not_admissible', 'duplicate', 'invalid', 'transferred'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** WARNING: part of the API: never rename. */
export const VERIFY_OUTCOMES = ['pass', 'rework'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];

/**
 * Timeline event types written by the actions (the keys name the action and its variant).
 * WARNING: values are persisted (ticket_event.type) and part of the API: never rename.
 */
export const EVENT_TYPES = {
  accept: 'accepted',
  acceptSelf: 'accepted_self',
  dispatch: 'dispatched',
  claim: 'claimed',
  decline: 'declined',
  resolve: 'resolved',
  verifyPass: 'verified',
  verifyRework: 'rework',
  archive: 'archived',
  reject: 'rejected',
  escalate: 'escalated',
  comment: 'commented',
} as const;
export type TransitionEventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const TRANSITION_EVENT_TYPES: readonly TransitionEventType[] = Object.values(EVENT_TYPES);

/**
 * Timeline event types written by the system (filing, timers, queues, residents). A manual and an
 * automatic escalation share `escalated`.
 * WARNING: values are persisted (ticket_event.type) and part of the API: never rename.
 */
export const SYSTEM_EVENT_TYPES = [
  'filed',
  'warning',
  'overdue',
  'escalated',
  'auto_dispatched',
  'rated',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'suspension_requested',
  'suspended',
  'suspension_refused',
  'resumed',
  // an unlocated request placed in a grid by a dispatcher or admin
  'located',
] as const;
export type SystemEventType = (typeof SYSTEM_EVENT_TYPES)[number];
export type TicketEventType = TransitionEventType | SystemEventType;

/** What an action's body may carry (already parsed by the API layer). */
export interface TransitionBody {
  handleSelf?: boolean;
  outcome?: VerifyOutcome;
  reason?: string;
  comment?: string;
  result?: string;
  duplicateOf?: string;
  department?: string;
  assigneeId?: string;
  /** dispatch to a department (职能部门) instead of a person */
  departmentCode?: string;
}
type BodyField = keyof TransitionBody;

/**
 * Who may take an action: one of these roles, only the ticket's assignee (any role), anyone, or
 * `department`: a department_staff of the department the ticket is with (职能部门).
 */
export type FlowActor = readonly Role[] | 'assignee' | 'anyone' | 'department';

/** A body field the action needs: a non-empty string, or one of `oneOf`; only `when` other fields match. */
export interface FlowRequirement {
  readonly field: BodyField;
  /** The field's name in the API body when it differs (for the 400 answer). */
  readonly apiField?: string;
  readonly oneOf?: readonly string[];
  readonly when?: Partial<Record<BodyField, string>>;
}

/** What an action does. The first effect whose `when` matches the body applies. */
export interface FlowEffect {
  readonly when?: Partial<Pick<TransitionBody, 'handleSelf' | 'outcome'>>;
  /** The status after; `unchanged` keeps it. */
  readonly to: TicketStatus | 'unchanged';
  readonly event: TransitionEventType;
  /** Absent: the assignee is kept. `actor`: the one acting; `body`: `body.assigneeId`; `clear`: none. */
  readonly assignee?: 'actor' | 'body' | 'clear';
  /** Absent: the department is kept. `body`: `body.departmentCode`; `clear`: none (back to the desk). */
  readonly department?: 'body' | 'clear';
  readonly level?: 'up';
  readonly reworkCount?: 'increment';
  /** Only for grid-tier matters (办小事); escalate-tier ones (报大事) answer 422 ESCALATION_REQUIRED. */
  readonly gridTierOnly?: true;
}

export interface FlowRule {
  readonly from: readonly TicketStatus[];
  readonly who: FlowActor;
  /** The system may take this action too (no person acting), writing this event instead. */
  readonly system?: { readonly event: SystemEventType };
  readonly requires: readonly FlowRequirement[];
  /** Body fields this action must not carry (400 naming the field): the other variant's. */
  readonly refuses?: readonly BodyField[];
  /** Only on tickets that climbed to this level or above (报大事); lower → 409 STATE_CONFLICT. */
  readonly minLevel?: OrgLevel;
  /** Only by callers whose scope is this level or wider (the township or county desk); else 403. */
  readonly actorScopeAtLeast?: OrgLevel;
  readonly effects: readonly FlowEffect[];
}

const GRID_STAFF = ['grid_worker', 'dispatcher'] as const satisfies readonly Role[];
const ALL_BUT_ARCHIVED = TICKET_STATUSES.filter((s) => s !== 'archived');

/**
 * THE table. Scope ("of that grid", "in scope") is checked outside, before this; so is whether a
 * `body.assigneeId` names a real handler in scope.
 */
export const TICKET_FLOW: Readonly<Record<TicketAction, FlowRule>> = {
  // 网格接单; with handleSelf a grid-tier matter goes straight to the actor (办小事)
  accept: {
    from: ['submitted'],
    who: GRID_STAFF,
    requires: [],
    effects: [
      {
        when: { handleSelf: true },
        to: 'dispatched',
        event: EVENT_TYPES.acceptSelf,
        assignee: 'actor',
        gridTierOnly: true,
      },
      { to: 'accepted', event: EVENT_TYPES.accept },
    ],
  },
  // 村社派单
  dispatch: {
    from: ['accepted'],
    who: ['dispatcher'],
    // auto-dispatch: nobody dispatched within the community's minutes, the top candidate gets it
    system: { event: 'auto_dispatched' },
    requires: [{ field: 'assigneeId' }],
    effects: [{ to: 'dispatched', event: EVENT_TYPES.dispatch, assignee: 'body' }],
  },
  // 党员接单
  claim: {
    from: ['dispatched'],
    who: 'assignee',
    requires: [],
    effects: [{ to: 'claimed', event: EVENT_TYPES.claim }],
  },
  // 退单: back to be dispatched again
  decline: {
    from: ['dispatched', 'claimed'],
    who: 'assignee',
    requires: [{ field: 'reason' }],
    effects: [{ to: 'accepted', event: EVENT_TYPES.decline, assignee: 'clear' }],
  },
  // the handler reports the result
  resolve: {
    from: ['claimed'],
    who: 'assignee',
    requires: [{ field: 'result' }],
    effects: [{ to: 'resolved', event: EVENT_TYPES.resolve }],
  },
  // 督查兑单; rework (返工) goes back to the same handler
  verify: {
    from: ['resolved'],
    who: ['supervisor'],
    requires: [{ field: 'outcome', oneOf: VERIFY_OUTCOMES }],
    effects: [
      { when: { outcome: 'pass' }, to: 'verified', event: EVENT_TYPES.verifyPass },
      { when: { outcome: 'rework' }, to: 'dispatched', event: EVENT_TYPES.verifyRework, reworkCount: 'increment' },
    ],
  },
  // 归档销单: read-only from then on
  archive: {
    from: ['verified'],
    who: ['supervisor'],
    requires: [],
    effects: [{ to: 'archived', event: EVENT_TYPES.archive }],
  },
  // refused or transferred (转办)
  reject: {
    from: ['submitted', 'accepted'],
    who: GRID_STAFF,
    requires: [
      { field: 'reason', oneOf: REJECT_REASONS },
      { field: 'comment' },
      { field: 'duplicateOf', when: { reason: 'duplicate' } },
      { field: 'department', when: { reason: 'transferred' } },
    ],
    effects: [{ to: 'rejected', event: EVENT_TYPES.reject }],
  },
  // 报大事: one level up, status kept
  escalate: {
    from: OPEN_STATUSES,
    who: GRID_STAFF,
    requires: [{ field: 'reason' }],
    effects: [{ to: 'unchanged', event: EVENT_TYPES.escalate, level: 'up' }],
  },
  // a note on the timeline; archived tickets are read-only
  comment: {
    from: ALL_BUT_ARCHIVED,
    who: 'anyone',
    requires: [{ field: 'comment', apiField: 'text' }],
    effects: [{ to: 'unchanged', event: EVENT_TYPES.comment }],
  },
};

/** When a department variant of an action applies instead of TICKET_FLOW's rule. */
export interface FlowVariantCondition {
  /** the body names this field */
  readonly bodyHas?: BodyField;
  /** the ticket is with a department */
  readonly departmentTicket?: true;
  /** the ticket has no assignee yet */
  readonly unassigned?: true;
}

/**
 * Departments (职能部门): the variants of the flow for a ticket handed to a department. The
 * first variant whose condition matches replaces the action's rule in TICKET_FLOW; the rest of
 * the flow (resolve by the assignee, verify, archive) is the same.
 *
 * - dispatch with `departmentCode` (not `assigneeId`): only an escalated matter (township or
 *   above), by the township desk (dispatcher) or the county/city desk (admin); nobody is assigned.
 * - claim of a department's ticket nobody has claimed: any of its staff, who becomes the assignee.
 * - decline (退单) by the department's staff: back to `accepted`, department and assignee cleared.
 */
export const DEPARTMENT_VARIANTS: Readonly<
  Partial<Record<TicketAction, readonly { readonly when: FlowVariantCondition; readonly rule: FlowRule }[]>>
> = {
  dispatch: [
    {
      when: { bodyHas: 'departmentCode' },
      rule: {
        from: ['accepted'],
        who: ['dispatcher', 'admin'],
        actorScopeAtLeast: 'township',
        requires: [{ field: 'departmentCode' }],
        refuses: ['assigneeId'],
        minLevel: 'township',
        effects: [{ to: 'dispatched', event: EVENT_TYPES.dispatch, assignee: 'clear', department: 'body' }],
      },
    },
  ],
  claim: [
    {
      when: { departmentTicket: true, unassigned: true },
      rule: {
        from: ['dispatched'],
        who: 'department',
        requires: [],
        effects: [{ to: 'claimed', event: EVENT_TYPES.claim, assignee: 'actor' }],
      },
    },
  ],
  decline: [
    {
      when: { departmentTicket: true },
      rule: {
        from: ['dispatched', 'claimed'],
        who: 'department',
        requires: [{ field: 'reason' }],
        effects: [{ to: 'accepted', event: EVENT_TYPES.decline, assignee: 'clear', department: 'clear' }],
      },
    },
  ],
};

/** The rule that decides an action on this ticket with this body: a department variant, or TICKET_FLOW's. */
export function flowRuleFor(
  action: TicketAction,
  ticket: { assigneeId: string | null; departmentCode?: string | null },
  body: TransitionBody,
): FlowRule {
  const variant = DEPARTMENT_VARIANTS[action]?.find(({ when }) => {
    if (when.bodyHas && (body[when.bodyHas] === undefined || body[when.bodyHas] === null)) return false;
    if (when.departmentTicket && !ticket.departmentCode) return false;
    if (when.unassigned && ticket.assigneeId !== null) return false;
    return true;
  });
  return variant?.rule ?? TICKET_FLOW[action];
}

/** The system acting on its own (auto-dispatch): no user, no role; only where a rule says `system`. */
export const SYSTEM_ACTOR = { id: null, role: 'system' } as const;
export type FlowSubject =
  | {
      id: string;
      role: Role;
      /** department_staff: their department */
      departmentCode?: string | null;
      /** the caller's scope (for `actorScopeAtLeast`) */
      scopeCode?: string;
    }
  | typeof SYSTEM_ACTOR;

export interface TransitionInput {
  status: TicketStatus;
  action: TicketAction;
  actor: FlowSubject;
  ticket: {
    assigneeId: string | null;
    tier: ItemTier;
    level: TicketLevel;
    reworkCount: number;
    /** the department (职能部门) the ticket is with; absent: none */
    departmentCode?: string | null;
  };
  body: TransitionBody;
}

/** What to write: the compare-and-set expects `from` and sets the rest. */
export interface TicketTransition {
  from: TicketStatus;
  to: TicketStatus;
  assigneeId: string | null;
  /** the department the ticket is with after the transition (null: none) */
  departmentCode: string | null;
  level: TicketLevel;
  reworkCount: number;
  eventType: TransitionEventType | SystemEventType;
}

function actorMayAct(who: FlowActor, role: Role, isAssignee: boolean, ofTicketDepartment = false): boolean {
  if (who === 'anyone') return true;
  if (who === 'assignee') return isAssignee;
  if (who === 'department') return role === 'department_staff' && ofTicketDepartment;
  return who.includes(role);
}

/** Whether `level` is `floor` or above it on the org ladder (city is the top). */
const atLeast = (level: OrgLevel, floor: OrgLevel) => ORG_LEVELS.indexOf(level) <= ORG_LEVELS.indexOf(floor);

const matches = (when: Partial<Record<string, unknown>> | undefined, body: TransitionBody) =>
  Object.entries(when ?? {}).every(([k, v]) => body[k as BodyField] === v);

function requirementProblem(req: FlowRequirement, body: TransitionBody): string | null {
  if (!matches(req.when, body)) return null;
  const value = body[req.field];
  if (req.oneOf) return req.oneOf.includes(value as string) ? null : `must be one of ${req.oneOf.join(', ')}`;
  return typeof value === 'string' && value.trim().length > 0 ? null : 'must not be empty';
}

/**
 * Decide one transition, or throw a DomainException. The rule is TICKET_FLOW's, or the department
 * variant that matches (flowRuleFor). Checks, in this order (the first failure wins):
 *  1. who: the role (or, for claim/decline/resolve, being the assignee; for a department's
 *     ticket, being its staff; the caller's scope level where the rule asks) → 403 FORBIDDEN;
 *  2. the current status → 409 STATE_CONFLICT naming the status and the action;
 *  3. the body's required fields, in table order, then the fields it refuses → 400 VALIDATION_FAILED;
 *  4. the ticket's level where the rule asks (a department takes only 报大事) → 409 STATE_CONFLICT;
 *  5. the effect's conditions: handleSelf on an escalate-tier item → 422 ESCALATION_REQUIRED;
 *     escalating at city level → 409 STATE_CONFLICT.
 */
export function decideTransition(input: TransitionInput): TicketTransition {
  const { status, action, actor, ticket, body } = input;
  if (!Object.hasOwn(TICKET_FLOW, action)) throw new RangeError(`unknown ticket action: ${String(action)}`);
  const rule = flowRuleFor(action, ticket, body);
  const departmentCode = ticket.departmentCode ?? null;

  const isSystem = actor.role === SYSTEM_ACTOR.role;
  if (isSystem && !rule.system) throw forbidden(`The system may not ${action} a ticket`);
  const isAssignee = ticket.assigneeId !== null && ticket.assigneeId === actor.id;
  if (actor.role !== SYSTEM_ACTOR.role) {
    const ofDepartment = departmentCode !== null && actor.departmentCode === departmentCode;
    if (!actorMayAct(rule.who, actor.role, isAssignee, ofDepartment)) {
      throw rule.who === 'assignee'
        ? forbidden(`Only the ticket's assignee may ${action} it`)
        : rule.who === 'department'
          ? forbidden(`Only the staff of the ticket's department may ${action} it`)
          : forbidden(`A ${actor.role} may not ${action} a ticket`);
    }
    const scopeLevel = actor.scopeCode ? levelOf(actor.scopeCode) : null;
    if (rule.actorScopeAtLeast && !(scopeLevel && atLeast(scopeLevel, rule.actorScopeAtLeast))) {
      throw forbidden(`Only a desk at ${rule.actorScopeAtLeast} level or above may ${action} this way`);
    }
  }

  if (!rule.from.includes(status)) {
    throw stateConflict(`Cannot ${action} a ticket that is ${status}`, [
      { field: 'status', problem: `${action} needs status ${rule.from.join(' or ')}`, status, action },
    ]);
  }

  for (const req of rule.requires) {
    const problem = requirementProblem(req, body);
    if (problem) throw invalidField(req.apiField ?? req.field, problem);
  }
  for (const field of rule.refuses ?? []) {
    if (body[field] !== undefined && body[field] !== null) {
      throw invalidField(field, `not allowed together with ${rule.requires.map((r) => r.field).join(', ')}`);
    }
  }

  if (rule.minLevel && !atLeast(ticket.level, rule.minLevel)) {
    throw stateConflict(
      `Only a matter escalated to the ${rule.minLevel} or above (报大事) can be handed to a department; this ticket is at ${ticket.level} level`,
      [{ field: 'level', problem: `must be ${rule.minLevel} or above`, level: ticket.level }],
    );
  }

  const effect = rule.effects.find((e) => matches(e.when, body));
  if (!effect) throw new Error(`ticket flow: no effect of ${action} matches the body`); // a gap in the table

  if (effect.gridTierOnly && ticket.tier !== 'grid') {
    throw new DomainException(
      ErrorCode.EscalationRequired,
      'An escalate-tier matter (报大事) cannot be handled by the grid itself: accept it and escalate',
      [{ field: 'handleSelf', problem: 'not allowed for an escalate-tier item', tier: ticket.tier }],
    );
  }

  let level = ticket.level;
  if (effect.level === 'up') {
    const above = levelAbove(ticket.level);
    if (above === null) {
      throw stateConflict(`The ticket is already at the top level (${ticket.level})`, [
        { field: 'level', problem: 'already at the top level', level: ticket.level },
      ]);
    }
    level = above;
  }

  let assigneeId = ticket.assigneeId;
  if (effect.assignee === 'actor') assigneeId = actor.id;
  else if (effect.assignee === 'body') assigneeId = body.assigneeId ?? null;
  else if (effect.assignee === 'clear') assigneeId = null;

  return {
    from: status,
    to: effect.to === 'unchanged' ? status : effect.to,
    assigneeId,
    departmentCode:
      effect.department === 'body'
        ? (body.departmentCode ?? null)
        : effect.department === 'clear'
          ? null
          : departmentCode,
    level,
    reworkCount: effect.reworkCount === 'increment' ? ticket.reworkCount + 1 : ticket.reworkCount,
    eventType: isSystem && rule.system ? rule.system.event : effect.event,
  };
}

/**
 * The actions a caller could take on a ticket in this status (for UIs), from the same table. Scope,
 * the body, the item's tier and the ticket's level are not considered (e.g. escalate is listed at city level).
 * `department`: the ticket's department and assignee, and whether the caller is of that department
 * (the department variants of claim and decline); absent: a ticket with no department.
 */
export function allowedActions(
  status: TicketStatus,
  role: Role,
  isAssignee: boolean,
  department?: { departmentCode: string | null; assigneeId: string | null; ofMyDepartment: boolean },
): TicketAction[] {
  return TICKET_ACTIONS.filter((action) => {
    const rule = department
      ? flowRuleFor(action, { assigneeId: department.assigneeId, departmentCode: department.departmentCode }, {})
      : TICKET_FLOW[action];
    return rule.from.includes(status) && actorMayAct(rule.who, role, isAssignee, department?.ofMyDepartment ?? false);
  });
}

/**
 * The status a timeline leads to. Events are in order; the first (`filed`) goes from null to
 * `submitted`; an event that keeps the status has `toStatus` equal to `fromStatus`, or null.
 * Throws when an event's `fromStatus` is not the status reached so far, or when no status is reached.
 */
export function replayTimeline(
  events: { fromStatus: TicketStatus | null; toStatus: TicketStatus | null }[],
): TicketStatus {
  let status: TicketStatus | null = null;
  for (const [i, event] of events.entries()) {
    if (event.fromStatus !== status) {
      throw new Error(`timeline event #${i + 1} starts from ${event.fromStatus} but the ticket is ${status}`);
    }
    if (event.toStatus !== null) status = event.toStatus;
  }
  if (status === null) throw new Error('timeline reaches no status (is the filing event missing?)');
  return status;
}

/**
 * Whether a caller could hand this ticket to a department now (for UIs: the 派给职能部门 choice),
 * from the same variant rule `decideTransition` applies: its status, role, scope level and the
 * ticket's level. Which department (enabled, of the ticket's county or city) is checked by the API.
 */
export function mayDispatchToDepartment(
  actor: { role: Role; scopeCode: string },
  ticket: { status: TicketStatus; level: TicketLevel | string },
): boolean {
  const rule = flowRuleFor('dispatch', { assigneeId: null }, { departmentCode: '-' });
  const scopeLevel = levelOf(actor.scopeCode);
  const level = (ORG_LEVELS as readonly string[]).includes(ticket.level) ? (ticket.level as TicketLevel) : null;
  return (
    rule.from.includes(ticket.status) &&
    actorMayAct(rule.who, actor.role, false) &&
    (!rule.actorScopeAtLeast || (scopeLevel !== null && atLeast(scopeLevel, rule.actorScopeAtLeast))) &&
    (!rule.minLevel || (level !== null && atLeast(level, rule.minLevel)))
  );
}
