import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DispatchService } from '@gridflow/dispatch';
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
} from '../support/index.js';

/**
 * 村社派单 support: the ranking of candidate handlers (党员联系户 in the grid, then the grid's
 * own, then the community; by open load), the suggestions endpoint, and the per-community
 * auto-dispatch setting.
 */

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('dispatch: candidates, suggestions, auto-dispatch settings', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let dispatch: DispatchService;
  let admin: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let outDispatcher: TestUser;
  // candidates for a ticket of grids[0] (community 0)
  let liaison: TestUser; // party member with a liaison household (党员联系户) in grids[0]
  let gridWorker: TestUser; // grid worker of grids[0]
  let gridWorkerB: TestUser; // another grid worker of grids[0], with no worker record
  let stationed: TestUser; // party member whose worker record is assigned to grids[0]
  let idle: TestUser; // party member of the community, nothing open
  let busy: TestUser; // party member of the community with two open tickets
  // not candidates
  let otherGridWorker: TestUser; // grids[1]: their scope does not cover grids[0]
  let otherCommunity: TestUser; // party member of community 1
  let disabled: TestUser;
  let stoodDown: TestUser; // linked to an inactive worker record

  const ticketApi = ticketClient(() => api);
  const act = async (user: TestUser, id: string, action: string, body: object = {}) =>
    must(await ticketApi.act(user, id, action, body), action);
  async function acceptedTicket(gridCode = city.grids[0]): Promise<{ id: string; stepSeq: number }> {
    const t = must(
      await ticketApi.file(dispatcher, {
        itemCode: 'B01',
        gridCode,
        description: `邻里噪音纠纷 ${randomUUID().slice(0, 8)}`,
      }),
      'file',
    );
    await act(dispatcher, t.id, 'accept');
    const [row] = await db.query(`SELECT step_seq FROM ticket WHERE id = $1`, [t.id]);
    return { id: t.id, stepSeq: row.step_seq };
  }
  async function worker(user: TestUser, gridCodes: string[], partyMember = true) {
    return must(
      await admin.auth(api.http().post('/api/v1/workers')).send({
        name: `工作人员${user.id.slice(0, 4)}`,
        phone: '13800000000',
        type: 'part_time',
        gridCodes,
        partyMember,
        userId: user.id,
      }),
      'worker',
    ) as { id: string };
  }
  const named = (user: TestUser, name: string) =>
    db.query(`UPDATE app_user SET display_name = $2 WHERE id = $1`, [user.id, name]);

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    dispatch = api.app.get(DispatchService);
    const c0 = city.communities[0];
    [
      admin,
      dispatcher,
      supervisor,
      outDispatcher,
      gridWorkerB,
      liaison,
      gridWorker,
      stationed,
      idle,
      busy,
      otherGridWorker,
      otherCommunity,
      disabled,
      stoodDown,
    ] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'dispatcher', c0),
      createTestUser(api.app, 'supervisor', city.townships[0]),
      createTestUser(api.app, 'dispatcher', city.communities[2]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', c0),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', c0),
      createTestUser(api.app, 'party_member', c0),
      createTestUser(api.app, 'party_member', c0),
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'party_member', city.communities[1]),
      createTestUser(api.app, 'party_member', c0),
      createTestUser(api.app, 'party_member', c0),
    ]);
    // Names decide ties, by code point: 周 (U+5468) < 张 (U+5F20) < 李 (U+674E).
    await named(liaison, '王联系');
    await named(gridWorker, '李网格');
    await named(gridWorkerB, '周网格');
    await named(stationed, '张驻格');
    await named(idle, '赵社区');
    await named(busy, '钱忙碌');

    // 党员联系户: liaison's worker serves grids[1] but looks after a household in grids[0].
    const liaisonWorker = await worker(liaison, [city.grids[1]]);
    must(
      await admin
        .auth(api.http().post(`/api/v1/workers/${liaisonWorker.id}/liaison-households`))
        .send({ gridCode: city.grids[0], address: '和平小区3号楼2单元401', householder: '王秀英' }),
      'liaison household',
    );
    await worker(stationed, [city.grids[0]]);
    await worker(gridWorker, [city.grids[0]], false);
    const gone = await worker(stoodDown, [city.grids[0]]);
    must(await admin.auth(api.http().patch(`/api/v1/workers/${gone.id}`)).send({ active: false }), 'stand down');
    await db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabled.id]);

    // Open load: two tickets with busy (one claimed), one with liaison; one resolved does not count.
    for (const [user, claim] of [
      [busy, false],
      [busy, true],
      [liaison, false],
    ] as const) {
      const t = await acceptedTicket(city.grids[2]);
      await act(dispatcher, t.id, 'dispatch', { assigneeId: user.id });
      if (claim) await act(user, t.id, 'claim');
    }
    const done = await acceptedTicket(city.grids[2]);
    await act(dispatcher, done.id, 'dispatch', { assigneeId: idle.id });
    await act(idle, done.id, 'claim');
    await act(idle, done.id, 'resolve', { result: '已处理' });
  });
  afterAll(() => api.close());

  describe('ranking', () => {
    it('ranks liaison party members, then the grid’s own, then the community, each by open load, with reasons', async () => {
      const t = await acceptedTicket();
      const ranked = await dispatch.rank(t.id, t.stepSeq);
      expect(ranked).not.toBeNull();
      expect(ranked!.candidates).toEqual([
        {
          userId: liaison.id,
          displayName: '王联系',
          role: 'party_member',
          group: 1,
          openLoad: 1,
          reasons: ['党员联系户在本网格', '本社区党员', '在办工单 1 件'],
        },
        {
          userId: gridWorkerB.id,
          displayName: '周网格',
          role: 'grid_worker',
          group: 2,
          openLoad: 0,
          reasons: ['本网格网格员', '在办工单 0 件'],
        },
        {
          userId: stationed.id,
          displayName: '张驻格',
          role: 'party_member',
          group: 2,
          openLoad: 0,
          reasons: ['本网格党员', '在办工单 0 件'],
        },
        {
          userId: gridWorker.id,
          displayName: '李网格',
          role: 'grid_worker',
          group: 2,
          openLoad: 0,
          reasons: ['本网格网格员', '在办工单 0 件'],
        },
        {
          userId: idle.id,
          displayName: '赵社区',
          role: 'party_member',
          group: 3,
          openLoad: 0,
          reasons: ['本社区党员', '在办工单 0 件'],
        },
        {
          userId: busy.id,
          displayName: '钱忙碌',
          role: 'party_member',
          group: 3,
          openLoad: 2,
          reasons: ['本社区党员', '在办工单 2 件'],
        },
      ]);
      // stored for the step
      const [stored] = await db.query(`SELECT step_seq, candidates FROM dispatch_suggestion WHERE ticket_id = $1`, [
        t.id,
      ]);
      expect(stored.step_seq).toBe(t.stepSeq);
      expect(stored.candidates).toEqual(ranked!.candidates);
    });

    it('lets the grid worker of another grid, other communities, disabled and stood-down users out', async () => {
      const t = await acceptedTicket();
      const ids = (await dispatch.rank(t.id, t.stepSeq))!.candidates.map((c) => c.userId);
      expect(ids).toHaveLength(6);
      for (const u of [otherGridWorker, otherCommunity, disabled, stoodDown, dispatcher, supervisor, admin]) {
        expect({ u: u.username, in: ids.includes(u.id) }).toEqual({ u: u.username, in: false });
      }
    });

    it('agrees with a dispatch by hand: who is not offered is refused with 400, nothing changes', async () => {
      const t = await acceptedTicket();
      const offered = new Set((await dispatch.rank(t.id, t.stepSeq))!.candidates.map((c) => c.userId));
      for (const u of [stoodDown, disabled, otherGridWorker, otherCommunity, dispatcher]) {
        expect(offered.has(u.id)).toBe(false);
        const res = await dispatcher
          .auth(api.http().post(`/api/v1/tickets/${t.id}/dispatch`))
          .send({ assigneeId: u.id });
        expectApiError(res, 400, 'VALIDATION_FAILED');
      }
      const [row] = await db.query(`SELECT status, assignee_id FROM ticket WHERE id = $1`, [t.id]);
      expect(row).toEqual({ status: 'accepted', assignee_id: null });
      // Everyone offered may be dispatched by hand.
      expect(offered.has(idle.id)).toBe(true);
      await act(dispatcher, t.id, 'dispatch', { assigneeId: idle.id });
    });

    it('is a no-op for a ticket that left the step (another step_seq, or dispatched)', async () => {
      const t = await acceptedTicket();
      expect(await dispatch.rank(t.id, t.stepSeq + 1)).toBeNull();
      await act(dispatcher, t.id, 'dispatch', { assigneeId: idle.id });
      expect(await dispatch.rank(t.id, t.stepSeq)).toBeNull();
      expect(await dispatch.autoDispatch(t.id, t.stepSeq)).toBe('stale');
    });
  });

  describe('GET /tickets/:id/dispatch-suggestions', () => {
    it('computes and stores a ranking when none is stored, then answers the stored one', async () => {
      const t = await acceptedTicket();
      await db.query(`DELETE FROM dispatch_suggestion WHERE ticket_id = $1`, [t.id]);
      const res = await dispatcher.auth(api.http().get(`/api/v1/tickets/${t.id}/dispatch-suggestions`));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ticketId: t.id,
        stepSeq: t.stepSeq,
        computedAt: expect.stringMatching(ISO),
        candidates: expect.any(Array),
      });
      expect(res.body.candidates.map((c: { userId: string }) => c.userId)).toEqual([
        liaison.id,
        gridWorkerB.id,
        stationed.id,
        gridWorker.id,
        idle.id,
        busy.id,
      ]);
      const again = await supervisor.auth(api.http().get(`/api/v1/tickets/${t.id}/dispatch-suggestions`));
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ ...res.body, computedAt: expect.stringMatching(ISO) });
      expect((await admin.auth(api.http().get(`/api/v1/tickets/${t.id}/dispatch-suggestions`))).status).toBe(200);
    });

    it('follows the load: after a dispatch the chosen one moves down on the next ticket', async () => {
      const first = await acceptedTicket();
      await act(dispatcher, first.id, 'dispatch', { assigneeId: stationed.id });
      const t = await acceptedTicket();
      const res = await dispatcher.auth(api.http().get(`/api/v1/tickets/${t.id}/dispatch-suggestions`));
      const order = res.body.candidates.map((c: { userId: string; openLoad: number }) => [c.userId, c.openLoad]);
      expect(order.slice(1, 4)).toEqual([
        [gridWorkerB.id, 0],
        [gridWorker.id, 0],
        [stationed.id, 1],
      ]);
      await act(stationed, first.id, 'decline', { reason: '本周外出' });
    });

    it('403 for handlers, 404 out of scope or unknown', async () => {
      const t = await acceptedTicket();
      const path = `/api/v1/tickets/${t.id}/dispatch-suggestions`;
      expectApiError(await gridWorker.auth(api.http().get(path)), 403, 'FORBIDDEN');
      expectApiError(await idle.auth(api.http().get(path)), 403, 'FORBIDDEN');
      expectApiError(await outDispatcher.auth(api.http().get(path)), 404, 'NOT_FOUND');
      for (const id of [randomUUID(), 'nope']) {
        expectApiError(
          await dispatcher.auth(api.http().get(`/api/v1/tickets/${id}/dispatch-suggestions`)),
          404,
          'NOT_FOUND',
        );
      }
      expect((await api.http().get(path)).status).toBe(401);
    });
  });

  describe('auto-dispatch settings', () => {
    // community 3: nothing of this file's flow is accepted there
    const code = () => city.communities[3];
    const path = () => `/api/v1/communities/${code()}/auto-dispatch`;

    it('is off until an admin sets it; the community desk can read it', async () => {
      const before = await admin.auth(api.http().get(path()));
      expect(before.status).toBe(200);
      expect(before.body).toEqual({
        communityCode: code(),
        enabled: false,
        minutes: null,
        updatedBy: null,
        updatedAt: null,
      });
      const put = await admin.auth(api.http().put(path())).send({ enabled: true, minutes: 30 });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        communityCode: code(),
        enabled: true,
        minutes: 30,
        updatedBy: admin.id,
        updatedAt: expect.stringMatching(ISO),
      });
      const desk = await createTestUser(api.app, 'dispatcher', code());
      expect((await desk.auth(api.http().get(path()))).body).toEqual(put.body);
      const [row] = await db.query(`SELECT auto_dispatch_minutes FROM community_setting WHERE community_code = $1`, [
        code(),
      ]);
      expect(row.auto_dispatch_minutes).toBe(30);

      const off = await admin.auth(api.http().put(path())).send({ enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toEqual(expect.objectContaining({ enabled: false, minutes: null }));
    });

    it('is admin-only to change (403), and 403 to read for handlers', async () => {
      for (const user of [dispatcher, supervisor, gridWorker]) {
        expectApiError(await user.auth(api.http().put(path())).send({ enabled: true, minutes: 5 }), 403, 'FORBIDDEN');
      }
      expectApiError(await idle.auth(api.http().get(path())), 403, 'FORBIDDEN');
    });

    it('refuses bad minutes and bodies with 400', async () => {
      for (const body of [
        { enabled: true, minutes: 0 },
        { enabled: true, minutes: 10081 },
        { enabled: true, minutes: 1.5 },
        { enabled: true, minutes: '5' },
        { enabled: true },
        { minutes: 5 },
        { enabled: 'yes', minutes: 5 },
        { enabled: true, minutes: 5, extra: 1 },
      ]) {
        const res = await admin.auth(api.http().put(path())).send(body);
        expect({ body, status: res.status, code: res.body.code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      for (const minutes of [1, 10080]) {
        expect((await admin.auth(api.http().put(path())).send({ enabled: true, minutes })).body.minutes).toBe(minutes);
      }
      await admin.auth(api.http().put(path())).send({ enabled: false });
    });

    it('404 for what is not a community of the caller’s scope', async () => {
      const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
      for (const [user, c] of [
        [admin, city.grids[0]],
        [admin, city.townships[0]],
        [admin, `${city.county}009001`],
        [admin, 'abc'],
        [townshipAdmin, city.communities[3]], // township 1's community
      ] as const) {
        expectApiError(await user.auth(api.http().get(`/api/v1/communities/${c}/auto-dispatch`)), 404, 'NOT_FOUND');
        expectApiError(
          await user.auth(api.http().put(`/api/v1/communities/${c}/auto-dispatch`)).send({ enabled: true, minutes: 5 }),
          404,
          'NOT_FOUND',
        );
      }
    });
  });
});
