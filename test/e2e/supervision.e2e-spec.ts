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
 * 督查 through the real endpoints: the review queue (order, paging, scope, roles), verify with
 * a callback (回访) reached or not, and extension (延期) / suspension (挂账) requests — who may
 * ask and decide (403), scope (404), state (409), bodies (400) and what they do to the due times.
 */

interface TicketBody {
  id: string;
  status: string;
  dueAt: string | null;
  version: number;
  timeline: { seq: number; type: string; data: Record<string, unknown>; comment: string | null }[];
  [k: string]: unknown;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DAY = 86_400_000;

describe('supervision: review queue, callbacks, extension and suspension', () => {
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
  // community 1 (grids 3–5) only: the review-queue test's own tickets
  let queueSupervisor: TestUser;
  let queueDispatcher: TestUser;
  let queueWorker: TestUser;
  let queueParty: TestUser;
  // out of scope of grids[0] and grids[3]
  let outSupervisor: TestUser;
  let outParty: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker: worker, dispatcher, party, supervisor, admin } = await createRoster(api.app, city));
    [party2, queueSupervisor, queueDispatcher, queueWorker, queueParty, outSupervisor, outParty] = await Promise.all([
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.communities[1]),
      createTestUser(api.app, 'dispatcher', city.communities[1]),
      createTestUser(api.app, 'grid_worker', city.grids[3]),
      createTestUser(api.app, 'party_member', city.communities[1]),
      createTestUser(api.app, 'supervisor', city.townships[1]),
      createTestUser(api.app, 'party_member', city.communities[2]),
    ]);
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);

  const get = async (id: string, user: TestUser = supervisor): Promise<TicketBody> =>
    must(await ticketApi.get(user, id), 'get');
  const row = async (id: string) => (await db.query(`SELECT * FROM ticket WHERE id = $1`, [id]))[0];

  let filed = 0;
  /** A fresh B01 ticket driven to `status` through the real endpoints. */
  async function ticketAt(
    status: 'submitted' | 'accepted' | 'dispatched' | 'claimed' | 'resolved',
    opts: { grid?: string; filer?: TestUser; desk?: TestUser; assignee?: TestUser } = {},
  ): Promise<TicketBody> {
    const filer = opts.filer ?? worker;
    const desk = opts.desk ?? dispatcher;
    const assignee = opts.assignee ?? party;
    let t = must(
      await ticketApi.file(filer, {
        itemCode: 'B01',
        gridCode: opts.grid ?? city.grids[0],
        description: `楼道堆放杂物 #${++filed}`,
      }),
      'file',
    );
    t = await ticketApi.driveTo(t, status, { desk, assignee, result: `已清理 #${filed}` });
    expect(t.status).toBe(status);
    return t;
  }

  const requestExtension = (user: TestUser, id: string, body: object) =>
    user.auth(api.http().post(`/api/v1/tickets/${id}/extension-requests`)).send(body);
  const requestSuspension = (user: TestUser, id: string, body: object = { reason: '等待产权单位答复' }) =>
    user.auth(api.http().post(`/api/v1/tickets/${id}/suspension-requests`)).send(body);
  const decide = (
    user: TestUser,
    id: string,
    requestId: string,
    verb: 'approve' | 'refuse' | 'resume',
    body: object = {},
  ) => user.auth(api.http().post(`/api/v1/tickets/${id}/time-requests/${requestId}/${verb}`)).send(body);
  const laterThan = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

  describe('review queue (督查兑单)', () => {
    it('lists resolved tickets in scope, the earliest due first, with result, resolvedAt and overdue; pages by keyset', async () => {
      const opts = { grid: city.grids[3], filer: queueWorker, desk: queueDispatcher, assignee: queueParty };
      const [a, b, c] = [
        await ticketAt('resolved', opts),
        await ticketAt('resolved', opts),
        await ticketAt('resolved', opts),
      ];
      const notYet = await ticketAt('claimed', opts);
      const now = Date.now();
      // b is overdue; then c, then a
      await db.query(`UPDATE ticket SET due_at = $2 WHERE id = $1`, [a.id, new Date(now + 3 * 3600_000)]);
      await db.query(`UPDATE ticket SET due_at = $2 WHERE id = $1`, [b.id, new Date(now - 3600_000)]);
      await db.query(`UPDATE ticket SET due_at = $2 WHERE id = $1`, [c.id, new Date(now + 3600_000)]);

      const first = await queueSupervisor.auth(api.http().get('/api/v1/supervision/review-queue?limit=2'));
      expect(first.status).toBe(200);
      expect(first.body.items.map((t: TicketBody) => t.id)).toEqual([b.id, c.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect(first.body.items[0]).toEqual(
        expect.objectContaining({
          id: b.id,
          status: 'resolved',
          gridCode: city.grids[3],
          itemCode: 'B01',
          assignee: { id: queueParty.id, displayName: queueParty.displayName },
          result: expect.stringMatching(/^已清理 #\d+$/),
          resolvedAt: expect.any(String),
          dueAt: new Date(now - 3600_000).toISOString(),
          overdue: true,
        }),
      );
      expect(first.body.items[0]).not.toHaveProperty('reporter');
      expect(first.body.items[1].overdue).toBe(false);

      const second = await queueSupervisor.auth(
        api.http().get(`/api/v1/supervision/review-queue?limit=2&cursor=${first.body.nextCursor}`),
      );
      expect(second.status).toBe(200);
      expect(second.body.items.map((t: TicketBody) => t.id)).toEqual([a.id]);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.items.map((t: TicketBody) => t.id)).not.toContain(notYet.id);

      // wider scopes see them too; another township does not
      const all = await admin.auth(api.http().get('/api/v1/supervision/review-queue?limit=100'));
      expect(all.status).toBe(200);
      expect(all.body.items.map((t: TicketBody) => t.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
      const out = await outSupervisor.auth(api.http().get('/api/v1/supervision/review-queue?limit=100'));
      expect(out.status).toBe(200);
      expect(out.body.items.map((t: TicketBody) => t.id)).not.toEqual(expect.arrayContaining([a.id]));
      expect(out.body.items).toHaveLength(0);
    });

    it('is for supervisors and admins only, and checks its query', async () => {
      for (const user of [dispatcher, worker, party]) {
        expectApiError(
          await user.auth(api.http().get('/api/v1/supervision/review-queue')),
          403,
          'FORBIDDEN',
          user.role,
        );
      }
      expectApiError(await api.http().get('/api/v1/supervision/review-queue'), 401, 'UNAUTHENTICATED');
      expectApiError(
        await supervisor.auth(api.http().get('/api/v1/supervision/review-queue?limit=0')),
        400,
        'VALIDATION_FAILED',
      );
      expectApiError(
        await supervisor.auth(api.http().get('/api/v1/supervision/review-queue?cursor=bm90LWEtY3Vyc29y')),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('verify with a callback (回访)', () => {
    it('takes a satisfaction only when the resident was reached', async () => {
      const t = await ticketAt('resolved');
      const refused = await ticketApi.act(supervisor, t.id, 'verify', {
        outcome: 'pass',
        satisfaction: 'satisfied',
        callbackReached: false,
      });
      expectApiError(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.details).toEqual([expect.objectContaining({ field: 'satisfaction' })]);
      expectApiError(
        await ticketApi.act(supervisor, t.id, 'verify', { outcome: 'pass', callbackReached: 'yes' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await row(t.id)).status).toBe('resolved');

      const notReached = await ticketApi.act(supervisor, t.id, 'verify', {
        outcome: 'pass',
        callbackReached: false,
        callbackNote: '电话无人接听',
      });
      expect(notReached.status).toBe(200);
      expect(notReached.body.satisfaction).toBeNull();
      const verified = (await get(t.id)).timeline.at(-1)!;
      expect(verified).toEqual(
        expect.objectContaining({
          type: 'verified',
          comment: '电话无人接听',
          data: expect.objectContaining({ outcome: 'pass', callbackReached: false, satisfaction: null }),
        }),
      );
    });

    it('records a reached callback with its satisfaction (the flag assumed when omitted)', async () => {
      const [t1, t2] = [await ticketAt('resolved'), await ticketAt('resolved')];
      const reached = await ticketApi.act(supervisor, t1.id, 'verify', {
        outcome: 'pass',
        satisfaction: 'very_satisfied',
        callbackReached: true,
      });
      expect(reached.status).toBe(200);
      expect(reached.body.satisfaction).toBe('very_satisfied');
      expect((await get(t1.id)).timeline.at(-1)!.data).toEqual(
        expect.objectContaining({ callbackReached: true, satisfaction: 'very_satisfied' }),
      );
      const legacy = await ticketApi.act(supervisor, t2.id, 'verify', {
        outcome: 'rework',
        satisfaction: 'dissatisfied',
      });
      expect(legacy.status).toBe(200);
      expect((await get(t2.id)).timeline.at(-1)!.data).toEqual(
        expect.objectContaining({ callbackReached: true, satisfaction: 'dissatisfied', outcome: 'rework' }),
      );
    });
  });

  describe('extension (延期)', () => {
    it('the assignee asks, a supervisor approves: new due time, warning point and escalation, events', async () => {
      const t = await ticketAt('dispatched');
      const before = await row(t.id);
      const requestedDueAt = laterThan(t.dueAt!, DAY);
      const asked = await requestExtension(party, t.id, { reason: '需等待物业配合', requestedDueAt });
      expect(asked.status).toBe(201);
      expect(asked.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(UUID),
          ticketId: t.id,
          kind: 'extension',
          status: 'pending',
          reason: '需等待物业配合',
          requestedDueAt,
          requestedBy: { id: party.id, displayName: party.displayName },
          decidedBy: null,
          stepSeq: before.step_seq,
        }),
      );
      expect(asked.body.ticket).toEqual(expect.objectContaining({ id: t.id, dueAt: t.dueAt, version: t.version + 1 }));

      // in the supervisors' request queue (in scope only)
      const queue = await supervisor.auth(api.http().get('/api/v1/supervision/requests?status=pending&limit=100'));
      expect(queue.status).toBe(200);
      expect(queue.body.items).toContainEqual(
        expect.objectContaining({
          id: asked.body.id,
          kind: 'extension',
          ticket: expect.objectContaining({ id: t.id, status: 'dispatched', gridCode: city.grids[0] }),
        }),
      );
      const outQueue = await outSupervisor.auth(api.http().get('/api/v1/supervision/requests?limit=100'));
      expect(outQueue.body.items.map((r: { id: string }) => r.id)).not.toContain(asked.body.id);
      expectApiError(await party.auth(api.http().get('/api/v1/supervision/requests')), 403, 'FORBIDDEN');

      // one pending request per ticket
      expectApiError(await requestSuspension(party, t.id), 409, 'STATE_CONFLICT', 'second pending request');

      // who decides
      expectApiError(await decide(dispatcher, t.id, asked.body.id, 'approve'), 403, 'FORBIDDEN', 'dispatcher');
      expectApiError(await decide(party, t.id, asked.body.id, 'approve'), 403, 'FORBIDDEN', 'the assignee');
      expectApiError(await decide(admin, t.id, asked.body.id, 'approve'), 403, 'FORBIDDEN', 'admin');
      expectApiError(await decide(outSupervisor, t.id, asked.body.id, 'approve'), 404, 'NOT_FOUND', 'out of scope');

      const approved = await decide(supervisor, t.id, asked.body.id, 'approve', { note: '同意延期' });
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual(
        expect.objectContaining({
          status: 'approved',
          decidedBy: { id: supervisor.id, displayName: supervisor.displayName },
          decisionNote: '同意延期',
          decidedAt: expect.any(String),
        }),
      );
      expect(approved.body.ticket).toEqual(expect.objectContaining({ dueAt: requestedDueAt, warning: false }));
      const after = await row(t.id);
      expect(after.due_at.toISOString()).toBe(requestedDueAt);
      expect(after.next_escalation_at.toISOString()).toBe(requestedDueAt);
      expect(after.step_seq).toBe(before.step_seq);
      // 黄灯 at 80 % between the step's start and the new due time (in the item's working clock)
      expect(after.warn_at.getTime()).toBeGreaterThan(before.warn_at.getTime());
      expect(after.warn_at.getTime()).toBeLessThan(after.due_at.getTime());

      const timeline = (await get(t.id)).timeline.slice(-2);
      expect(timeline).toEqual([
        expect.objectContaining({
          type: 'extension_requested',
          comment: '需等待物业配合',
          data: expect.objectContaining({ requestId: asked.body.id, requestedDueAt }),
        }),
        expect.objectContaining({
          type: 'extension_approved',
          comment: '同意延期',
          data: expect.objectContaining({ requestId: asked.body.id, dueAt: requestedDueAt, previousDueAt: t.dueAt }),
        }),
      ]);
      const outbox = await db.query(
        `SELECT payload FROM outbox WHERE payload->>'ticketId' = $1 AND payload->>'type' LIKE 'extension_%' ORDER BY id`,
        [t.id],
      );
      expect(outbox.map((o: { payload: { type: string } }) => o.payload.type)).toEqual([
        'extension_requested',
        'extension_approved',
      ]);
      expect(outbox[1].payload).toEqual(
        expect.objectContaining({
          fromStatus: 'dispatched',
          toStatus: 'dispatched',
          level: 'grid',
          gridCode: city.grids[0],
        }),
      );

      // decided already
      expectApiError(await decide(supervisor, t.id, asked.body.id, 'approve'), 409, 'STATE_CONFLICT', 'approve twice');
      expectApiError(
        await decide(supervisor, t.id, asked.body.id, 'refuse', { note: '不同意' }),
        409,
        'STATE_CONFLICT',
        'refuse after approve',
      );
      const list = await worker.auth(api.http().get(`/api/v1/tickets/${t.id}/time-requests`));
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: asked.body.id, status: 'approved' })]);
    });

    it('checks who asks (403), scope (404), state (409) and the body (400)', async () => {
      const t = await ticketAt('claimed');
      const ok = laterThan(t.dueAt!, 3600_000);
      expectApiError(
        await requestExtension(party2, t.id, { reason: 'x', requestedDueAt: ok }),
        403,
        'FORBIDDEN',
        'not assignee',
      );
      expectApiError(
        await requestExtension(worker, t.id, { reason: 'x', requestedDueAt: ok }),
        403,
        'FORBIDDEN',
        'worker',
      );
      expectApiError(await requestExtension(supervisor, t.id, { reason: 'x', requestedDueAt: ok }), 403, 'FORBIDDEN');
      expectApiError(
        await requestExtension(outParty, t.id, { reason: 'x', requestedDueAt: ok }),
        404,
        'NOT_FOUND',
        'out',
      );
      expectApiError(
        await requestExtension(party, '00000000-0000-4000-8000-000000000000', { reason: 'x', requestedDueAt: ok }),
        404,
        'NOT_FOUND',
      );

      const bad: [string, object][] = [
        ['no reason', { requestedDueAt: ok }],
        ['empty reason', { reason: '', requestedDueAt: ok }],
        ['no due time', { reason: 'x' }],
        ['not a time', { reason: 'x', requestedDueAt: 'next week' }],
        ['unknown field', { reason: 'x', requestedDueAt: ok, days: 3 }],
        ['before the current due time', { reason: 'x', requestedDueAt: laterThan(t.dueAt!, -60_000) }],
        ['the current due time', { reason: 'x', requestedDueAt: t.dueAt }],
        ['beyond 30 days', { reason: 'x', requestedDueAt: new Date(Date.now() + 31 * DAY).toISOString() }],
      ];
      for (const [what, body] of bad) {
        expectApiError(await requestExtension(party, t.id, body), 400, 'VALIDATION_FAILED', what);
      }
      expect((await db.query(`SELECT count(*)::int AS n FROM time_request WHERE ticket_id = $1`, [t.id]))[0].n).toBe(0);

      // the step is due already → too late to ask
      await db.query(`UPDATE ticket SET due_at = now() - interval '1 minute' WHERE id = $1`, [t.id]);
      expectApiError(
        await requestExtension(party, t.id, { reason: 'x', requestedDueAt: new Date(Date.now() + DAY).toISOString() }),
        409,
        'STATE_CONFLICT',
        'past due',
      );

      // only dispatched / claimed
      const resolved = await ticketAt('resolved');
      expectApiError(
        await requestExtension(party, resolved.id, { reason: 'x', requestedDueAt: laterThan(resolved.dueAt!, DAY) }),
        409,
        'STATE_CONFLICT',
        'resolved',
      );
    });

    it('a request of a step the ticket has left is over (ended), and a new one may be made', async () => {
      const t = await ticketAt('dispatched');
      const asked = must(
        await requestExtension(party, t.id, { reason: '材料未齐', requestedDueAt: laterThan(t.dueAt!, DAY) }),
        'ask',
      );
      const claimed = must(await ticketApi.act(party, t.id, 'claim'), 'claim');
      expectApiError(await decide(supervisor, t.id, asked.id, 'approve'), 409, 'STATE_CONFLICT', 'old step');
      const list = await party.auth(api.http().get(`/api/v1/tickets/${t.id}/time-requests`));
      expect(list.body.items).toEqual([expect.objectContaining({ id: asked.id, status: 'ended' })]);
      const pending = await supervisor.auth(api.http().get('/api/v1/supervision/requests?limit=100'));
      expect(pending.body.items.map((r: { id: string }) => r.id)).not.toContain(asked.id);
      const ended = await supervisor.auth(api.http().get('/api/v1/supervision/requests?status=ended&limit=100'));
      expect(ended.body.items.map((r: { id: string }) => r.id)).toContain(asked.id);

      const again = await requestExtension(party, t.id, {
        reason: '仍需协调',
        requestedDueAt: laterThan(claimed.dueAt, DAY),
      });
      expect(again.status).toBe(201);
      expect((await db.query(`SELECT status FROM time_request WHERE id = $1`, [asked.id]))[0].status).toBe('ended');
    });
  });

  describe('suspension (挂账)', () => {
    it('refused with a note, then asked again and approved: the clock stops; resume restarts it', async () => {
      const t = await ticketAt('claimed');
      const first = must(await requestSuspension(party, t.id, { reason: '等待法院判决' }), 'ask');
      expect(first).toEqual(expect.objectContaining({ kind: 'suspension', status: 'pending', requestedDueAt: null }));
      expectApiError(await decide(supervisor, t.id, first.id, 'refuse'), 400, 'VALIDATION_FAILED', 'no note');
      expectApiError(await decide(supervisor, t.id, first.id, 'refuse', { note: '' }), 400, 'VALIDATION_FAILED');
      const refused = await decide(supervisor, t.id, first.id, 'refuse', { note: '可先行处置' });
      expect(refused.status).toBe(200);
      expect(refused.body).toEqual(expect.objectContaining({ status: 'refused', decisionNote: '可先行处置' }));
      expect((await get(t.id)).timeline.at(-1)).toEqual(
        expect.objectContaining({ type: 'suspension_refused', comment: '可先行处置' }),
      );

      const second = must(await requestSuspension(party, t.id, { reason: '等待法院判决结果' }), 'ask again');
      const before = await row(t.id);
      const approved = await decide(supervisor, t.id, second.id, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body.status).toBe('approved');
      const paused = await row(t.id);
      expect(paused.suspended_at).not.toBeNull();
      expect(paused.warn_at).toBeNull();
      expect(paused.next_escalation_at).toBeNull();
      expect(paused.suspended_remaining_seconds).toBeGreaterThan(0);
      expect(paused.due_at.getTime()).toBe(before.due_at.getTime());
      expect((await get(t.id)).timeline.at(-1)).toEqual(
        expect.objectContaining({
          type: 'suspended',
          data: expect.objectContaining({ requestId: second.id, remainingSeconds: paused.suspended_remaining_seconds }),
        }),
      );

      // while suspended: no extension, no second suspension
      expectApiError(
        await requestExtension(party, t.id, { reason: 'x', requestedDueAt: laterThan(t.dueAt!, DAY) }),
        409,
        'STATE_CONFLICT',
        'extension while suspended',
      );
      expectApiError(await requestSuspension(party, t.id), 409, 'STATE_CONFLICT', 'suspension while suspended');
      // resume: a supervisor, the assignee or the requester
      expectApiError(await decide(party2, t.id, second.id, 'resume'), 403, 'FORBIDDEN', 'another party member');
      expectApiError(await decide(dispatcher, t.id, second.id, 'resume'), 403, 'FORBIDDEN', 'dispatcher');
      expectApiError(await decide(outSupervisor, t.id, second.id, 'resume'), 404, 'NOT_FOUND');
      expectApiError(await decide(party, t.id, first.id, 'resume'), 409, 'STATE_CONFLICT', 'a refused request');

      const resumed = await decide(party, t.id, second.id, 'resume');
      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('ended');
      expect(resumed.body.endedAt).toEqual(expect.any(String));
      const running = await row(t.id);
      expect(running.suspended_at).toBeNull();
      expect(running.suspended_remaining_seconds).toBeNull();
      expect(running.due_at.getTime()).toBeGreaterThanOrEqual(before.due_at.getTime());
      expect(running.next_escalation_at.getTime()).toBe(running.due_at.getTime());
      expect(running.warn_at.getTime()).toBeLessThan(running.due_at.getTime());
      expect(resumed.body.ticket.dueAt).toBe(running.due_at.toISOString());
      expect((await get(t.id)).timeline.at(-1)).toEqual(
        expect.objectContaining({
          type: 'resumed',
          data: expect.objectContaining({ requestId: second.id, dueAt: running.due_at.toISOString() }),
        }),
      );
      expectApiError(await decide(supervisor, t.id, second.id, 'resume'), 409, 'STATE_CONFLICT', 'resume twice');
    });

    it('grid staff ask for an accepted ticket; the assignee for a dispatched one; a transition ends a suspension', async () => {
      const accepted = await ticketAt('accepted');
      expectApiError(await requestSuspension(party, accepted.id), 403, 'FORBIDDEN', 'party member on accepted');
      const byWorker = await requestSuspension(worker, accepted.id);
      expect(byWorker.status).toBe(201);

      const submitted = await ticketAt('submitted');
      expectApiError(await requestSuspension(worker, submitted.id), 409, 'STATE_CONFLICT', 'submitted');
      const dispatched = await ticketAt('dispatched');
      expectApiError(await requestSuspension(worker, dispatched.id), 403, 'FORBIDDEN', 'worker on dispatched');
      expectApiError(await requestSuspension(party, dispatched.id, { reason: '' }), 400, 'VALIDATION_FAILED');
      expectApiError(await requestSuspension(outParty, dispatched.id), 404, 'NOT_FOUND');

      const asked = must(await requestSuspension(party, dispatched.id), 'ask');
      must(await decide(supervisor, dispatched.id, asked.id, 'approve'), 'approve');
      expect((await row(dispatched.id)).suspended_at).not.toBeNull();
      const claimed = must(await ticketApi.act(party, dispatched.id, 'claim'), 'claim while suspended');
      const r = await row(dispatched.id);
      expect({ suspended: r.suspended_at, remaining: r.suspended_remaining_seconds }).toEqual({
        suspended: null,
        remaining: null,
      });
      expect(r.next_escalation_at).not.toBeNull();
      expect(claimed.dueAt).toEqual(expect.any(String));
      const list = await party.auth(api.http().get(`/api/v1/tickets/${dispatched.id}/time-requests`));
      expect(list.body.items).toEqual([expect.objectContaining({ id: asked.id, status: 'ended' })]);
      expectApiError(
        await decide(party, dispatched.id, asked.id, 'resume'),
        409,
        'STATE_CONFLICT',
        'resume after claim',
      );
      expectApiError(
        await outParty.auth(api.http().get(`/api/v1/tickets/${dispatched.id}/time-requests`)),
        404,
        'NOT_FOUND',
      );
    });

    it('a request id of another ticket is not found', async () => {
      const [a, b] = [await ticketAt('dispatched'), await ticketAt('dispatched')];
      const asked = must(await requestSuspension(party, a.id), 'ask');
      expectApiError(await decide(supervisor, b.id, asked.id, 'approve'), 404, 'NOT_FOUND');
      expectApiError(await decide(supervisor, a.id, 'not-a-uuid', 'approve'), 404, 'NOT_FOUND');
    });
  });
});
