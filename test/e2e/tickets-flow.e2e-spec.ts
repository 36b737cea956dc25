import pg from 'pg';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
  ticketClient,
  must,
  createRoster,
} from '../support/index.js';

/**
 * The six-step flow (六联单) through the real endpoints: the happy path and its timeline,
 * handleSelf, decline, rework, reject, escalate, comments, and for every action who may take
 * it (200 / 403 / 404 out of scope) and from which status (409 otherwise).
 */

type Status = 'submitted' | 'accepted' | 'dispatched' | 'claimed' | 'resolved' | 'verified' | 'archived' | 'rejected';
type Action =
  'accept' | 'dispatch' | 'claim' | 'decline' | 'resolve' | 'verify' | 'archive' | 'reject' | 'escalate' | 'comments';

const STATUSES: Status[] = [
  'submitted',
  'accepted',
  'dispatched',
  'claimed',
  'resolved',
  'verified',
  'archived',
  'rejected',
];
const OPEN: Status[] = ['submitted', 'accepted', 'dispatched', 'claimed', 'resolved'];
const ACTIONS: Action[] = [
  'accept',
  'dispatch',
  'claim',
  'decline',
  'resolve',
  'verify',
  'archive',
  'reject',
  'escalate',
  'comments',
];
/** The statuses each action starts from (API.md "Tickets"). */
const FROM: Record<Action, Status[]> = {
  accept: ['submitted'],
  dispatch: ['accepted'],
  claim: ['dispatched'],
  decline: ['dispatched', 'claimed'],
  resolve: ['claimed'],
  verify: ['resolved'],
  archive: ['verified'],
  reject: ['submitted', 'accepted'],
  escalate: OPEN,
  comments: STATUSES.filter((s) => s !== 'archived'),
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** YYYYMMDD of an instant in Asia/Shanghai (UTC+8 all year). */
const shanghaiDay = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');

interface Ticket {
  id: string;
  status: Status;
  version: number;
  level: string;
  assignee: { id: string; displayName: string } | null;
  timeline: TimelineEvent[];
  [k: string]: unknown;
}
interface TimelineEvent {
  seq: number;
  type: string;
  at: string;
  actor: { id: string; displayName: string; role: string } | null;
  fromStatus: string | null;
  toStatus: string | null;
  comment: string | null;
  data: Record<string, unknown>;
}

describe('tickets: the six-step flow (六联单)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  // in scope of grids[0] (community 0, township 0)
  let admin: TestUser;
  let supervisor: TestUser;
  let dispatcher: TestUser;
  let worker: TestUser;
  let party: TestUser;
  let party2: TestUser;
  // out of scope of grids[0]
  let worker1: TestUser; // grid_worker of grids[1]: same community, another grid
  let outDispatcher: TestUser;
  let outWorker: TestUser;
  let outParty: TestUser;
  let outSupervisor: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker: worker, dispatcher, party, supervisor, admin } = await createRoster(api.app, city));
    [party2, worker1, outDispatcher, outWorker, outParty, outSupervisor] = await Promise.all([
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'dispatcher', city.communities[2]),
      createTestUser(api.app, 'grid_worker', city.grids[6]),
      createTestUser(api.app, 'party_member', city.communities[2]),
      createTestUser(api.app, 'supervisor', city.townships[1]),
    ]);
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);

  const get = async (id: string, user: TestUser = supervisor): Promise<Ticket> => {
    const res = await ticketApi.get(user, id);
    expect(res.status).toBe(200);
    return res.body;
  };
  let filed = 0;
  const fileTicket = async (itemCode = 'B01', extra: object = {}): Promise<Ticket> =>
    must(
      await ticketApi.file(worker, {
        itemCode,
        gridCode: city.grids[0],
        description: `楼上漏水，与邻居协商未果 #${++filed}`,
        ...extra,
      }),
      'file',
    );

  /** A fresh ticket of grids[0] driven to `status` through the real endpoints. */
  async function ticketAt(status: Status, opts: { itemCode?: string; assignee?: TestUser } = {}): Promise<Ticket> {
    const assignee = opts.assignee ?? party;
    let t = await fileTicket(opts.itemCode);
    if (status === 'rejected') {
      must(await ticketApi.act(dispatcher, t.id, 'reject', { reason: 'invalid', comment: '无效诉求' }), 'reject');
      return get(t.id);
    }
    t = await ticketApi.driveTo(t, status, { desk: dispatcher, assignee, supervisor });
    expect(t.status).toBe(status);
    // with its timeline (GET /tickets/:id)
    return get(t.id);
  }
  const lastEvent = async (id: string) => (await get(id)).timeline.at(-1);

  describe('the happy path', () => {
    it('walks submitted → accepted → dispatched → claimed → resolved → verified → archived', async () => {
      const before = Date.now();
      const res = await ticketApi.file(worker, {
        itemCode: 'B01',
        gridCode: city.grids[0],
        description: '楼上漏水，与邻居协商未果',
        reporter: { name: '王女士', phone: '13812345678' },
      });
      const after = Date.now();
      expect(res.status).toBe(201);
      const t0 = res.body;
      expect(t0).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID),
          number: expect.stringMatching(/^\d{14}$/),
          trackingCode: expect.stringMatching(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/),
          status: 'submitted',
          itemCode: 'B01',
          gridCode: city.grids[0],
          level: 'grid',
          description: '楼上漏水，与邻居协商未果',
          location: null,
          urgent: false,
          reporter: { name: '王女士', phone: '138****5678' },
          assignee: null,
          dueAt: expect.stringMatching(ISO),
          warning: false,
          overdue: false,
          escalations: 0,
          reworkCount: 0,
          satisfaction: null,
          createdAt: expect.stringMatching(ISO),
          updatedAt: expect.stringMatching(ISO),
          version: 1,
        }),
      );
      expect([shanghaiDay(before), shanghaiDay(after)]).toContain(t0.number.slice(0, 8));
      expect(Number(t0.number.slice(8))).toBeGreaterThanOrEqual(1);
      expect(new Date(t0.dueAt).getTime()).toBeGreaterThan(new Date(t0.createdAt).getTime());

      const steps: [TestUser, Action, object, Status][] = [
        [worker, 'accept', { comment: '已接单' }, 'accepted'],
        [dispatcher, 'dispatch', { assigneeId: party.id, comment: '请党员王某处理' }, 'dispatched'],
        [party, 'claim', {}, 'claimed'],
        [party, 'resolve', { result: '已协调物业维修，漏水已停止' }, 'resolved'],
        [
          supervisor,
          'verify',
          { outcome: 'pass', satisfaction: 'satisfied', callbackNote: '电话回访满意' },
          'verified',
        ],
        [supervisor, 'archive', { comment: '归档' }, 'archived'],
      ];
      let prev = t0;
      for (const [user, action, body, to] of steps) {
        const r = await ticketApi.act(user, t0.id, action, body);
        expect({ action, status: r.status }).toEqual({ action, status: 200 });
        const t = r.body;
        expect({ action, status: t.status, version: t.version, level: t.level }).toEqual({
          action,
          status: to,
          version: prev.version + 1,
          level: 'grid',
        });
        expect(new Date(t.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(prev.updatedAt).getTime());
        expect(t.number).toBe(t0.number);
        expect(t.trackingCode).toBe(t0.trackingCode);
        expect(t.createdAt).toBe(t0.createdAt);
        // a step is pending until archived: then nothing is due
        if (to === 'archived') expect(t.dueAt).toBeNull();
        else expect({ action, dueAt: t.dueAt }).toEqual({ action, dueAt: expect.stringMatching(ISO) });
        prev = t;
      }
      expect(prev).toEqual(
        expect.objectContaining({
          status: 'archived',
          assignee: { id: party.id, displayName: party.displayName },
          satisfaction: 'satisfied',
          escalations: 0,
          reworkCount: 0,
          version: 7,
        }),
      );

      const t = await get(t0.id);
      const actorOf = (u: TestUser) => ({ id: u.id, displayName: u.displayName, role: u.role });
      expect(
        t.timeline.map((e) => ({
          seq: e.seq,
          type: e.type,
          actor: e.actor,
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
        })),
      ).toEqual([
        { seq: 1, type: 'filed', actor: actorOf(worker), fromStatus: null, toStatus: 'submitted' },
        { seq: 2, type: 'accepted', actor: actorOf(worker), fromStatus: 'submitted', toStatus: 'accepted' },
        { seq: 3, type: 'dispatched', actor: actorOf(dispatcher), fromStatus: 'accepted', toStatus: 'dispatched' },
        { seq: 4, type: 'claimed', actor: actorOf(party), fromStatus: 'dispatched', toStatus: 'claimed' },
        { seq: 5, type: 'resolved', actor: actorOf(party), fromStatus: 'claimed', toStatus: 'resolved' },
        { seq: 6, type: 'verified', actor: actorOf(supervisor), fromStatus: 'resolved', toStatus: 'verified' },
        { seq: 7, type: 'archived', actor: actorOf(supervisor), fromStatus: 'verified', toStatus: 'archived' },
      ]);
      const times = t.timeline.map((e) => new Date(e.at).getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const e of t.timeline) expect(e.at).toMatch(ISO);
      expect(t.timeline[1].comment).toBe('已接单');
      expect(t.timeline[2].comment).toBe('请党员王某处理');
      expect(t.timeline[2].data).toEqual(expect.objectContaining({ assigneeId: party.id }));
      expect(t.timeline[4].data).toEqual(expect.objectContaining({ result: '已协调物业维修，漏水已停止' }));
      expect(t.timeline[5].data).toEqual(
        expect.objectContaining({ outcome: 'pass', satisfaction: 'satisfied', callbackNote: '电话回访满意' }),
      );
      // archived is read-only: no action is open to anyone but reading
      expect(t.allowedActions).toEqual([]);
    });

    it('handleSelf on a grid-tier item (B01) dispatches to the accepting grid worker, who then handles it', async () => {
      const t0 = await fileTicket('B01');
      const res = await ticketApi.act(worker, t0.id, 'accept', { handleSelf: true, comment: '网格自办' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'dispatched',
          assignee: { id: worker.id, displayName: worker.displayName },
          version: 2,
          dueAt: expect.stringMatching(ISO),
        }),
      );
      expect(await lastEvent(t0.id)).toEqual(
        expect.objectContaining({
          seq: 2,
          type: 'accepted_self',
          fromStatus: 'submitted',
          toStatus: 'dispatched',
          actor: { id: worker.id, displayName: worker.displayName, role: 'grid_worker' },
          // the new step's due time rides on the event that starts it
          data: { handleSelf: true, dueAt: expect.stringMatching(ISO) },
        }),
      );
      expect((await ticketApi.act(worker, t0.id, 'claim')).body.status).toBe('claimed');
      expect((await ticketApi.act(worker, t0.id, 'resolve', { result: '已调解' })).body.status).toBe('resolved');
    });

    it('handleSelf on an escalate-tier item (C01) → 422 ESCALATION_REQUIRED and nothing changes', async () => {
      const t0 = await fileTicket('C01');
      for (const user of [worker, dispatcher]) {
        const res = await ticketApi.act(user, t0.id, 'accept', { handleSelf: true });
        expectApiError(res, 422, 'ESCALATION_REQUIRED', user.role);
      }
      const t = await get(t0.id);
      expect(t).toEqual(expect.objectContaining({ status: 'submitted', version: 1, assignee: null }));
      expect(t.timeline).toHaveLength(1);
      // without handleSelf it is accepted as usual
      expect((await ticketApi.act(worker, t0.id, 'accept', { handleSelf: false })).body.status).toBe('accepted');
    });

    it('decline (退单) from dispatched and from claimed → accepted with the assignee cleared', async () => {
      for (const from of ['dispatched', 'claimed'] as const) {
        const t0 = await ticketAt(from);
        const res = await ticketApi.act(party, t0.id, 'decline', { reason: '不在本人联系范围' });
        expect({ from, status: res.status }).toEqual({ from, status: 200 });
        expect(res.body).toEqual(
          expect.objectContaining({ status: 'accepted', assignee: null, version: t0.version + 1 }),
        );
        expect(await lastEvent(t0.id)).toEqual(
          expect.objectContaining({
            type: 'declined',
            fromStatus: from,
            toStatus: 'accepted',
            comment: '不在本人联系范围',
            data: expect.objectContaining({ previousAssigneeId: party.id }),
          }),
        );
        // the former assignee may no longer act on it; it can be dispatched again
        expectApiError(await ticketApi.act(party, t0.id, 'claim'), 403, 'FORBIDDEN');
        const again = await ticketApi.act(dispatcher, t0.id, 'dispatch', { assigneeId: party2.id });
        expect(again.status).toBe(200);
        expect(again.body.assignee).toEqual({ id: party2.id, displayName: party2.displayName });
      }
    });

    it('verify rework (返工) → dispatched to the same assignee with reworkCount 1', async () => {
      const t0 = await ticketAt('resolved');
      const res = await ticketApi.act(supervisor, t0.id, 'verify', {
        outcome: 'rework',
        callbackNote: '群众反映仍在漏水',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'dispatched',
          reworkCount: 1,
          assignee: { id: party.id, displayName: party.displayName },
          dueAt: expect.stringMatching(ISO),
        }),
      );
      expect(await lastEvent(t0.id)).toEqual(
        expect.objectContaining({
          type: 'rework',
          fromStatus: 'resolved',
          toStatus: 'dispatched',
          data: expect.objectContaining({ outcome: 'rework', reworkCount: 1 }),
        }),
      );
      // the same handler claims and resolves again; the count stays
      expect((await ticketApi.act(party, t0.id, 'claim')).status).toBe(200);
      expect((await ticketApi.act(party, t0.id, 'resolve', { result: '已更换管道' })).status).toBe(200);
      const pass = await ticketApi.act(supervisor, t0.id, 'verify', { outcome: 'pass' });
      expect(pass.body).toEqual(expect.objectContaining({ status: 'verified', reworkCount: 1 }));
    });

    it('verify validates outcome and satisfaction (400)', async () => {
      const t0 = await ticketAt('resolved');
      for (const body of [{}, { outcome: 'maybe' }, { outcome: 'pass', satisfaction: 'thrilled' }]) {
        expectApiError(
          await ticketApi.act(supervisor, t0.id, 'verify', body),
          400,
          'VALIDATION_FAILED',
          JSON.stringify(body),
        );
      }
      expect((await get(t0.id)).version).toBe(t0.version);
    });

    it('dispatch only to a party member or grid worker whose scope covers the grid (400 otherwise)', async () => {
      const t0 = await ticketAt('accepted');
      for (const assignee of [outParty, outWorker, worker1, supervisor, dispatcher]) {
        const res = await ticketApi.act(dispatcher, t0.id, 'dispatch', { assigneeId: assignee.id });
        expectApiError(res, 400, 'VALIDATION_FAILED', `${assignee.role} ${assignee.scopeCode}`);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
      }
      for (const assigneeId of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', undefined]) {
        expectApiError(await ticketApi.act(dispatcher, t0.id, 'dispatch', { assigneeId }), 400, 'VALIDATION_FAILED');
      }
      expect((await get(t0.id)).version).toBe(t0.version);
      // a grid worker of the ticket's own grid is a valid handler
      const ok = await ticketApi.act(dispatcher, t0.id, 'dispatch', { assigneeId: worker.id });
      expect(ok.status).toBe(200);
      expect(ok.body.assignee.id).toBe(worker.id);
    });
  });

  describe('reject', () => {
    const reasons = (original: string) => [
      { reason: 'not_admissible', comment: '不属于网格事项，已告知群众拨打12345' },
      { reason: 'invalid', comment: '无法核实' },
      { reason: 'duplicate', comment: '重复上报', duplicateOf: original },
      { reason: 'transferred', comment: '转办住建局', department: '住建局' },
    ];

    it('rejects with each reason, from submitted and from accepted, by grid worker and dispatcher', async () => {
      const original = await fileTicket('B02');
      for (const from of ['submitted', 'accepted'] as const) {
        for (const [i, body] of reasons(original.id).entries()) {
          const t0 = await ticketAt(from);
          const user = i % 2 ? dispatcher : worker;
          const res = await ticketApi.act(user, t0.id, 'reject', body);
          expect({ from, reason: body.reason, status: res.status }).toEqual({
            from,
            reason: body.reason,
            status: 200,
          });
          expect(res.body).toEqual(expect.objectContaining({ status: 'rejected', dueAt: null }));
          expect(await lastEvent(t0.id)).toEqual(
            expect.objectContaining({
              type: 'rejected',
              fromStatus: from,
              toStatus: 'rejected',
              comment: body.comment,
              data: {
                reason: body.reason,
                duplicateOf: body.duplicateOf ?? null,
                department: body.department ?? null,
              },
            }),
          );
        }
      }
    });

    it('refuses incomplete reject bodies with 400 naming the field, changing nothing', async () => {
      const original = await fileTicket('B02');
      for (const from of ['submitted', 'accepted'] as const) {
        const t0 = await ticketAt(from);
        const cases: [object, string][] = [
          [{ reason: 'duplicate', comment: '重复' }, 'duplicateOf'],
          [{ reason: 'transferred', comment: '转办' }, 'department'],
          [{ reason: 'transferred', comment: '转办', department: '' }, 'department'],
          [{ reason: 'invalid' }, 'comment'],
          [{ reason: 'spam', comment: 'x' }, 'reason'],
          [{ reason: 'duplicate', comment: '重复', duplicateOf: t0.id }, 'duplicateOf'],
          [
            { reason: 'duplicate', comment: '重复', duplicateOf: '00000000-0000-4000-8000-000000000000' },
            'duplicateOf',
          ],
        ];
        for (const [body, field] of cases) {
          const res = await ticketApi.act(dispatcher, t0.id, 'reject', body);
          expectApiError(res, 400, 'VALIDATION_FAILED', `${from} ${JSON.stringify(body)}`);
          expect({ body, fields: res.body.details.map((d: { field: string }) => d.field) }).toEqual({
            body,
            fields: expect.arrayContaining([field]),
          });
        }
        const t = await get(t0.id);
        expect({ status: t.status, version: t.version }).toEqual({ status: from, version: t0.version });
        // a duplicate of a ticket of another community is not a valid original
        const other = must(
          await ticketApi.file(outWorker, { itemCode: 'B02', gridCode: city.grids[6], description: '别处的工单' }),
          'file other',
        );
        const res = await ticketApi.act(dispatcher, t0.id, 'reject', {
          reason: 'duplicate',
          comment: 'x',
          duplicateOf: other.id,
        });
        expectApiError(res, 400, 'VALIDATION_FAILED');
        // with the original in scope it works
        const ok = await ticketApi.act(dispatcher, t0.id, 'reject', {
          reason: 'duplicate',
          comment: '重复',
          duplicateOf: original.id,
        });
        expect(ok.status).toBe(200);
      }
    });

    it('a rejected ticket takes comments, nothing else', async () => {
      const t0 = await ticketAt('rejected');
      expect((await ticketApi.act(worker, t0.id, 'comments', { text: '已电话告知群众' })).body.status).toBe('rejected');
      expectApiError(await ticketApi.act(dispatcher, t0.id, 'accept'), 409, 'STATE_CONFLICT');
      expectApiError(
        await ticketApi.act(dispatcher, t0.id, 'reject', { reason: 'invalid', comment: 'x' }),
        409,
        'STATE_CONFLICT',
      );
    });
  });

  describe('escalate (报大事)', () => {
    it('raises the level one step at a time, counts escalations and keeps the status', async () => {
      const t0 = await fileTicket('C01');
      const expected = ['community', 'township', 'county', 'city'];
      let version = t0.version;
      for (const [i, level] of expected.entries()) {
        const user = i % 2 ? dispatcher : worker;
        const res = await ticketApi.act(user, t0.id, 'escalate', { reason: '涉及多户燃气管道，网格无法处置' });
        expect({ i, status: res.status }).toEqual({ i, status: 200 });
        expect(res.body).toEqual(
          expect.objectContaining({
            status: 'submitted',
            level,
            escalations: i + 1,
            version: ++version,
          }),
        );
        expect(await lastEvent(t0.id)).toEqual(
          expect.objectContaining({
            type: 'escalated',
            fromStatus: 'submitted',
            toStatus: 'submitted',
            comment: '涉及多户燃气管道，网格无法处置',
            data: expect.objectContaining({ fromLevel: i ? expected[i - 1] : 'grid', toLevel: level, manual: true }),
          }),
        );
      }
      // at the top already
      expectApiError(await ticketApi.act(worker, t0.id, 'escalate', { reason: '再报' }), 409, 'STATE_CONFLICT');
      expect(await get(t0.id)).toEqual(expect.objectContaining({ level: 'city', escalations: 4, version }));
    });

    it('escalates from claimed without moving the ticket, and needs a reason', async () => {
      const t0 = await ticketAt('claimed');
      expectApiError(await ticketApi.act(worker, t0.id, 'escalate', {}), 400, 'VALIDATION_FAILED');
      expectApiError(await ticketApi.act(worker, t0.id, 'escalate', { reason: '' }), 400, 'VALIDATION_FAILED');
      const res = await ticketApi.act(worker, t0.id, 'escalate', { reason: '需社区协调' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'claimed',
          level: 'community',
          escalations: 1,
          assignee: { id: party.id, displayName: party.displayName },
        }),
      );
      // the assignee carries on
      expect((await ticketApi.act(party, t0.id, 'resolve', { result: '社区协调解决' })).body.status).toBe('resolved');
    });
  });

  describe('comments', () => {
    it('append an event without changing the status, by every role in scope', async () => {
      const t0 = await ticketAt('claimed');
      let seq = t0.timeline.length;
      for (const user of [admin, supervisor, dispatcher, worker, party, party2]) {
        const res = await ticketApi.act(user, t0.id, 'comments', { text: `${user.role} 的备注` });
        expect({ role: user.role, status: res.status }).toEqual({ role: user.role, status: 200 });
        expect(res.body.status).toBe('claimed');
        const { timeline } = await get(t0.id);
        expect(timeline).toHaveLength(++seq);
        expect(timeline.at(-1)).toEqual(
          expect.objectContaining({
            seq,
            type: 'commented',
            fromStatus: 'claimed',
            toStatus: 'claimed',
            comment: `${user.role} 的备注`,
            actor: { id: user.id, displayName: user.displayName, role: user.role },
          }),
        );
      }
      expect((await get(t0.id)).assignee?.id).toBe(party.id);
    });

    it('refuses empty, missing or over-long text and unknown fields (400)', async () => {
      const t0 = await fileTicket();
      for (const body of [{}, { text: '' }, { text: 'x'.repeat(2001) }, { text: 'ok', mood: 'happy' }]) {
        expectApiError(
          await ticketApi.act(worker, t0.id, 'comments', body),
          400,
          'VALIDATION_FAILED',
          JSON.stringify(body),
        );
      }
      expect((await get(t0.id)).timeline).toHaveLength(1);
    });

    it('archived tickets are read-only: comments → 409 STATE_CONFLICT', async () => {
      const t0 = await ticketAt('archived');
      for (const user of [supervisor, dispatcher, worker, party]) {
        expectApiError(
          await ticketApi.act(user, t0.id, 'comments', { text: '补充说明' }),
          409,
          'STATE_CONFLICT',
          user.role,
        );
      }
      expect((await get(t0.id)).timeline).toHaveLength(t0.timeline.length);
    });
  });

  describe('who may act', () => {
    interface Spec {
      from: Status;
      to: Status;
      body: () => object;
      /** role-based: these users; assignee-based: each acts on a ticket assigned to them */
      allowed: () => TestUser[];
      assigneeOnly?: true;
      forbidden: () => TestUser[];
      outsiders: () => TestUser[];
    }
    const specs: Record<Action, Spec> = {
      accept: {
        from: 'submitted',
        to: 'accepted',
        body: () => ({ comment: '接单' }),
        allowed: () => [worker, dispatcher],
        forbidden: () => [admin, supervisor, party],
        outsiders: () => [worker1, outWorker, outDispatcher],
      },
      dispatch: {
        from: 'accepted',
        to: 'dispatched',
        body: () => ({ assigneeId: party.id }),
        allowed: () => [dispatcher],
        forbidden: () => [admin, supervisor, worker, party],
        outsiders: () => [outDispatcher],
      },
      claim: {
        from: 'dispatched',
        to: 'claimed',
        body: () => ({}),
        allowed: () => [party, worker],
        assigneeOnly: true,
        forbidden: () => [admin, supervisor, dispatcher, worker, party2],
        outsiders: () => [outParty, outWorker],
      },
      decline: {
        from: 'dispatched',
        to: 'accepted',
        body: () => ({ reason: '不在联系范围' }),
        allowed: () => [party, worker],
        assigneeOnly: true,
        forbidden: () => [admin, supervisor, dispatcher, worker, party2],
        outsiders: () => [outParty, outWorker],
      },
      resolve: {
        from: 'claimed',
        to: 'resolved',
        body: () => ({ result: '已解决' }),
        allowed: () => [party, worker],
        assigneeOnly: true,
        forbidden: () => [admin, supervisor, dispatcher, worker, party2],
        outsiders: () => [outParty, outWorker],
      },
      verify: {
        from: 'resolved',
        to: 'verified',
        body: () => ({ outcome: 'pass', satisfaction: 'very_satisfied' }),
        allowed: () => [supervisor],
        forbidden: () => [admin, dispatcher, worker, party],
        outsiders: () => [outSupervisor],
      },
      archive: {
        from: 'verified',
        to: 'archived',
        body: () => ({}),
        allowed: () => [supervisor],
        forbidden: () => [admin, dispatcher, worker, party],
        outsiders: () => [outSupervisor],
      },
      reject: {
        from: 'submitted',
        to: 'rejected',
        body: () => ({ reason: 'invalid', comment: '无法核实' }),
        allowed: () => [worker, dispatcher],
        forbidden: () => [admin, supervisor, party],
        outsiders: () => [worker1, outWorker, outDispatcher],
      },
      escalate: {
        from: 'accepted',
        to: 'accepted',
        body: () => ({ reason: '网格无法处置' }),
        allowed: () => [worker, dispatcher],
        forbidden: () => [admin, supervisor, party],
        outsiders: () => [worker1, outWorker, outDispatcher],
      },
      comments: {
        from: 'dispatched',
        to: 'dispatched',
        body: () => ({ text: '补充情况' }),
        allowed: () => [admin, supervisor, dispatcher, worker, party, party2],
        forbidden: () => [],
        outsiders: () => [worker1, outWorker, outDispatcher, outParty, outSupervisor],
      },
    };

    describe.each(ACTIONS)('%s', (action) => {
      const spec = specs[action];

      it('each allowed role succeeds (200)', async () => {
        for (const user of spec.allowed()) {
          const t0 = await ticketAt(spec.from, spec.assigneeOnly ? { assignee: user } : {});
          const res = await ticketApi.act(user, t0.id, action, spec.body());
          expect({ role: user.role, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({
            role: user.role,
            status: 200,
            body: null,
          });
          expect(res.body).toEqual(expect.objectContaining({ id: t0.id, status: spec.to, version: t0.version + 1 }));
          const { timeline } = await get(t0.id);
          expect(timeline).toHaveLength(t0.timeline.length + 1);
          expect(timeline.at(-1)!.actor).toEqual({
            id: user.id,
            displayName: user.displayName,
            role: user.role,
          });
        }
      });

      if (action !== 'comments') {
        it('each other role in scope → 403 FORBIDDEN (valid body), and nothing changes', async () => {
          const t0 = await ticketAt(spec.from);
          for (const user of spec.forbidden()) {
            const res = await ticketApi.act(user, t0.id, action, spec.body());
            expectApiError(res, 403, 'FORBIDDEN', `${user.role} ${user.scopeCode}`);
          }
          const t = await get(t0.id);
          expect({ status: t.status, version: t.version }).toEqual({ status: spec.from, version: t0.version });
          // the control: the same body from an allowed user passes
          expect((await ticketApi.act(spec.allowed()[0], t0.id, action, spec.body())).status).toBe(200);
        });
      }

      it('a user of another grid or community → 404 NOT_FOUND (even with an allowed role), nothing changes', async () => {
        const t0 = await ticketAt(spec.from);
        for (const user of spec.outsiders()) {
          const res = await ticketApi.act(user, t0.id, action, spec.body());
          expectApiError(res, 404, 'NOT_FOUND', `${user.role} ${user.scopeCode}`);
          // and the ticket itself is invisible to them
          expectApiError(await ticketApi.get(user, t0.id), 404, 'NOT_FOUND');
        }
        const t = await get(t0.id);
        expect({ status: t.status, version: t.version }).toEqual({ status: spec.from, version: t0.version });
        // unknown ids and non-uuids are 404 as well
        const allowed = spec.allowed()[0];
        for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-ticket']) {
          expectApiError(await ticketApi.act(allowed, id, action, spec.body()), 404, 'NOT_FOUND', id);
        }
      });
    });

    describe('from a status the action does not start from → 409 STATE_CONFLICT', () => {
      const tickets = new Map<Status, Ticket>();
      beforeAll(async () => {
        const all = await Promise.all(STATUSES.map((s) => ticketAt(s)));
        for (const t of all) tickets.set(t.status, t);
      });

      it.each(ACTIONS)('%s', async (action) => {
        const spec = specs[action];
        const wrong = STATUSES.filter((s) => !FROM[action].includes(s));
        expect(wrong.length).toBeGreaterThan(0);
        for (const status of wrong) {
          const t0 = tickets.get(status)!;
          // the assignee actions check "is the assignee" first: without one, nobody may (403)
          const user = spec.assigneeOnly ? party : spec.allowed()[0];
          const res = await ticketApi.act(user, t0.id, action, spec.body());
          if (spec.assigneeOnly && t0.assignee === null) {
            expectApiError(res, 403, 'FORBIDDEN', `${action} on ${status}`);
            continue;
          }
          expectApiError(res, 409, 'STATE_CONFLICT', `${action} on ${status}`);
          expect(res.body.details[0]).toEqual(expect.objectContaining({ status }));
        }
        // nothing moved
        for (const status of wrong) {
          const t = await get(tickets.get(status)!.id);
          expect({ status: t.status, version: t.version }).toEqual({ status, version: tickets.get(status)!.version });
        }
      });
    });
  });

  describe('the timeline is append-only in the database', () => {
    it('refuses UPDATE and DELETE on ticket_event', async () => {
      const t0 = await ticketAt('claimed');
      // the app's run-time role holds no UPDATE or DELETE on it at all (issue 16 item 8)…
      await expect(db.query(`UPDATE ticket_event SET comment = 'x' WHERE ticket_id = $1`, [t0.id])).rejects.toThrow(
        /permission denied/,
      );
      await expect(db.query(`DELETE FROM ticket_event WHERE ticket_id = $1`, [t0.id])).rejects.toThrow(
        /permission denied/,
      );
      // …and the trigger refuses even the owner
      const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
      await owner.connect();
      try {
        await expect(
          owner.query(`UPDATE ticket_event SET comment = 'x' WHERE ticket_id = $1`, [t0.id]),
        ).rejects.toThrow(/append-only/);
        await expect(owner.query(`DELETE FROM ticket_event WHERE ticket_id = $1`, [t0.id])).rejects.toThrow(
          /append-only/,
        );
      } finally {
        await owner.end();
      }
      const t = await get(t0.id);
      expect(t.timeline).toEqual(t0.timeline);
      expect(t.timeline.map((e) => e.comment)).not.toContain('x');
    });
  });
});
