import { DataSource } from 'typeorm';
import { shanghaiDate } from '@gridflow/domain';
import { NotificationsService } from '@gridflow/notifications';
import { StatsService } from '@gridflow/stats';
import {
  createDepartmentStaff,
  createRoster,
  createTestApi,
  createTestCity,
  createTestUser,
  expectApiError,
  must,
  type Roster,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
} from '../support/index.js';

/**
 * Departments (职能部门, docs/departments.md): an admin creates them and their staff; a 报大事
 * matter escalated to the township is handed to one; only its staff see it, claim it and
 * resolve it; the supervisor verifies; the statistics count it for the department.
 */
describe('departments (职能部门)', () => {
  let api: TestApi;
  let city: TestCity;
  let other: TestCity;
  let roster: Roster;
  let townshipDesk: TestUser;
  let countyAdmin: TestUser;
  let chengguan: string; // 城管局 of the county
  let zhujian: string; // 住建局 of the county
  let staff: TestUser;
  let otherStaff: TestUser;
  const today = shanghaiDate(new Date());

  const tickets = ticketClient(() => api);
  const act = async (user: TestUser, id: string, action: string, body: object = {}) =>
    must(await tickets.act(user, id, action, body), action);
  const http = () => api.http();

  /** A 报大事 matter (E03 占道经营与私搭乱建, escalate tier) accepted and escalated to the township. */
  async function escalatedTicket(description = '占道经营堵塞消防通道') {
    const t = must(
      await tickets.file(roster.gridWorker, { itemCode: 'E03', gridCode: city.grids[0], description }),
      'file',
    );
    await act(roster.gridWorker, t.id, 'accept');
    await act(roster.gridWorker, t.id, 'escalate', { reason: '需社区协调' });
    return act(roster.dispatcher, t.id, 'escalate', { reason: '需街道协调执法' });
  }

  beforeAll(async () => {
    api = await createTestApi();
    [city, other] = [await createTestCity(api.app), await createTestCity(api.app)];
    roster = await createRoster(api.app, city);
    townshipDesk = await createTestUser(api.app, 'dispatcher', city.townships[0]);
    countyAdmin = await createTestUser(api.app, 'admin', city.county);
  });
  afterAll(() => api.close());

  it('an admin creates departments under a county; codes are generated; duplicates are 409', async () => {
    const created = await countyAdmin.auth(http().post('/api/v1/departments')).send({
      parentCode: city.county,
      name: '城管局',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      code: `${city.county}D01`,
      parentCode: city.county,
      name: '城管局',
      disabled: false,
      createdAt: expect.any(String),
    });
    chengguan = created.body.code;
    const second = must(
      await countyAdmin
        .auth(http().post('/api/v1/departments'))
        .send({ parentCode: city.county, name: '住建局', code: `${city.county}D07` }),
      'create 住建局',
    );
    zhujian = second.code;
    expect(zhujian).toBe(`${city.county}D07`);

    const sameName = await countyAdmin
      .auth(http().post('/api/v1/departments'))
      .send({ parentCode: city.county, name: '城管局' });
    expectApiError(sameName, 409, 'ALREADY_EXISTS');
    expect(sameName.body.details).toEqual([expect.objectContaining({ field: 'name' })]);
    const sameCode = await countyAdmin
      .auth(http().post('/api/v1/departments'))
      .send({ parentCode: city.county, name: '民政局', code: zhujian });
    expectApiError(sameCode, 409, 'ALREADY_EXISTS');
    expect(sameCode.body.details).toEqual([expect.objectContaining({ field: 'code' })]);

    // bad input: a township as parent, a code of another parent, another city's county, no name
    for (const [body, field] of [
      [{ parentCode: city.townships[0], name: '民政局' }, 'parentCode'],
      [{ parentCode: city.county, name: '民政局', code: `${other.county}D01` }, 'code'],
      [{ parentCode: other.county, name: '民政局' }, 'parentCode'],
      [{ parentCode: city.county, name: '' }, 'name'],
      [{ parentCode: city.county, name: '民政局', code: 'D01' }, 'code'],
    ] as const) {
      const res = await countyAdmin.auth(http().post('/api/v1/departments')).send(body);
      expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(body));
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // not an admin → 403
    expectApiError(
      await townshipDesk.auth(http().post('/api/v1/departments')).send({ parentCode: city.county, name: '民政局' }),
      403,
      'FORBIDDEN',
    );
  });

  it('the township desk lists its county’s departments; other cities see none of them', async () => {
    const list = must(await townshipDesk.auth(http().get('/api/v1/departments')), 'list');
    expect(list.items.map((d: { code: string; name: string }) => [d.code, d.name])).toEqual([
      [chengguan, '城管局'],
      [zhujian, '住建局'],
    ]);
    const outsider = await createTestUser(api.app, 'admin', other.city);
    expect(must(await outsider.auth(http().get('/api/v1/departments')), 'list').items).toEqual([]);
    expectApiError(await outsider.auth(http().get(`/api/v1/departments/${chengguan}`)), 404, 'NOT_FOUND');
    expectApiError(
      await outsider.auth(http().patch(`/api/v1/departments/${chengguan}`)).send({ name: '改名' }),
      404,
      'NOT_FOUND',
    );
  });

  it('department_staff are created with a department of their scope, and only they have one', async () => {
    const user = (extra: object) => ({
      username: `dept_${city.city}_${Math.random().toString(36).slice(2, 8)}`,
      password: 'a-good-password',
      displayName: '城管执法队员',
      role: 'department_staff',
      scopeCode: city.county,
      ...extra,
    });
    const post = (body: object) => roster.admin.auth(http().post('/api/v1/users')).send(body);
    const ok = await post(user({ departmentCode: chengguan }));
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual(expect.objectContaining({ role: 'department_staff', departmentCode: chengguan }));

    const refused = async (body: object, field: string) => {
      const res = await post(body);
      expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(body));
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    };
    await refused(user({}), 'departmentCode'); // missing
    await refused(user({ scopeCode: city.townships[0], departmentCode: chengguan }), 'scopeCode'); // wrong scope level
    await refused(user({ scopeCode: city.city, departmentCode: chengguan }), 'departmentCode'); // not at its scope
    await refused(user({ departmentCode: `${city.county}D99` }), 'departmentCode'); // no such department
    await refused(user({ departmentCode: 'no-such' }), 'departmentCode'); // malformed
    await refused(
      user({ role: 'party_member', scopeCode: city.communities[0], departmentCode: chengguan }),
      'departmentCode',
    );
    // a department of another city's county: its scope is not the admin's
    const [otherDepartment] = await api.app
      .get(DataSource)
      .query(`INSERT INTO department (code, parent_code, name) VALUES ($1, $2, '城管局') RETURNING code`, [
        `${other.county}D01`,
        other.county,
      ]);
    await refused(user({ scopeCode: other.county, departmentCode: otherDepartment.code }), 'scopeCode');
    await refused(user({ departmentCode: otherDepartment.code }), 'departmentCode');

    // PATCH: leaving the role leaves the department; joining needs one
    const party = must(
      await roster.admin.auth(http().patch(`/api/v1/users/${ok.body.id}`)).send({
        role: 'supervisor',
      }),
      'to supervisor',
    );
    expect(party).toEqual(expect.objectContaining({ role: 'supervisor', departmentCode: null }));
    const back = await roster.admin
      .auth(http().patch(`/api/v1/users/${ok.body.id}`))
      .send({ role: 'department_staff' });
    expectApiError(back, 400, 'VALIDATION_FAILED');
    expect(
      must(
        await roster.admin
          .auth(http().patch(`/api/v1/users/${ok.body.id}`))
          .send({ role: 'department_staff', departmentCode: zhujian }),
        'back to staff',
      ),
    ).toEqual(expect.objectContaining({ role: 'department_staff', departmentCode: zhujian }));

    staff = await createDepartmentStaff(api.app, chengguan);
    otherStaff = await createDepartmentStaff(api.app, zhujian);
    const me = must(await staff.auth(http().get('/api/v1/auth/me')), 'me');
    expect(me).toEqual(expect.objectContaining({ role: 'department_staff', departmentCode: chengguan }));
  });

  let ticketId: string;

  it('a 报大事 ticket escalated to the township is handed to 城管局: nobody assigned yet', async () => {
    const t = await escalatedTicket();
    expect(t.level).toBe('township');
    const dispatched = await tickets.act(townshipDesk, t.id, 'dispatch', {
      departmentCode: chengguan,
      comment: '请城管局处理',
    });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body).toEqual(
      expect.objectContaining({
        status: 'dispatched',
        assignee: null,
        department: { code: chengguan, name: '城管局' },
      }),
    );
    ticketId = t.id;
    const detail = must(await tickets.get(townshipDesk, t.id), 'get');
    expect(detail.timeline.at(-1)).toEqual(
      expect.objectContaining({
        type: 'dispatched',
        data: expect.objectContaining({ departmentCode: chengguan, departmentName: '城管局' }),
      }),
    );
  });

  it('the department’s staff are told of the dispatch in their inbox; another department’s are not', async () => {
    const db = api.app.get(DataSource);
    const [row] = await db.query(
      `SELECT id, payload FROM outbox WHERE payload->>'ticketId' = $1 AND payload->>'type' = 'dispatched'`,
      [ticketId],
    );
    await api.app.get(NotificationsService).onTicketEvent({ ...row.payload, outboxId: String(row.id) });
    const inboxOf = async (user: TestUser) =>
      (
        must(await user.auth(http().get('/api/v1/notifications')), 'inbox').items as {
          ticketId: string;
          type: string;
        }[]
      )
        .filter((n) => n.ticketId === ticketId)
        .map((n) => n.type);
    expect(await inboxOf(staff)).toEqual(['dispatched']);
    expect(await inboxOf(otherStaff)).toEqual([]);
  });

  it('staff of another department get 404 and do not see it; the department’s staff do', async () => {
    expectApiError(await tickets.get(otherStaff, ticketId), 404, 'NOT_FOUND');
    expectApiError(await tickets.act(otherStaff, ticketId, 'claim'), 404, 'NOT_FOUND');
    const theirs = must(await otherStaff.auth(http().get('/api/v1/tickets')), 'list');
    expect(theirs.items).toEqual([]);

    const mine = must(await staff.auth(http().get('/api/v1/tickets')), 'list');
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual([ticketId]);
    expect(must(await tickets.get(staff, ticketId), 'get').department).toEqual({ code: chengguan, name: '城管局' });
    // the desk filters by department
    const filtered = must(
      await townshipDesk.auth(http().get('/api/v1/tickets')).query({ departmentCode: chengguan }),
      'filter',
    );
    expect(filtered.items.map((t: { id: string }) => t.id)).toEqual([ticketId]);
    // …and other roles cannot act for the department
    expectApiError(await tickets.act(roster.party, ticketId, 'claim'), 403, 'FORBIDDEN');
  });

  it('its staff claim (becoming the assignee) and resolve; the supervisor verifies', async () => {
    const claimed = must(await tickets.act(staff, ticketId, 'claim', { comment: '执法队已出发' }), 'claim');
    expect(claimed).toEqual(
      expect.objectContaining({
        status: 'claimed',
        assignee: { id: staff.id, displayName: staff.displayName },
        department: { code: chengguan, name: '城管局' },
      }),
    );
    // a colleague cannot resolve what someone else claimed
    const colleague = await createDepartmentStaff(api.app, chengguan);
    expectApiError(await tickets.act(colleague, ticketId, 'resolve', { result: 'x' }), 403, 'FORBIDDEN');
    const resolved = must(await tickets.act(staff, ticketId, 'resolve', { result: '已清理占道摊点' }), 'resolve');
    expect(resolved.status).toBe('resolved');
    const verified = must(
      await tickets.act(roster.supervisor, ticketId, 'verify', { outcome: 'pass', satisfaction: 'satisfied' }),
      'verify',
    );
    expect(verified.status).toBe('verified');
  });

  it('the statistics count it for the department: breakdown and rankings by=department', async () => {
    const stats = api.app.get(StatsService);
    await stats.refreshTicket(ticketId);
    const breakdown = must(
      await roster.admin
        .auth(http().get('/api/v1/stats/breakdown'))
        .query({ scopeCode: city.county, by: 'department', from: today, to: today }),
      'breakdown',
    );
    expect(breakdown.rows).toEqual([
      expect.objectContaining({
        key: chengguan,
        name: '城管局',
        submitted: 1,
        verified: 1,
        resolutionRate: 1,
        satisfactionRate: 1,
        reworkRate: 0,
      }),
    ]);
    const rankings = must(
      await roster.admin
        .auth(http().get('/api/v1/stats/rankings'))
        .query({ scopeCode: city.county, by: 'department', from: today, to: today }),
      'rankings',
    );
    expect(rankings.top.map((r: { key: string }) => r.key)).toEqual([chengguan]);
  });

  it('a grid-level ticket cannot go to a department (409 naming the level); bad bodies are 400; roles 403', async () => {
    const t = must(
      await tickets.file(roster.gridWorker, { itemCode: 'E03', gridCode: city.grids[0], description: '私搭乱建' }),
      'file',
    );
    await act(roster.gridWorker, t.id, 'accept');
    const grid = await tickets.act(townshipDesk, t.id, 'dispatch', { departmentCode: chengguan });
    expectApiError(grid, 409, 'STATE_CONFLICT');
    expect(grid.body.message).toContain('报大事');
    expect(grid.body.details).toEqual([expect.objectContaining({ field: 'level', level: 'grid' })]);

    const up = await escalatedTicket('私搭乱建占用绿地');
    const both = await tickets.act(townshipDesk, up.id, 'dispatch', {
      departmentCode: chengguan,
      assigneeId: roster.party.id,
    });
    expectApiError(both, 400, 'VALIDATION_FAILED');
    expect(both.body.details).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    expectApiError(await tickets.act(townshipDesk, up.id, 'dispatch', {}), 400, 'VALIDATION_FAILED');
    expectApiError(
      await tickets.act(townshipDesk, up.id, 'dispatch', { departmentCode: 'city-hall' }),
      400,
      'VALIDATION_FAILED',
    );
    // a department of another city: not this ticket's
    expectApiError(
      await tickets.act(townshipDesk, up.id, 'dispatch', { departmentCode: `${other.county}D01` }),
      400,
      'VALIDATION_FAILED',
    );
    // wrong role: supervisor; a community dispatcher is not the township desk
    expectApiError(
      await tickets.act(roster.supervisor, up.id, 'dispatch', { departmentCode: chengguan }),
      403,
      'FORBIDDEN',
    );
    expectApiError(
      await tickets.act(roster.dispatcher, up.id, 'dispatch', { departmentCode: chengguan }),
      403,
      'FORBIDDEN',
    );
    // the county desk (an admin) may hand it over
    const byAdmin = must(await tickets.act(countyAdmin, up.id, 'dispatch', { departmentCode: zhujian }), 'admin');
    expect(byAdmin.department).toEqual({ code: zhujian, name: '住建局' });
    // 退单: the department sends it back to the desk, department and assignee cleared
    const declined = must(await tickets.act(otherStaff, up.id, 'decline', { reason: '属城管局职责' }), 'decline');
    expect(declined).toEqual(expect.objectContaining({ status: 'accepted', assignee: null, department: null }));
    expectApiError(await tickets.get(otherStaff, up.id), 404, 'NOT_FOUND');
  });

  it('a disabled department takes no new dispatch; enabled again, it does', async () => {
    const disabled = must(
      await countyAdmin.auth(http().patch(`/api/v1/departments/${zhujian}`)).send({ disabled: true }),
      'disable',
    );
    expect(disabled.disabled).toBe(true);
    const t = await escalatedTicket('违章搭建');
    const refused = await tickets.act(townshipDesk, t.id, 'dispatch', { departmentCode: zhujian });
    expectApiError(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'departmentCode' })]);
    // not offered in the list any more, unless asked for
    const list = must(await townshipDesk.auth(http().get('/api/v1/departments')), 'list');
    expect(list.items.map((d: { code: string }) => d.code)).toEqual([chengguan]);
    const all = must(
      await countyAdmin.auth(http().get('/api/v1/departments')).query({ includeDisabled: true }),
      'list all',
    );
    expect(all.items.map((d: { code: string }) => d.code)).toEqual([chengguan, zhujian]);

    const renamed = must(
      await countyAdmin
        .auth(http().patch(`/api/v1/departments/${zhujian}`))
        .send({ disabled: false, name: '住房和城乡建设局' }),
      'enable',
    );
    expect(renamed).toEqual(expect.objectContaining({ disabled: false, name: '住房和城乡建设局' }));
    expect(
      must(await tickets.act(townshipDesk, t.id, 'dispatch', { departmentCode: zhujian }), 'dispatch').status,
    ).toBe('dispatched');
    expectApiError(
      await countyAdmin.auth(http().patch(`/api/v1/departments/${zhujian}`)).send({ name: '城管局' }),
      409,
      'ALREADY_EXISTS',
    );
  });

  it('two of its staff claim at once: exactly one wins', async () => {
    const t = await escalatedTicket('违章搭建阳光房');
    must(await tickets.act(townshipDesk, t.id, 'dispatch', { departmentCode: chengguan }), 'dispatch');
    const colleague = await createDepartmentStaff(api.app, chengguan);
    const answers = await Promise.all([staff, colleague].map((u) => tickets.act(u, t.id, 'claim')));
    // the loser is refused: 409 when both read it unclaimed (the compare-and-set), 403 when it read the winner's claim
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const winner = answers.find((r) => r.status === 200)!.body.assignee.id;
    expect([staff.id, colleague.id]).toContain(winner);
    const claimed = must(await tickets.get(staff, t.id), 'get');
    expect(claimed.assignee.id).toBe(winner);

    // 延期: the claimer asks for more time like any assignee; another department does not see the ticket
    const claimer = winner === staff.id ? staff : colleague;
    const requestedDueAt = new Date(Date.parse(claimed.dueAt) + 86_400_000).toISOString();
    const body = { reason: '需协调多部门联合执法', requestedDueAt };
    expectApiError(
      await otherStaff.auth(http().post(`/api/v1/tickets/${t.id}/extension-requests`)).send(body),
      404,
      'NOT_FOUND',
    );
    expect((await claimer.auth(http().post(`/api/v1/tickets/${t.id}/extension-requests`)).send(body)).status).toBe(201);
  });
});
