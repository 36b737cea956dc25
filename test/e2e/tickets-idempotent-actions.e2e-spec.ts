import { randomUUID } from 'node:crypto';
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
 * `Idempotency-Key` on a single ticket action and on comments (API.md "Idempotency-Key"): the
 * phone's offline outbox sends every comment and claim with a key and repeats it when the answer
 * was lost. A repeat replays the first answer and writes nothing; the key with another ticket,
 * action or body is 422; a repeat while the first still runs is 409; a failed action frees the key;
 * keys are each user's own.
 */

interface Ticket {
  id: string;
  status: string;
  version: number;
  assignee: { id: string } | null;
  timeline: { type: string; comment?: string | null }[];
}

describe('tickets: Idempotency-Key on single actions and comments', () => {
  let api: TestApi;
  let city: TestCity;
  let staff: Roster;
  const tickets = ticketClient(() => api);

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    staff = await createRoster(api.app, city);
  });
  afterAll(() => api.close());

  const cast = () => ({ desk: staff.dispatcher, assignee: staff.party, supervisor: staff.supervisor });
  async function ticketAt(status: string): Promise<Ticket> {
    const filed = must<Ticket>(
      await tickets.file(staff.dispatcher, {
        itemCode: 'B01',
        gridCode: city.grids[0],
        description: `幂等测试 ${randomUUID().slice(0, 8)}`,
      }),
      'file',
    );
    return tickets.driveTo(filed, status, cast());
  }
  const act = (user: TestUser, id: string, action: string, body: object, key?: string) => {
    const req = user.auth(api.http().post(`/api/v1/tickets/${id}/${action}`));
    return (key !== undefined ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const read = async (id: string) => must<Ticket>(await tickets.get(staff.supervisor, id), 'get');
  const count = (t: Ticket, type: string) => t.timeline.filter((e) => e.type === type).length;

  it('a comment repeated with its key is added once and the repeat answers the first answer', async () => {
    const t = await ticketAt('submitted');
    const key = `outbox-${randomUUID()}`;
    const body = { text: '已到现场查看，下午处理' };
    const first = await act(staff.gridWorker, t.id, 'comments', body, key);
    expect(first.status).toBe(200);
    const again = await act(staff.gridWorker, t.id, 'comments', body, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(count(await read(t.id), 'commented')).toBe(1);
    // Without a key a comment is a new comment.
    expect((await act(staff.gridWorker, t.id, 'comments', body)).status).toBe(200);
    expect(count(await read(t.id), 'commented')).toBe(2);
  });

  it('a claim repeated with its key: the replay answers 200 as the first did, one claimed event', async () => {
    const t = await ticketAt('dispatched');
    const key = `outbox-${randomUUID()}`;
    const first = await act(staff.party, t.id, 'claim', {}, key);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: t.id, status: 'claimed' });
    const again = await act(staff.party, t.id, 'claim', {}, key);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const read1 = await read(t.id);
    expect(count(read1, 'claimed')).toBe(1);
    // Without the key the same claim is what it is now: the ticket has moved on.
    expectApiError(await act(staff.party, t.id, 'claim', {}), 409, 'STATE_CONFLICT');
  });

  it('five repeats at once of one comment: one comment; the others replay it or are told it is in progress', async () => {
    const t = await ticketAt('submitted');
    const key = `outbox-${randomUUID()}`;
    const body = { text: '同时重发' };
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => act(staff.gridWorker, t.id, 'comments', body, key)));
    const done = answers.filter((r) => r.status === 200);
    expect(done.length).toBeGreaterThanOrEqual(1);
    for (const r of done) expect(r.body).toEqual(done[0].body);
    for (const r of answers.filter((a) => a.status !== 200)) expectApiError(r, 409, 'STATE_CONFLICT', 'in progress');
    expect(count(await read(t.id), 'commented')).toBe(1);
    // Once done, the key replays.
    expect((await act(staff.gridWorker, t.id, 'comments', body, key)).body).toEqual(done[0].body);
  });

  it('the key with another body, another ticket or another action → 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
    const [a, b] = await Promise.all([ticketAt('submitted'), ticketAt('submitted')]);
    const key = `outbox-${randomUUID()}`;
    expect((await act(staff.gridWorker, a.id, 'comments', { text: '第一条' }, key)).status).toBe(200);
    expectApiError(
      await act(staff.gridWorker, a.id, 'comments', { text: '另一条' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectApiError(
      await act(staff.gridWorker, b.id, 'comments', { text: '第一条' }, key),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expectApiError(await act(staff.gridWorker, a.id, 'accept', {}, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(count(await read(a.id), 'commented')).toBe(1);
    expect(count(await read(b.id), 'commented')).toBe(0);
    expect((await read(a.id)).status).toBe('submitted');
  });

  it('a failed action frees its key: the repeat runs again (and succeeds once the cause is gone)', async () => {
    const t = await ticketAt('submitted');
    const key = `outbox-${randomUUID()}`;
    // A claim before the ticket is dispatched to me: refused, and the key is not spent on it.
    expectApiError(await act(staff.party, t.id, 'claim', {}, key), 403, 'FORBIDDEN');
    await tickets.driveTo(t, 'dispatched', cast());
    const res = await act(staff.party, t.id, 'claim', {}, key);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('claimed');
  });

  it('keys are per user: another user with the same key acts for itself and never sees the first answer', async () => {
    const t = await ticketAt('submitted');
    const other = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const key = `outbox-${randomUUID()}`;
    const body = { text: '同一个键' };
    const mine = await act(staff.gridWorker, t.id, 'comments', body, key);
    const theirs = await act(other, t.id, 'comments', body, key);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(count(await read(t.id), 'commented')).toBe(2);
  });

  it('hostile keys: malformed → 400 and nothing written; a key does not get past scope or role', async () => {
    const t = await ticketAt('submitted');
    for (const bad of ['', ' ', 'x'.repeat(129), 'a b', 'key/../1', "k'; DROP TABLE ticket;--"]) {
      const res = await act(staff.gridWorker, t.id, 'comments', { text: '坏键' }, bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expectApiError(res, 400, 'VALIDATION_FAILED');
    }
    expect(count(await read(t.id), 'commented')).toBe(0);
    // A dispatcher of another community cannot act on it, with or without a key, and the
    // answer is not stored for a replay.
    const outsider = await createTestUser(api.app, 'dispatcher', city.communities[1]);
    const key = `outbox-${randomUUID()}`;
    expectApiError(await act(outsider, t.id, 'comments', { text: '越权' }, key), 404, 'NOT_FOUND');
    expectApiError(await act(outsider, t.id, 'comments', { text: '越权' }, key), 404, 'NOT_FOUND');
    // Wrong role: a party member cannot accept, key or not.
    expectApiError(await act(staff.party, t.id, 'accept', {}, `outbox-${randomUUID()}`), 403, 'FORBIDDEN');
    expect((await read(t.id)).status).toBe('submitted');
  });
});
