import fc from 'fast-check';
import type { ItemTier } from './catalog.js';
import { DomainException, ErrorCode } from './errors.js';
import type { Role } from './roles.js';
import {
  CLOSED_STATUSES,
  EVENT_TYPES,
  FINAL_STATUSES,
  OPEN_STATUSES,
  SYSTEM_EVENT_TYPES,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  allowedActions,
  decideTransition,
  mayDispatchToDepartment,
  replayTimeline,
  type TicketAction,
  type TicketLevel,
  type TicketStatus,
  type TicketTransition,
  type TransitionBody,
  type TransitionInput,
} from './ticket-flow.js';

// Everything expected below is written out by hand from DOMAIN.md / API.md, never derived from TICKET_FLOW.

const STATUSES = [
  'submitted',
  'accepted',
  'dispatched',
  'claimed',
  'resolved',
  'verified',
  'archived',
  'rejected',
] as const satisfies readonly TicketStatus[];
const ACTIONS = [
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
] as const satisfies readonly TicketAction[];
const ALL_ROLES = [
  'admin',
  'supervisor',
  'dispatcher',
  'grid_worker',
  'party_member',
  'department_staff',
] as const satisfies readonly Role[];
const FINAL: readonly TicketStatus[] = ['archived', 'rejected'];

type Outcome = { error: ErrorCode; status: number; message: string; field?: string } | TicketTransition;

function attempt(input: TransitionInput): Outcome {
  try {
    return decideTransition(input);
  } catch (err) {
    if (!(err instanceof DomainException)) throw err;
    return { error: err.code, status: err.status, message: err.message, field: err.details[0]?.field };
  }
}

const baseTicket = { assigneeId: null, tier: 'grid', level: 'grid', reworkCount: 0 } as const;

function input(
  status: TicketStatus,
  action: TicketAction,
  body: TransitionBody = {},
  actor: { id: string; role: Role; departmentCode?: string | null; scopeCode?: string } = {
    id: 'u-actor',
    role: 'grid_worker',
  },
  ticket: Partial<TransitionInput['ticket']> = {},
): TransitionInput {
  return { status, action, actor, ticket: { ...baseTicket, ...ticket }, body };
}

function expectError(outcome: Outcome, code: ErrorCode, status: number, field?: string) {
  expect(outcome).toMatchObject({ error: code, status });
  if (field !== undefined) expect(outcome).toMatchObject({ field });
}

// ---------------------------------------------------------------------------------------------
// The expectation table: per action variant, who may act, and the status after, per status
// ('-' = the status does not allow it → 409).

type Cell = TicketStatus | '-';
const row = (...cells: Cell[]): Record<TicketStatus, Cell> =>
  Object.fromEntries(STATUSES.map((s, i) => [s, cells[i]])) as Record<TicketStatus, Cell>;

interface Variant {
  name: string;
  action: TicketAction;
  body: TransitionBody;
  who: readonly Role[] | 'assignee' | 'anyone';
  to: Record<TicketStatus, Cell>;
  event: string;
  /** 'keep' the ticket's assignee, the 'actor', null (cleared), or a literal id. */
  assignee: 'keep' | 'actor' | null | string;
  level: TicketLevel;
  reworkCount: number;
}

// The exhaustive cases use a grid-tier ticket at grid level with reworkCount 2.
// prettier-ignore
const VARIANTS: Variant[] = [
  //                                                                  submitted   accepted    dispatched  claimed     resolved    verified    archived    rejected
  { name: 'accept', action: 'accept', body: { comment: 'ok' }, who: ['grid_worker', 'dispatcher'],
    to: row(                                                          'accepted', '-',        '-',        '-',        '-',        '-',        '-',        '-'),
    event: 'accepted', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'accept (handleSelf)', action: 'accept', body: { handleSelf: true }, who: ['grid_worker', 'dispatcher'],
    to: row(                                                          'dispatched', '-',      '-',        '-',        '-',        '-',        '-',        '-'),
    event: 'accepted_self', assignee: 'actor', level: 'grid', reworkCount: 2 },
  { name: 'dispatch', action: 'dispatch', body: { assigneeId: 'u-party' }, who: ['dispatcher'],
    to: row(                                                          '-',        'dispatched', '-',      '-',        '-',        '-',        '-',        '-'),
    event: 'dispatched', assignee: 'u-party', level: 'grid', reworkCount: 2 },
  { name: 'claim', action: 'claim', body: {}, who: 'assignee',
    to: row(                                                          '-',        '-',        'claimed',  '-',        '-',        '-',        '-',        '-'),
    event: 'claimed', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'decline', action: 'decline', body: { reason: 'not my street' }, who: 'assignee',
    to: row(                                                          '-',        '-',        'accepted', 'accepted', '-',        '-',        '-',        '-'),
    event: 'declined', assignee: null, level: 'grid', reworkCount: 2 },
  { name: 'resolve', action: 'resolve', body: { result: 'fixed the lamp' }, who: 'assignee',
    to: row(                                                          '-',        '-',        '-',        'resolved', '-',        '-',        '-',        '-'),
    event: 'resolved', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'verify (pass)', action: 'verify', body: { outcome: 'pass' }, who: ['supervisor'],
    to: row(                                                          '-',        '-',        '-',        '-',        'verified', '-',        '-',        '-'),
    event: 'verified', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'verify (rework)', action: 'verify', body: { outcome: 'rework' }, who: ['supervisor'],
    to: row(                                                          '-',        '-',        '-',        '-',        'dispatched', '-',      '-',        '-'),
    event: 'rework', assignee: 'keep', level: 'grid', reworkCount: 3 },
  { name: 'archive', action: 'archive', body: {}, who: ['supervisor'],
    to: row(                                                          '-',        '-',        '-',        '-',        '-',        'archived', '-',        '-'),
    event: 'archived', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'reject', action: 'reject', body: { reason: 'invalid', comment: 'prank call' }, who: ['grid_worker', 'dispatcher'],
    to: row(                                                          'rejected', 'rejected', '-',        '-',        '-',        '-',        '-',        '-'),
    event: 'rejected', assignee: 'keep', level: 'grid', reworkCount: 2 },
  { name: 'escalate', action: 'escalate', body: { reason: 'needs the township' }, who: ['grid_worker', 'dispatcher'],
    to: row(                                                          'submitted', 'accepted', 'dispatched', 'claimed', 'resolved', '-',      '-',        '-'),
    event: 'escalated', assignee: 'keep', level: 'community', reworkCount: 2 },
  { name: 'comment', action: 'comment', body: { comment: 'called the resident' }, who: 'anyone',
    to: row(                                                          'submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified', '-',      'rejected'),
    event: 'commented', assignee: 'keep', level: 'grid', reworkCount: 2 },
];

const mayAct = (who: Variant['who'], role: Role, isAssignee: boolean) =>
  who === 'anyone' ? true : who === 'assignee' ? isAssignee : who.includes(role);

describe('ticket flow: exhaustive status × action × role × assignee', () => {
  it('the expectation table covers every action', () => {
    expect([...new Set(VARIANTS.map((v) => v.action))].sort()).toEqual([...ACTIONS].sort());
  });

  describe.each(VARIANTS)('$name', (variant) => {
    it.each(STATUSES)('from %s', (status) => {
      for (const role of ALL_ROLES) {
        for (const isAssignee of [true, false]) {
          const actor = { id: `u-${role}`, role };
          const ticket = {
            assigneeId: isAssignee ? actor.id : 'u-someone-else',
            tier: 'grid' as const,
            level: 'grid' as const,
            reworkCount: 2,
          };
          const outcome = attempt({ status, action: variant.action, actor, ticket, body: variant.body });
          const label = `${variant.name} from ${status} by ${role} (${isAssignee ? 'assignee' : 'not assignee'})`;
          const target = variant.to[status];
          if (!mayAct(variant.who, role, isAssignee)) {
            expect({ label, outcome }).toMatchObject({ label, outcome: { error: ErrorCode.Forbidden, status: 403 } });
          } else if (target === '-') {
            expect({ label, outcome }).toMatchObject({
              label,
              outcome: { error: ErrorCode.StateConflict, status: 409 },
            });
            expect((outcome as { message: string }).message).toContain(status);
            expect((outcome as { message: string }).message).toContain(variant.action);
          } else {
            const assigneeId =
              variant.assignee === 'keep'
                ? ticket.assigneeId
                : variant.assignee === 'actor'
                  ? actor.id
                  : variant.assignee;
            expect({ label, outcome }).toEqual({
              label,
              outcome: {
                from: status,
                to: target,
                assigneeId,
                departmentCode: null,
                level: variant.level,
                reworkCount: variant.reworkCount,
                eventType: variant.event,
              },
            });
          }
        }
      }
    });
  });

  it('allowedActions agrees with the expectation table for every status, role and assignee flag', () => {
    for (const status of STATUSES) {
      for (const role of ALL_ROLES) {
        for (const isAssignee of [true, false]) {
          const expected = ACTIONS.filter((a) =>
            VARIANTS.some((v) => v.action === a && v.to[status] !== '-' && mayAct(v.who, role, isAssignee)),
          );
          expect({ status, role, isAssignee, actions: allowedActions(status, role, isAssignee) }).toEqual({
            status,
            role,
            isAssignee,
            actions: expected,
          });
        }
      }
    }
  });

  it('allowedActions spot checks', () => {
    expect(allowedActions('submitted', 'grid_worker', false)).toEqual(['accept', 'reject', 'escalate', 'comment']);
    expect(allowedActions('dispatched', 'party_member', true)).toEqual(['claim', 'decline', 'comment']);
    expect(allowedActions('dispatched', 'party_member', false)).toEqual(['comment']);
    expect(allowedActions('resolved', 'supervisor', false)).toEqual(['verify', 'comment']);
    expect(allowedActions('archived', 'supervisor', true)).toEqual([]);
    expect(allowedActions('rejected', 'dispatcher', false)).toEqual(['comment']);
  });
});

describe('ticket flow: specific cases', () => {
  const gridWorker = { id: 'u-grid-1', role: 'grid_worker' as const };
  const dispatcher = { id: 'u-disp-1', role: 'dispatcher' as const };
  const supervisor = { id: 'u-sup-1', role: 'supervisor' as const };
  const party = { id: 'u-party-1', role: 'party_member' as const };

  it('the constants are the persisted values', () => {
    expect(TICKET_STATUSES).toEqual(STATUSES);
    expect(TICKET_ACTIONS).toEqual(ACTIONS);
    expect(FINAL_STATUSES).toEqual(['archived', 'rejected']);
    expect(OPEN_STATUSES).toEqual(['submitted', 'accepted', 'dispatched', 'claimed', 'resolved']);
    expect(CLOSED_STATUSES).toEqual(['verified', 'archived', 'rejected']);
    expect([...OPEN_STATUSES, ...CLOSED_STATUSES].sort()).toEqual([...STATUSES].sort());
    expect(EVENT_TYPES).toEqual({
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
    });
    expect(SYSTEM_EVENT_TYPES).toEqual([
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
      'located',
    ]);
  });

  it('accept with handleSelf on a grid-tier item dispatches to the actor (办小事)', () => {
    for (const actor of [gridWorker, dispatcher]) {
      expect(decideTransition(input('submitted', 'accept', { handleSelf: true }, actor))).toEqual({
        from: 'submitted',
        to: 'dispatched',
        assigneeId: actor.id,
        departmentCode: null,
        level: 'grid',
        reworkCount: 0,
        eventType: 'accepted_self',
      });
    }
    expect(decideTransition(input('submitted', 'accept', { handleSelf: false }, gridWorker))).toMatchObject({
      to: 'accepted',
      assigneeId: null,
      eventType: 'accepted',
    });
  });

  it('accept with handleSelf on an escalate-tier item answers 422 ESCALATION_REQUIRED', () => {
    const outcome = attempt(input('submitted', 'accept', { handleSelf: true }, gridWorker, { tier: 'escalate' }));
    expectError(outcome, ErrorCode.EscalationRequired, 422, 'handleSelf');
    // a plain accept of an escalate-tier item is fine
    expect(decideTransition(input('submitted', 'accept', {}, gridWorker, { tier: 'escalate' })).to).toBe('accepted');
  });

  it('checks role, then status, then body, then conditions', () => {
    // handleSelf by a supervisor: 403 before anything else
    expectError(
      attempt(input('accepted', 'accept', { handleSelf: true }, supervisor, { tier: 'escalate' })),
      ErrorCode.Forbidden,
      403,
    );
    // right role, wrong status, escalate tier: 409 before 422
    expectError(
      attempt(input('accepted', 'accept', { handleSelf: true }, gridWorker, { tier: 'escalate' })),
      ErrorCode.StateConflict,
      409,
    );
    // right role, wrong status, missing body: 409 before 400
    expectError(attempt(input('submitted', 'dispatch', {}, dispatcher)), ErrorCode.StateConflict, 409);
    // not the assignee and wrong status: 403 before 409
    expectError(attempt(input('submitted', 'claim', {}, party)), ErrorCode.Forbidden, 403);
    // at city level with a missing reason: 400 before the top-level 409
    expectError(
      attempt(input('accepted', 'escalate', {}, gridWorker, { level: 'city' })),
      ErrorCode.ValidationFailed,
      400,
      'reason',
    );
  });

  it('409 names the current status and the action', () => {
    const outcome = attempt(input('verified', 'claim', {}, party, { assigneeId: party.id }));
    expectError(outcome, ErrorCode.StateConflict, 409, 'status');
    expect((outcome as { message: string }).message).toBe('Cannot claim a ticket that is verified');
  });

  it('dispatch needs an assigneeId and sets it', () => {
    expectError(attempt(input('accepted', 'dispatch', {}, dispatcher)), ErrorCode.ValidationFailed, 400, 'assigneeId');
    expectError(
      attempt(input('accepted', 'dispatch', { assigneeId: ' ' }, dispatcher)),
      ErrorCode.ValidationFailed,
      400,
      'assigneeId',
    );
    expect(decideTransition(input('accepted', 'dispatch', { assigneeId: party.id }, dispatcher))).toMatchObject({
      to: 'dispatched',
      assigneeId: party.id,
      eventType: 'dispatched',
    });
    // a supervisor does not dispatch
    expectError(attempt(input('accepted', 'dispatch', { assigneeId: party.id }, supervisor)), ErrorCode.Forbidden, 403);
  });

  it('only the assignee claims, declines and resolves', () => {
    const assigned = { assigneeId: party.id };
    expect(decideTransition(input('dispatched', 'claim', {}, party, assigned)).to).toBe('claimed');
    // same role, other person
    expectError(
      attempt(input('dispatched', 'claim', {}, { id: 'u-party-2', role: 'party_member' }, assigned)),
      ErrorCode.Forbidden,
      403,
    );
    // a dispatcher or supervisor cannot claim for them
    expectError(attempt(input('dispatched', 'claim', {}, dispatcher, assigned)), ErrorCode.Forbidden, 403);
    // nobody is the assignee of an unassigned ticket
    expectError(attempt(input('dispatched', 'claim', {}, party)), ErrorCode.Forbidden, 403);
    // a grid worker handling a grid-tier matter is an assignee like any other
    expect(
      decideTransition(input('claimed', 'resolve', { result: 'done' }, gridWorker, { assigneeId: gridWorker.id })).to,
    ).toBe('resolved');
  });

  it('resolve needs a non-empty result', () => {
    const assigned = { assigneeId: party.id };
    for (const body of [{}, { result: '' }, { result: '   ' }]) {
      expectError(
        attempt(input('claimed', 'resolve', body, party, assigned)),
        ErrorCode.ValidationFailed,
        400,
        'result',
      );
    }
  });

  it('decline needs a reason and clears the assignee', () => {
    const assigned = { assigneeId: party.id };
    for (const from of ['dispatched', 'claimed'] as const) {
      expect(decideTransition(input(from, 'decline', { reason: 'away this week' }, party, assigned))).toEqual({
        from,
        to: 'accepted',
        assigneeId: null,
        departmentCode: null,
        level: 'grid',
        reworkCount: 0,
        eventType: 'declined',
      });
      for (const body of [{}, { reason: '' }, { reason: ' \n' }]) {
        expectError(attempt(input(from, 'decline', body, party, assigned)), ErrorCode.ValidationFailed, 400, 'reason');
      }
    }
  });

  it('verify: pass closes, rework goes back to the same handler and counts', () => {
    const resolved = { assigneeId: party.id, reworkCount: 1 };
    expect(decideTransition(input('resolved', 'verify', { outcome: 'pass' }, supervisor, resolved))).toEqual({
      from: 'resolved',
      to: 'verified',
      assigneeId: party.id,
      departmentCode: null,
      level: 'grid',
      reworkCount: 1,
      eventType: 'verified',
    });
    const rework = decideTransition(input('resolved', 'verify', { outcome: 'rework' }, supervisor, resolved));
    expect(rework).toEqual({
      from: 'resolved',
      to: 'dispatched',
      assigneeId: party.id,
      departmentCode: null,
      level: 'grid',
      reworkCount: 2,
      eventType: 'rework',
    });
    // the same handler may claim it again
    expect(decideTransition(input(rework.to, 'claim', {}, party, { assigneeId: rework.assigneeId })).to).toBe(
      'claimed',
    );
    for (const body of [{}, { outcome: 'maybe' as never }]) {
      expectError(
        attempt(input('resolved', 'verify', body, supervisor, resolved)),
        ErrorCode.ValidationFailed,
        400,
        'outcome',
      );
    }
    expectError(
      attempt(input('resolved', 'verify', { outcome: 'pass' }, dispatcher, resolved)),
      ErrorCode.Forbidden,
      403,
    );
  });

  it('reject validates reason, comment, duplicateOf and department', () => {
    const reject = (body: TransitionBody, from: TicketStatus = 'submitted') =>
      attempt(input(from, 'reject', body, dispatcher));
    expectError(reject({ comment: 'x' }), ErrorCode.ValidationFailed, 400, 'reason');
    expectError(reject({ reason: 'boring', comment: 'x' }), ErrorCode.ValidationFailed, 400, 'reason');
    expectError(reject({ reason: 'invalid' }), ErrorCode.ValidationFailed, 400, 'comment');
    expectError(reject({ reason: 'invalid', comment: '  ' }), ErrorCode.ValidationFailed, 400, 'comment');
    expectError(
      reject({ reason: 'duplicate', comment: 'same as yesterday' }),
      ErrorCode.ValidationFailed,
      400,
      'duplicateOf',
    );
    expectError(reject({ reason: 'transferred', comment: 'not ours' }), ErrorCode.ValidationFailed, 400, 'department');
    expectError(
      reject({ reason: 'transferred', comment: 'not ours', department: '' }),
      ErrorCode.ValidationFailed,
      400,
      'department',
    );
    for (const body of [
      { reason: 'not_admissible', comment: 'outside the catalogue' },
      { reason: 'invalid', comment: 'prank' },
      { reason: 'duplicate', comment: 'same as yesterday', duplicateOf: 'T-2026-0001' },
      { reason: 'transferred', comment: 'wage arrears', department: '人社局' },
    ]) {
      for (const from of ['submitted', 'accepted'] as const) {
        expect(reject(body, from)).toMatchObject({ from, to: 'rejected', eventType: 'rejected' });
      }
    }
    // the first problem in table order wins
    expectError(reject({}), ErrorCode.ValidationFailed, 400, 'reason');
    expectError(reject({ comment: 'x' }, 'dispatched'), ErrorCode.StateConflict, 409);
    expectError(
      attempt(input('submitted', 'reject', { reason: 'invalid', comment: 'x' }, party)),
      ErrorCode.Forbidden,
      403,
    );
  });

  it('escalate climbs grid → community → township → county → city, then 409', () => {
    const climbed: TicketLevel[] = [];
    let level: TicketLevel = 'grid';
    for (;;) {
      const outcome = attempt(input('claimed', 'escalate', { reason: 'beyond the grid' }, dispatcher, { level }));
      if ('error' in outcome) {
        expectError(outcome, ErrorCode.StateConflict, 409, 'level');
        expect(outcome.message).toMatch(/already at the top level/);
        break;
      }
      expect(outcome).toMatchObject({ from: 'claimed', to: 'claimed', eventType: 'escalated' });
      level = outcome.level;
      climbed.push(level);
    }
    expect(climbed).toEqual(['community', 'township', 'county', 'city']);
    expect(level).toBe('city');
    expectError(attempt(input('submitted', 'escalate', {}, gridWorker)), ErrorCode.ValidationFailed, 400, 'reason');
    expectError(attempt(input('verified', 'escalate', { reason: 'x' }, gridWorker)), ErrorCode.StateConflict, 409);
  });

  it('comment needs text, keeps the status, and is refused on archived tickets', () => {
    expect(decideTransition(input('rejected', 'comment', { comment: 'resident called again' }, party))).toMatchObject({
      from: 'rejected',
      to: 'rejected',
      eventType: 'commented',
    });
    expectError(
      attempt(input('submitted', 'comment', { comment: '' }, party)),
      ErrorCode.ValidationFailed,
      400,
      'text',
    );
    expectError(
      attempt(input('archived', 'comment', { comment: 'late note' }, supervisor)),
      ErrorCode.StateConflict,
      409,
    );
  });

  it('archived accepts nothing: 409 when the caller could otherwise act, 403 when not', () => {
    const cases: [TicketAction, { id: string; role: Role }, TransitionBody, 403 | 409][] = [
      ['accept', gridWorker, {}, 409],
      ['accept', supervisor, {}, 403],
      ['dispatch', dispatcher, { assigneeId: party.id }, 409],
      ['claim', party, {}, 409], // party is the assignee below
      ['claim', gridWorker, {}, 403],
      ['decline', party, { reason: 'x' }, 409],
      ['resolve', party, { result: 'x' }, 409],
      ['verify', supervisor, { outcome: 'pass' }, 409],
      ['verify', dispatcher, { outcome: 'pass' }, 403],
      ['archive', supervisor, {}, 409],
      ['archive', { id: 'u-admin', role: 'admin' }, {}, 403],
      ['reject', dispatcher, { reason: 'invalid', comment: 'x' }, 409],
      ['escalate', gridWorker, { reason: 'x' }, 409],
      ['comment', { id: 'u-admin', role: 'admin' }, { comment: 'x' }, 409],
      ['comment', supervisor, { comment: 'x' }, 409],
    ];
    for (const [action, actor, body, status] of cases) {
      const outcome = attempt(input('archived', action, body, actor, { assigneeId: party.id }));
      expect({ action, role: actor.role, outcome }).toMatchObject({
        action,
        role: actor.role,
        outcome: { status, error: status === 403 ? ErrorCode.Forbidden : ErrorCode.StateConflict },
      });
    }
  });

  it('rejected takes only comments', () => {
    for (const action of ACTIONS) {
      for (const role of ALL_ROLES) {
        const actor = { id: 'u-x', role };
        const outcome = attempt(
          input('rejected', action, VARIANTS.find((v) => v.action === action)!.body, actor, { assigneeId: 'u-x' }),
        );
        if (action === 'comment') expect(outcome).toMatchObject({ from: 'rejected', to: 'rejected' });
        else expect('error' in outcome).toBe(true);
      }
    }
  });

  it('is pure: does not touch its (frozen) input', () => {
    const frozen = Object.freeze({
      status: 'resolved' as const,
      action: 'verify' as const,
      actor: Object.freeze({ ...supervisor }),
      ticket: Object.freeze({ assigneeId: party.id, tier: 'grid' as const, level: 'grid' as const, reworkCount: 0 }),
      body: Object.freeze({ outcome: 'rework' as const }),
    });
    expect(decideTransition(frozen)).toEqual(decideTransition(frozen));
    expect(frozen.ticket.reworkCount).toBe(0);
  });

  it('refuses an unknown action as a programming error', () => {
    expect(() => decideTransition(input('submitted', 'teleport' as TicketAction))).toThrow(RangeError);
    expect(() => decideTransition(input('submitted', 'constructor' as TicketAction))).toThrow(RangeError);
  });
});

describe('ticket flow: departments (职能部门)', () => {
  const dispatcher = { id: 'u-disp', role: 'dispatcher' as const, scopeCode: '140213001' };
  const communityDispatcher = { id: 'u-disp-c', role: 'dispatcher' as const, scopeCode: '140213001001' };
  const admin = { id: 'u-admin', role: 'admin' as const, scopeCode: '140213' };
  const staff = { id: 'u-staff', role: 'department_staff' as const, scopeCode: '140213', departmentCode: '140213D01' };
  const otherStaff = {
    id: 'u-staff-2',
    role: 'department_staff' as const,
    scopeCode: '140213',
    departmentCode: '140213D02',
  };
  const party = { id: 'u-party', role: 'party_member' as const, scopeCode: '140213001001' };
  const escalated = { level: 'township' as const, tier: 'escalate' as const };
  const withDepartment = { ...escalated, departmentCode: '140213D01', assigneeId: null };

  it('dispatch with departmentCode hands an escalated matter to the department: nobody assigned', () => {
    for (const actor of [dispatcher, admin]) {
      for (const level of ['township', 'county', 'city'] as const) {
        expect(
          decideTransition(input('accepted', 'dispatch', { departmentCode: '140213D01' }, actor, { level })),
        ).toEqual({
          from: 'accepted',
          to: 'dispatched',
          assigneeId: null,
          departmentCode: '140213D01',
          level,
          reworkCount: 0,
          eventType: 'dispatched',
        });
      }
    }
  });

  it('a grid- or community-level matter cannot go to a department: 409 naming the level', () => {
    for (const level of ['grid', 'community'] as const) {
      const outcome = attempt(input('accepted', 'dispatch', { departmentCode: '140213D01' }, dispatcher, { level }));
      expectError(outcome, ErrorCode.StateConflict, 409, 'level');
      expect((outcome as { message: string }).message).toContain('报大事');
    }
  });

  it('both assigneeId and departmentCode → 400; a person dispatch still needs assigneeId', () => {
    expectError(
      attempt(
        input('accepted', 'dispatch', { departmentCode: '140213D01', assigneeId: 'u-party' }, dispatcher, escalated),
      ),
      ErrorCode.ValidationFailed,
      400,
      'assigneeId',
    );
    expectError(
      attempt(input('accepted', 'dispatch', {}, dispatcher, escalated)),
      ErrorCode.ValidationFailed,
      400,
      'assigneeId',
    );
    expectError(
      attempt(input('accepted', 'dispatch', { departmentCode: ' ' }, dispatcher, escalated)),
      ErrorCode.ValidationFailed,
      400,
      'departmentCode',
    );
  });

  it('only the township desk or an admin hands over: other roles and a community dispatcher → 403', () => {
    for (const actor of [party, staff, { id: 'u-sup', role: 'supervisor' as const, scopeCode: '140213' }]) {
      expectError(
        attempt(input('accepted', 'dispatch', { departmentCode: '140213D01' }, actor, escalated)),
        ErrorCode.Forbidden,
        403,
      );
    }
    expectError(
      attempt(input('accepted', 'dispatch', { departmentCode: '140213D01' }, communityDispatcher, escalated)),
      ErrorCode.Forbidden,
      403,
    );
    // an admin still does not dispatch to a person
    expectError(
      attempt(input('accepted', 'dispatch', { assigneeId: 'u-party' }, admin, escalated)),
      ErrorCode.Forbidden,
      403,
    );
    // and the status is checked after who
    expectError(
      attempt(input('submitted', 'dispatch', { departmentCode: '140213D01' }, dispatcher, escalated)),
      ErrorCode.StateConflict,
      409,
    );
  });

  it('any staff of the department claims an unclaimed ticket and becomes its assignee; nobody else', () => {
    expect(decideTransition(input('dispatched', 'claim', {}, staff, withDepartment))).toEqual({
      from: 'dispatched',
      to: 'claimed',
      assigneeId: staff.id,
      departmentCode: '140213D01',
      level: 'township',
      reworkCount: 0,
      eventType: 'claimed',
    });
    for (const actor of [otherStaff, party, dispatcher, admin]) {
      expectError(attempt(input('dispatched', 'claim', {}, actor, withDepartment)), ErrorCode.Forbidden, 403);
    }
    // staff without a department are of no department
    expectError(
      attempt(input('dispatched', 'claim', {}, { ...staff, departmentCode: null }, withDepartment)),
      ErrorCode.Forbidden,
      403,
    );
  });

  it('once claimed (and after rework) the assignee acts as for any ticket', () => {
    const claimed = { ...withDepartment, assigneeId: staff.id };
    expect(decideTransition(input('claimed', 'resolve', { result: '已清理' }, staff, claimed))).toMatchObject({
      to: 'resolved',
      assigneeId: staff.id,
      departmentCode: '140213D01',
    });
    const colleague = { ...staff, id: 'u-staff-3' };
    expectError(attempt(input('claimed', 'resolve', { result: 'x' }, colleague, claimed)), ErrorCode.Forbidden, 403);
    // rework: back to dispatched with the same assignee and department; only they claim again
    const rework = decideTransition(
      input('resolved', 'verify', { outcome: 'rework' }, { id: 'u-sup', role: 'supervisor' }, claimed),
    );
    expect(rework).toMatchObject({ to: 'dispatched', assigneeId: staff.id, departmentCode: '140213D01' });
    expect(decideTransition(input('dispatched', 'claim', {}, staff, claimed)).to).toBe('claimed');
    expectError(attempt(input('dispatched', 'claim', {}, colleague, claimed)), ErrorCode.Forbidden, 403);
  });

  it('decline (退单) by the department: back to the desk, department and assignee cleared', () => {
    for (const [from, ticket] of [
      ['dispatched', withDepartment],
      ['claimed', { ...withDepartment, assigneeId: staff.id }],
    ] as const) {
      expect(decideTransition(input(from, 'decline', { reason: '不属本部门职责' }, staff, ticket))).toEqual({
        from,
        to: 'accepted',
        assigneeId: null,
        departmentCode: null,
        level: 'township',
        reworkCount: 0,
        eventType: 'declined',
      });
      expectError(attempt(input(from, 'decline', { reason: 'x' }, otherStaff, ticket)), ErrorCode.Forbidden, 403);
      expectError(attempt(input(from, 'decline', {}, staff, ticket)), ErrorCode.ValidationFailed, 400, 'reason');
    }
  });

  it('mayDispatchToDepartment: the township or county desk, an escalated accepted ticket', () => {
    const township = { status: 'accepted' as const, level: 'township' as const };
    expect(mayDispatchToDepartment(dispatcher, township)).toBe(true);
    expect(mayDispatchToDepartment(admin, { ...township, level: 'county' })).toBe(true);
    expect(mayDispatchToDepartment(communityDispatcher, township)).toBe(false);
    expect(mayDispatchToDepartment(dispatcher, { ...township, level: 'community' })).toBe(false);
    expect(mayDispatchToDepartment(dispatcher, { ...township, status: 'dispatched' })).toBe(false);
    expect(mayDispatchToDepartment({ role: 'supervisor', scopeCode: '140213' }, township)).toBe(false);
  });

  it('allowedActions knows the department variants', () => {
    const dept = { departmentCode: '140213D01', assigneeId: null };
    expect(allowedActions('dispatched', 'department_staff', false, { ...dept, ofMyDepartment: true })).toEqual([
      'claim',
      'decline',
      'comment',
    ]);
    expect(allowedActions('dispatched', 'department_staff', false, { ...dept, ofMyDepartment: false })).toEqual([
      'comment',
    ]);
    expect(allowedActions('accepted', 'admin', false)).toEqual(['comment']);
    expect(
      allowedActions('claimed', 'department_staff', true, { ...dept, assigneeId: 'u-staff', ofMyDepartment: true }),
    ).toEqual(['decline', 'resolve', 'comment']);
  });
});

describe('replayTimeline', () => {
  it('folds a timeline to its status', () => {
    expect(replayTimeline([{ fromStatus: null, toStatus: 'submitted' }])).toBe('submitted');
    expect(
      replayTimeline([
        { fromStatus: null, toStatus: 'submitted' },
        { fromStatus: 'submitted', toStatus: 'submitted' }, // comment
        { fromStatus: 'submitted', toStatus: 'accepted' },
        { fromStatus: 'accepted', toStatus: null }, // warning
        { fromStatus: 'accepted', toStatus: 'dispatched' },
        { fromStatus: 'dispatched', toStatus: 'claimed' },
        { fromStatus: 'claimed', toStatus: 'resolved' },
        { fromStatus: 'resolved', toStatus: 'verified' },
        { fromStatus: 'verified', toStatus: 'archived' },
      ]),
    ).toBe('archived');
  });

  it('throws when an event does not start from the status reached so far', () => {
    expect(() => replayTimeline([])).toThrow(/no status/);
    expect(() => replayTimeline([{ fromStatus: 'submitted', toStatus: 'accepted' }])).toThrow(/#1/);
    expect(() =>
      replayTimeline([
        { fromStatus: null, toStatus: 'submitted' },
        { fromStatus: 'accepted', toStatus: 'dispatched' },
      ]),
    ).toThrow(/#2 starts from accepted but the ticket is submitted/);
    expect(() =>
      replayTimeline([
        { fromStatus: null, toStatus: 'submitted' },
        { fromStatus: null, toStatus: 'submitted' },
      ]),
    ).toThrow(/#2/);
  });
});

// ---------------------------------------------------------------------------------------------
// Model test: random command sequences from `submitted`.

/** Every (from, action, to) the flow may produce, written out by hand. */
const ALLOWED_EDGES = new Set([
  'submitted accept accepted',
  'submitted accept dispatched', // handleSelf
  'accepted dispatch dispatched',
  'dispatched claim claimed',
  'dispatched decline accepted',
  'claimed decline accepted',
  'claimed resolve resolved',
  'resolved verify verified',
  'resolved verify dispatched', // rework
  'verified archive archived',
  'submitted reject rejected',
  'accepted reject rejected',
  'submitted escalate submitted',
  'accepted escalate accepted',
  'dispatched escalate dispatched',
  'claimed escalate claimed',
  'resolved escalate resolved',
  'submitted comment submitted',
  'accepted comment accepted',
  'dispatched comment dispatched',
  'claimed comment claimed',
  'resolved comment resolved',
  'verified comment verified',
  'rejected comment rejected',
]);
const LEVELS: TicketLevel[] = ['grid', 'community', 'township', 'county', 'city'];
const HANDLERS: Record<string, Role> = { 'u-party': 'party_member', 'u-grid': 'grid_worker' };

type ActorPick = 'assignee' | Role;
/** Either a concrete (action, actor), or a pick from what a user would typically try next (GUIDE). */
type Move = { action: TicketAction; actor: ActorPick } | { guide: number };
interface Command {
  move: Move;
  body: TransitionBody;
  /** Record a status-keeping event with toStatus null instead of the same status. */
  nullWhenKept: boolean;
}

// What a user would typically try in each status (repeats weigh the main path over side exits), so
// that runs get deep into the flow. This only steers the generator; the assertions never use it.
const GUIDE: Record<TicketStatus, [TicketAction, ActorPick][]> = {
  submitted: [
    ['accept', 'grid_worker'],
    ['accept', 'dispatcher'],
    ['accept', 'grid_worker'],
    ['reject', 'dispatcher'],
    ['escalate', 'grid_worker'],
    ['comment', 'admin'],
  ],
  accepted: [
    ['dispatch', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['dispatch', 'dispatcher'],
    ['reject', 'grid_worker'],
    ['escalate', 'dispatcher'],
    ['comment', 'party_member'],
  ],
  dispatched: [
    ['claim', 'assignee'],
    ['claim', 'assignee'],
    ['claim', 'assignee'],
    ['decline', 'assignee'],
    ['escalate', 'grid_worker'],
    ['comment', 'supervisor'],
  ],
  claimed: [
    ['resolve', 'assignee'],
    ['resolve', 'assignee'],
    ['resolve', 'assignee'],
    ['decline', 'assignee'],
    ['escalate', 'dispatcher'],
    ['comment', 'admin'],
  ],
  resolved: [
    ['verify', 'supervisor'],
    ['verify', 'supervisor'],
    ['verify', 'supervisor'],
    ['escalate', 'grid_worker'],
    ['comment', 'party_member'],
  ],
  verified: [
    ['archive', 'supervisor'],
    ['comment', 'supervisor'],
  ],
  archived: [
    ['comment', 'supervisor'],
    ['archive', 'supervisor'],
  ],
  rejected: [
    ['comment', 'admin'],
    ['accept', 'dispatcher'],
  ],
};
const anyPair = fc.tuple(
  fc.constantFrom<TicketAction>(...ACTIONS),
  fc.constantFrom<ActorPick>('assignee', ...ALL_ROLES),
);
const validBody = fc.record({
  handleSelf: fc.boolean(),
  outcome: fc.constantFrom('pass', 'rework'),
  reason: fc.constantFrom('not_admissible', 'duplicate', 'invalid', 'transferred'),
  comment: fc.constant('checked'),
  result: fc.constant('fixed'),
  duplicateOf: fc.constant('T-1'),
  department: fc.constant('住建局'),
  assigneeId: fc.constantFrom('u-party', 'u-grid'),
}) as fc.Arbitrary<TransitionBody>;
const messyBody = fc.record(
  {
    handleSelf: fc.constantFrom(true, false, undefined),
    outcome: fc.constantFrom('pass', 'rework', undefined, 'maybe'),
    reason: fc.constantFrom('not_admissible', 'duplicate', 'invalid', 'transferred', 'too far', '', undefined),
    comment: fc.constantFrom('checked', '', '  ', undefined),
    result: fc.constantFrom('fixed', '', '  ', undefined),
    duplicateOf: fc.constantFrom('T-1', '', undefined),
    department: fc.constantFrom('住建局', '', undefined),
    assigneeId: fc.constantFrom('u-party', 'u-grid', '', undefined),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<TransitionBody>;
const commandArb: fc.Arbitrary<Command> = fc.record({
  move: fc.oneof(
    { arbitrary: fc.nat({ max: 1000 }).map((guide): Move => ({ guide })), weight: 3 },
    { arbitrary: anyPair.map(([action, actor]): Move => ({ action, actor })), weight: 1 },
  ),
  body: fc.oneof({ arbitrary: validBody, weight: 3 }, { arbitrary: messyBody, weight: 1 }),
  nullWhenKept: fc.boolean(),
});

describe('ticket flow: model', () => {
  it('property: random command sequences only take allowed edges, finals stay final, the timeline replays', () => {
    const reached = new Set<string>();
    const refusals = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom<ItemTier>('grid', 'escalate'),
        fc.array(commandArb, { maxLength: 40, size: 'max' }),
        (tier, commands) => {
          let state = {
            status: 'submitted' as TicketStatus,
            assigneeId: null as string | null,
            level: 'grid' as TicketLevel,
            reworkCount: 0,
          };
          const roleOf = new Map<string, Role>(Object.entries(HANDLERS));
          const events: { fromStatus: TicketStatus | null; toStatus: TicketStatus | null }[] = [
            { fromStatus: null, toStatus: 'submitted' },
          ];
          let reworks = 0;
          commands.forEach((cmd, step) => {
            const [action, pick] =
              'guide' in cmd.move
                ? GUIDE[state.status][cmd.move.guide % GUIDE[state.status].length]
                : [cmd.move.action, cmd.move.actor];
            const actor =
              pick === 'assignee'
                ? state.assigneeId !== null
                  ? { id: state.assigneeId, role: roleOf.get(state.assigneeId)! }
                  : { id: `nobody#${step}`, role: 'party_member' as const }
                : { id: `${pick}#${step}`, role: pick };
            const before = Object.freeze({ ...state });
            let t: TicketTransition;
            try {
              t = decideTransition({
                status: before.status,
                action,
                actor,
                ticket: Object.freeze({
                  assigneeId: before.assigneeId,
                  tier,
                  level: before.level,
                  reworkCount: before.reworkCount,
                }),
                body: cmd.body,
              });
            } catch (err) {
              expect(err).toBeInstanceOf(DomainException);
              const code = (err as DomainException).code;
              expect([
                ErrorCode.Forbidden,
                ErrorCode.StateConflict,
                ErrorCode.ValidationFailed,
                ErrorCode.EscalationRequired,
              ]).toContain(code);
              if (code === ErrorCode.EscalationRequired) expect(tier).toBe('escalate');
              refusals.add(code);
              expect(state).toEqual(before); // state unchanged
              return;
            }
            const edge = `${t.from} ${action} ${t.to}`;
            expect(t.from).toBe(before.status);
            expect({ edge, allowed: ALLOWED_EDGES.has(edge) }).toEqual({ edge, allowed: true });
            reached.add(edge);
            if (FINAL.includes(before.status)) expect(t.to).toBe(before.status);
            // level moves only by escalation, one rung at a time
            const rung = LEVELS.indexOf(t.level) - LEVELS.indexOf(before.level);
            expect(rung).toBe(action === 'escalate' ? 1 : 0);
            // rework is counted, nothing else counts
            if (t.eventType === 'rework') reworks += 1;
            expect(t.reworkCount).toBe(reworks);
            // whoever works on it is known
            if (['dispatched', 'claimed', 'resolved'].includes(t.to)) expect(t.assigneeId).not.toBeNull();
            if (t.assigneeId !== null && !roleOf.has(t.assigneeId)) roleOf.set(t.assigneeId, actor.role);
            events.push({ fromStatus: t.from, toStatus: t.to === t.from && cmd.nullWhenKept ? null : t.to });
            state = { status: t.to, assigneeId: t.assigneeId, level: t.level, reworkCount: t.reworkCount };
          });
          expect(replayTimeline(events)).toBe(state.status);
        },
      ),
      { numRuns: 400 },
    );
    // the generator is strong enough to reach every edge and every kind of refusal
    expect([...ALLOWED_EDGES].filter((e) => !reached.has(e))).toEqual([]);
    expect([...refusals].sort()).toEqual(
      [ErrorCode.Forbidden, ErrorCode.StateConflict, ErrorCode.ValidationFailed, ErrorCode.EscalationRequired].sort(),
    );
  });
});
