import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '@gridflow/tickets';
import {
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
 * 批量派单 / 批量归档 (`POST /tickets/batch/:action`, API.md "Batch actions"): each ticket moves
 * on its own through the single action's path; the request as a whole is refused only for a
 * bad body; Idempotency-Key replays; racing batches move each ticket once.
 */

interface Ticket {
  id: string;
  status: string;
  assignee: { id: string } | null;
  timeline: { type: string }[];
}
interface BatchResult {
  id: string;
  status: number;
  code?: string;
  message?: string;
  ticket?: Ticket;
}

describe('tickets: batch actions', () => {
  let api: TestApi;
  let city: TestCity;
  let staff: Roster;
  let otherDispatcher: TestUser; // dispatcher of communities[1]
  const tickets = ticketClient(() => api);

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    staff = await createRoster(api.app, city);
    otherDispatcher = await createTestUser(api.app, 'dispatcher', city.communities[1]);
  });
  afterAll(() => api.close());

  const cast = () => ({ desk: staff.dispatcher, assignee: staff.party, supervisor: staff.supervisor });
  async function ticketAt(status: string, desk = staff.dispatcher, gridCode = city.grids[0]): Promise<Ticket> {
    const filed = must<Ticket>(
      await tickets.file(desk, { itemCode: 'B01', gridCode, description: `批量测试 ${randomUUID().slice(0, 8)}` }),
      'file',
    );
    return tickets.driveTo(filed, status, { ...cast(), desk });
  }
  const batch = (user: TestUser, action: string, body: object, key?: string) => {
    const req = user.auth(api.http().post(`/api/v1/tickets/batch/${action}`));
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const read = async (id: string) => must<Ticket>(await tickets.get(staff.supervisor, id), 'get');
  const count = (t: Ticket, type: string) => t.timeline.filter((e) => e.type === type).length;

  it('dispatches three tickets at once: all 200, each moved, one timeline event each', async () => {
    const ids = (await Promise.all([1, 2, 3].map(() => ticketAt('accepted')))).map((t) => t.id);
    const res = await batch(staff.dispatcher, 'dispatch', { ids, assigneeId: staff.party.id, comment: '批量派单' });
    expect(res.status).toBe(200);
    const results: BatchResult[] = res.body.results;
    expect(results.map((r) => [r.id, r.status])).toEqual(ids.map((id) => [id, 200]));
    for (const r of results) expect(r.ticket).toMatchObject({ id: r.id, status: 'dispatched' });
    for (const id of ids) {
      const t = await read(id);
      expect(t).toMatchObject({ status: 'dispatched', assignee: { id: staff.party.id } });
      expect(count(t, 'dispatched')).toBe(1);
    }
  });

  it('a mix: already dispatched → 409, another community → 404, the fine one → 200, in the order of ids', async () => {
    const moved = await ticketAt('dispatched');
    const elsewhere = await ticketAt('accepted', otherDispatcher, city.grids[3]);
    const fine = await ticketAt('accepted');
    const ids = [moved.id, elsewhere.id, fine.id];
    const res = await batch(staff.dispatcher, 'dispatch', { ids, assigneeId: staff.party.id });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { id: moved.id, status: 409, code: 'STATE_CONFLICT', message: expect.any(String) },
      { id: elsewhere.id, status: 404, code: 'NOT_FOUND', message: expect.any(String) },
      { id: fine.id, status: 200, ticket: expect.objectContaining({ id: fine.id, status: 'dispatched' }) },
    ]);
    // No leak: the 404 says no more than a ticket that does not exist.
    const ghost = await batch(staff.dispatcher, 'dispatch', { ids: [randomUUID()], assigneeId: staff.party.id });
    expect(ghost.body.results[0]).toEqual({ ...res.body.results[1], id: ghost.body.results[0].id });
    expect((await tickets.get(otherDispatcher, elsewhere.id)).body.status).toBe('accepted');
    expect(count(await read(moved.id), 'dispatched')).toBe(1);
  });

  it('archives by the archiving role; the wrong role gets 403 per ticket and nothing moves', async () => {
    const ids = (await Promise.all([1, 2].map(() => ticketAt('verified')))).map((t) => t.id);
    const wrong = await batch(staff.dispatcher, 'archive', { ids });
    expect(wrong.status).toBe(200);
    expect(wrong.body.results).toEqual(
      ids.map((id) => ({ id, status: 403, code: 'FORBIDDEN', message: expect.any(String) })),
    );
    for (const id of ids) expect((await read(id)).status).toBe('verified');

    const right = await batch(staff.supervisor, 'archive', { ids, comment: '批量归档' });
    expect(right.status).toBe(200);
    expect(right.body.results.map((r: BatchResult) => [r.id, r.status])).toEqual(ids.map((id) => [id, 200]));
    for (const id of ids) {
      const t = await read(id);
      expect(t.status).toBe('archived');
      expect(count(t, 'archived')).toBe(1);
    }
  });

  it('refuses the whole request (400 VALIDATION_FAILED) for bad ids or a bad body, and moves nothing', async () => {
    const t = await ticketAt('accepted');
    const assigneeId = staff.party.id;
    const cases: [string, object][] = [
      ['ids missing', { assigneeId }],
      ['ids empty', { ids: [], assigneeId }],
      ['101 ids', { ids: [t.id, ...Array.from({ length: 100 }, () => randomUUID())], assigneeId }],
      ['duplicates', { ids: [t.id, t.id], assigneeId }],
      ['not a UUID', { ids: [t.id, 'T-20260101-0001'], assigneeId }],
      ['ids not an array', { ids: t.id, assigneeId }],
      ['assigneeId missing', { ids: [t.id] }],
      ['assigneeId not a UUID', { ids: [t.id], assigneeId: 'party1' }],
      ['an unknown field', { ids: [t.id], assigneeId, outcome: 'pass' }],
    ];
    for (const [what, body] of cases) {
      expectApiError(await batch(staff.dispatcher, 'dispatch', body), 400, 'VALIDATION_FAILED', what);
    }
    expectApiError(await batch(staff.dispatcher, 'dispatch', [t.id]), 400, 'VALIDATION_FAILED', 'an array body');
    const after = await read(t.id);
    expect(after.status).toBe('accepted');
    expect(count(after, 'dispatched')).toBe(0);
  });

  it('an unknown action answers as the single route does (404 NOT_FOUND)', async () => {
    const t = await ticketAt('accepted');
    const single = await tickets.act(staff.dispatcher, t.id, 'teleport');
    expectApiError(single, 404, 'NOT_FOUND', 'single');
    expectApiError(await batch(staff.dispatcher, 'teleport', { ids: [t.id] }), 404, 'NOT_FOUND', 'batch');
    // Not even the prototype's names.
    expectApiError(await batch(staff.dispatcher, 'toString', { ids: [t.id] }), 404, 'NOT_FOUND', 'toString');
  });

  it('Idempotency-Key: a replay answers the same results without acting twice; another body → 422', async () => {
    const ids = (await Promise.all([1, 2].map(() => ticketAt('accepted')))).map((t) => t.id);
    const key = `batch-${randomUUID()}`;
    const body = { ids, assigneeId: staff.party.id };
    const first = await batch(staff.dispatcher, 'dispatch', body, key);
    expect(first.status).toBe(200);
    const again = await batch(staff.dispatcher, 'dispatch', body, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.body.results.map((r: BatchResult) => r.status)).toEqual([200, 200]);
    for (const id of ids) expect(count(await read(id), 'dispatched')).toBe(1);
    const other = await batch(staff.dispatcher, 'dispatch', { ...body, ids: [ids[0]] }, key);
    expectApiError(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    // Without a key the same request acts again: the tickets have moved on.
    const bare = await batch(staff.dispatcher, 'dispatch', body);
    expect(bare.body.results.map((r: BatchResult) => r.status)).toEqual([409, 409]);
  });

  it('Idempotency-Key repeated while the first still runs: acted on once (a replay or 409 in progress)', async () => {
    const ids = (await Promise.all([1, 2, 3].map(() => ticketAt('accepted')))).map((t) => t.id);
    const key = `batch-${randomUUID()}`;
    const body = { ids, assigneeId: staff.party.id };
    const answers = await Promise.all([1, 2, 3].map(() => batch(staff.dispatcher, 'dispatch', body, key)));
    const done = answers.filter((r) => r.status === 200);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of done) expect(r.body).toEqual(done[0].body);
    for (const r of answers.filter((a) => a.status !== 200)) expectApiError(r, 409, 'STATE_CONFLICT', 'in progress');
    expect(done[0].body.results.map((r: BatchResult) => r.status)).toEqual([200, 200, 200]);
    for (const id of ids) expect(count(await read(id), 'dispatched')).toBe(1);
    // Once done, the key replays.
    expect((await batch(staff.dispatcher, 'dispatch', body, key)).body).toEqual(done[0].body);
  });

  it('Idempotency-Key left in progress by a request that died: 409 for a while, then free again', async () => {
    const db = api.app.get(DataSource);
    const t = await ticketAt('accepted');
    const key = `batch-${randomUUID()}`;
    const body = { ids: [t.id], assigneeId: staff.party.id };
    // What the batch route claims: the same key, the hash of the same request.
    const hash = api.app
      .get(IdempotencyService)
      .hash({ batch: 'dispatch', ids: body.ids, body: { assigneeId: body.assigneeId } });
    const claim = (age: string) =>
      db.query(
        `INSERT INTO idempotency_key (scope, key, request_hash, created_at) VALUES ($1, $2, $3, now() - $4::interval)`,
        [`user:${staff.dispatcher.id}`, key, hash, age],
      );
    await claim('1 minute');
    expectApiError(await batch(staff.dispatcher, 'dispatch', body, key), 409, 'STATE_CONFLICT', 'in progress');
    expect((await read(t.id)).status).toBe('accepted');
    await db.query(`DELETE FROM idempotency_key WHERE key = $1`, [key]);
    await claim('11 minutes');
    const res = await batch(staff.dispatcher, 'dispatch', body, key);
    expect(res.status).toBe(200);
    expect(res.body.results[0].status).toBe(200);
  });

  it('two batches racing on the same tickets: each ticket moves once', async () => {
    const ids = (await Promise.all([1, 2, 3, 4].map(() => ticketAt('accepted')))).map((t) => t.id);
    const dispatcher2 = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const [a, b] = await Promise.all([
      batch(staff.dispatcher, 'dispatch', { ids, assigneeId: staff.party.id }),
      batch(dispatcher2, 'dispatch', { ids: [...ids].reverse(), assigneeId: staff.gridWorker.id }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (const id of ids) {
      const mine = a.body.results.find((r: BatchResult) => r.id === id);
      const theirs = b.body.results.find((r: BatchResult) => r.id === id);
      expect([mine.status, theirs.status].sort()).toEqual([200, 409]);
      const t = await read(id);
      expect(count(t, 'dispatched')).toBe(1);
      expect(t.assignee?.id).toBe((mine.status === 200 ? staff.party : staff.gridWorker).id);
    }
  });
});
