import { DataSource } from 'typeorm';
import { TicketRowCache } from '@gridflow/tickets';
import {
  createDepartmentStaff,
  createTestApi,
  createTestCity,
  createTestUser,
  expectApiError,
  must,
  ticketClient,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';

/**
 * Each API process keeps the rows it last wrote (libs/tickets/src/ticket-row-cache.ts) and
 * decides the next action on them without reading first. Two API instances on one database
 * stand for two processes: what one does leaves the other's cached row stale, and a stale row
 * must never decide — the action is decided again on the row as it is.
 */
interface Ticket {
  id: string;
  status: string;
  version: number;
  assignee: { id: string } | null;
  timeline?: { type: string }[];
}

describe('tickets: the row cache of each API process', () => {
  let a: TestApi;
  let b: TestApi;
  let city: TestCity;
  let worker: TestUser;
  let dispatcher: TestUser;
  let party: TestUser;
  let party2: TestUser;
  const onA = ticketClient(() => a);
  const onB = ticketClient(() => b);

  beforeAll(async () => {
    a = await createTestApi();
    b = await createTestApi({ config: a.config });
    city = await createTestCity(a.app);
    [worker, dispatcher, party, party2] = await Promise.all([
      createTestUser(a.app, 'grid_worker', city.grids[0]),
      createTestUser(a.app, 'dispatcher', city.communities[0]),
      createTestUser(a.app, 'party_member', city.communities[0]),
      createTestUser(a.app, 'party_member', city.communities[0]),
    ]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const fileOnA = async () =>
    must<Ticket>(await onA.file(worker, { itemCode: 'B01', gridCode: city.grids[0], description: '楼道堆物' }), 'file');
  const events = async (id: string) =>
    (await a.app.get(DataSource).query(`SELECT type FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`, [id])).map(
      (r: { type: string }) => r.type,
    ) as string[];

  it('keeps the rows it filed and wrote, and acts on them without reading first', async () => {
    const t = await fileOnA();
    const cache = a.app.get(TicketRowCache);
    expect(cache.get(t.id)?.status).toBe('submitted');
    must(await onA.act(worker, t.id, 'accept'), 'accept');
    expect(cache.get(t.id)).toMatchObject({ status: 'accepted', version: 2 });
  });

  it('an action refused on a stale row is decided again on the fresh one', async () => {
    const t = await fileOnA();
    must(await onA.act(worker, t.id, 'accept'), 'accept');
    // Another process dispatches: A's row still says 待派单 (accepted).
    must(await onB.act(dispatcher, t.id, 'dispatch', { assigneeId: party.id }), 'dispatch on B');
    expect(a.app.get(TicketRowCache).get(t.id)?.status).toBe('accepted');

    // On the stale row, claim is refused (not dispatched yet); on the fresh one it is right.
    const claimed = must<Ticket>(await onA.act(party, t.id, 'claim'), 'claim on A');
    expect(claimed).toMatchObject({ status: 'claimed', assignee: { id: party.id } });
    // And the other way round: accept looked right on the stale row and is refused on the fresh one.
    expectApiError(await onA.act(worker, t.id, 'accept'), 409, 'STATE_CONFLICT');
    expect(await events(t.id)).toEqual(['filed', 'accepted', 'dispatched', 'claimed']);
  });

  it('an action allowed on a stale row is not written: the assignee taken off elsewhere cannot claim', async () => {
    const t = await fileOnA();
    must(await onA.act(worker, t.id, 'accept'), 'accept');
    must(await onA.act(dispatcher, t.id, 'dispatch', { assigneeId: party.id }), 'dispatch');
    // Elsewhere: party declines (退单) and the ticket goes to party2 — dispatched again, as A's
    // row says, but to someone else.
    must(await onB.act(party, t.id, 'decline', { reason: '不在辖区' }), 'decline on B');
    must(await onB.act(dispatcher, t.id, 'dispatch', { assigneeId: party2.id }), 'dispatch again on B');
    expect(a.app.get(TicketRowCache).get(t.id)).toMatchObject({ status: 'dispatched', assignee_id: party.id });

    // A's stale row would let party claim; the version says it moved on, and the fresh row says no.
    expectApiError(await onA.act(party, t.id, 'claim'), 403, 'FORBIDDEN');
    // A comment, too, is written only at the version it was decided on.
    must(await onA.act(party2, t.id, 'comments', { text: '明天上午到场' }), 'comment by the new assignee on A');
    const claimed = must<Ticket>(await onA.act(party2, t.id, 'claim'), 'claim by party2 on A');
    expect(claimed).toMatchObject({ status: 'claimed', assignee: { id: party2.id } });
    expect(await events(t.id)).toEqual([
      'filed',
      'accepted',
      'dispatched',
      'declined',
      'dispatched',
      'commented',
      'claimed',
    ]);
  });

  it('a comment decided on a stale row is not written: a department the matter left does not see it', async () => {
    const admin = await createTestUser(a.app, 'admin', city.county);
    const townshipDesk = await createTestUser(a.app, 'dispatcher', city.townships[0]);
    const department = async (name: string) =>
      must<{ code: string }>(
        await admin.auth(a.http().post('/api/v1/departments')).send({ parentCode: city.county, name }),
        `department ${name}`,
      ).code;
    const [chengguan, zhujian] = [await department('城管局'), await department('住建局')];
    const [staff, otherStaff] = [
      await createDepartmentStaff(a.app, chengguan),
      await createDepartmentStaff(a.app, zhujian),
    ];
    // 报大事: accepted, escalated to the township, handed to 城管局 — all on A.
    const t = must<Ticket>(
      await onA.file(worker, { itemCode: 'E03', gridCode: city.grids[0], description: '占道经营' }),
      'file',
    );
    must(await onA.act(worker, t.id, 'accept'), 'accept');
    must(await onA.act(worker, t.id, 'escalate', { reason: '需社区协调' }), 'escalate');
    must(await onA.act(dispatcher, t.id, 'escalate', { reason: '需街道协调' }), 'escalate');
    must(await onA.act(townshipDesk, t.id, 'dispatch', { departmentCode: chengguan }), 'dispatch to 城管局');
    // Elsewhere: 城管局 declines, and the matter goes to 住建局 — dispatched again, as A's row says.
    must(await onB.act(staff, t.id, 'decline', { reason: '不属本局职责' }), 'decline on B');
    must(await onB.act(townshipDesk, t.id, 'dispatch', { departmentCode: zhujian }), 'dispatch again on B');
    expect(a.app.get(TicketRowCache).get(t.id)).toMatchObject({ status: 'dispatched', department_code: chengguan });

    // On A's stale row 城管局's staff would see the ticket and may comment; it no longer does.
    expectApiError(await onA.act(staff, t.id, 'comments', { text: '已派员' }), 404, 'NOT_FOUND');
    must(await onA.act(otherStaff, t.id, 'comments', { text: '已派员' }), 'comment by 住建局 on A');
    expect((await events(t.id)).filter((e) => e === 'commented')).toHaveLength(1);
  });

  it('a ticket the caller does not see is 404 whatever the cache holds', async () => {
    const t = await fileOnA();
    const outsider = await createTestUser(a.app, 'grid_worker', city.grids[1]);
    expect(a.app.get(TicketRowCache).get(t.id)).toBeDefined();
    expectApiError(await onA.act(outsider, t.id, 'accept'), 404, 'NOT_FOUND');
    expectApiError(await onA.act(outsider, t.id, 'comments', { text: 'x' }), 404, 'NOT_FOUND');
    expect(await events(t.id)).toEqual(['filed']);
  });
});
