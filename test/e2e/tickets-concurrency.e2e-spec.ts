import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
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
} from '../support/index.js';

/**
 * Two people acting on the same ticket at once: exactly one wins, the others get 409 and
 * nothing of theirs is written (DOMAIN.md). Idempotent filing under concurrent repeats, and
 * unique daily ticket numbers under concurrent filing.
 */

type Status = 'submitted' | 'accepted' | 'dispatched' | 'claimed' | 'resolved' | 'verified' | 'archived';
interface TimelineEvent {
  seq: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
}
interface Ticket {
  id: string;
  number: string;
  trackingCode: string;
  status: Status;
  version: number;
  level: string;
  escalations: number;
  assignee: { id: string; displayName: string } | null;
  timeline: TimelineEvent[];
  [k: string]: unknown;
}

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const shanghaiDay = (at: number) => new Date(at + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the answers by status: {200: 1, 409: 9}. */
const tally = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('tickets: concurrency', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let dispatcher: TestUser;
  let dispatcher2: TestUser;
  let worker: TestUser;
  let party: TestUser;
  let party2: TestUser;
  let supervisor: TestUser;
  let supervisor2: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    [dispatcher, dispatcher2, worker, party, party2, supervisor, supervisor2] = await Promise.all([
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.townships[0]),
    ]);
  });
  afterAll(() => api.close());
  const ticketApi = ticketClient(() => api);

  const get = async (id: string): Promise<Ticket> => {
    const res = await supervisor.auth(api.http().get(`/api/v1/tickets/${id}`));
    expect(res.status).toBe(200);
    return res.body;
  };
  const fileBody = (extra: object = {}) => ({
    itemCode: 'B01',
    gridCode: city.grids[0],
    description: `并发测试 ${randomUUID()}`,
    ...extra,
  });
  const file = (user: TestUser = worker, body: object = fileBody()) => ticketApi.file(user, body);

  async function ticketAt(status: Status, assignee: TestUser = party): Promise<Ticket> {
    const t: Ticket = must(await file(), 'file');
    await ticketApi.driveTo(t, status, { desk: dispatcher, assignee, supervisor });
    return get(t.id);
  }
  const eventsOf = (t: Ticket, type: string) => t.timeline.filter((e) => e.type === type);
  const expectGapFreeTimeline = (t: Ticket) => {
    expect(t.timeline.map((e) => e.seq)).toEqual(t.timeline.map((_, i) => i + 1));
    expect(t.version).toBe(t.timeline.length);
  };

  describe('conflicting transitions: exactly one wins', () => {
    it('two at once (a grid worker and a dispatcher accept the same ticket) → one 200, one 409', async () => {
      for (let round = 0; round < 3; round++) {
        const t0: Ticket = must(await file(), 'file');
        const answers = await Promise.all([
          ticketApi.act(worker, t0.id, 'accept'),
          ticketApi.act(dispatcher, t0.id, 'accept'),
        ]);
        expect({ round, tally: tally(answers) }).toEqual({ round, tally: { 200: 1, 409: 1 } });
        for (const r of answers.filter((a) => a.status === 409)) expectApiError(r, 409, 'STATE_CONFLICT');
        const t = await get(t0.id);
        expect(t.status).toBe('accepted');
        expect(eventsOf(t, 'accepted')).toHaveLength(1);
        expectGapFreeTimeline(t);
      }
    });

    it('ten at once, the same grid worker accepting → one 200, nine 409, one accepted event', async () => {
      const t0: Ticket = must(await file(), 'file');
      const answers = await Promise.all(Array.from({ length: 10 }, () => ticketApi.act(worker, t0.id, 'accept')));
      expect(tally(answers)).toEqual({ 200: 1, 409: 9 });
      for (const r of answers.filter((a) => a.status === 409)) expectApiError(r, 409, 'STATE_CONFLICT');
      const t = await get(t0.id);
      expect({ status: t.status, version: t.version }).toEqual({ status: 'accepted', version: 2 });
      expect(eventsOf(t, 'accepted')).toHaveLength(1);
      expectGapFreeTimeline(t);
    });

    it('ten at once, several people accepting with and without handleSelf → one winner', async () => {
      const t0: Ticket = must(await file(), 'file');
      const users = [worker, dispatcher, dispatcher2];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ticketApi.act(users[i % 3], t0.id, 'accept', i % 2 ? { handleSelf: true } : {}),
        ),
      );
      expect(tally(answers)).toEqual({ 200: 1, 409: 9 });
      const winner = answers.find((a) => a.status === 200)!;
      const t = await get(t0.id);
      expect(t.status).toBe(winner.body.status);
      expect(t.assignee).toEqual(winner.body.assignee);
      expect([...eventsOf(t, 'accepted'), ...eventsOf(t, 'accepted_self')]).toHaveLength(1);
      expectGapFreeTimeline(t);
    });

    it('ten dispatches to different handlers at once → one 200, and the ticket is that handler’s', async () => {
      const t0 = await ticketAt('accepted');
      const handlers = [party, party2, worker];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ticketApi.act(i % 2 ? dispatcher : dispatcher2, t0.id, 'dispatch', { assigneeId: handlers[i % 3].id }),
        ),
      );
      expect(tally(answers)).toEqual({ 200: 1, 409: 9 });
      const winner = answers.find((a) => a.status === 200)!;
      const t = await get(t0.id);
      expect(t.status).toBe('dispatched');
      expect(t.assignee?.id).toBe(winner.body.assignee.id);
      expect(eventsOf(t, 'dispatched')).toHaveLength(1);
      expectGapFreeTimeline(t);
    });

    it('two supervisors verify at once, one pass and one rework → exactly one wins', async () => {
      for (let round = 0; round < 3; round++) {
        const t0 = await ticketAt('resolved');
        const answers = await Promise.all([
          ticketApi.act(supervisor, t0.id, 'verify', { outcome: 'pass' }),
          ticketApi.act(supervisor2, t0.id, 'verify', { outcome: 'rework' }),
        ]);
        expect({ round, tally: tally(answers) }).toEqual({ round, tally: { 200: 1, 409: 1 } });
        const t = await get(t0.id);
        expect(eventsOf(t, 'verified').length + eventsOf(t, 'rework').length).toBe(1);
        expect(t.status).toBe(answers.find((a) => a.status === 200)!.body.status);
        expectGapFreeTimeline(t);
      }
    });

    it('ten archives at once → one 200, nine 409', async () => {
      const t0 = await ticketAt('verified');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => ticketApi.act(i % 2 ? supervisor : supervisor2, t0.id, 'archive')),
      );
      expect(tally(answers)).toEqual({ 200: 1, 409: 9 });
      const t = await get(t0.id);
      expect(eventsOf(t, 'archived')).toHaveLength(1);
      expectGapFreeTimeline(t);
    });

    it('ten escalations at once: every 200 is one level and one event, none is lost or doubled', async () => {
      const t0: Ticket = must(await file(), 'file');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          ticketApi.act(i % 2 ? worker : dispatcher, t0.id, 'escalate', { reason: '报大事' }),
        ),
      );
      const wins = answers.filter((a) => a.status === 200).length;
      expect(wins).toBeGreaterThanOrEqual(1);
      // grid → community → township → county → city: at most four
      expect(wins).toBeLessThanOrEqual(4);
      for (const r of answers.filter((a) => a.status !== 200)) expectApiError(r, 409, 'STATE_CONFLICT');
      const t = await get(t0.id);
      expect(t.escalations).toBe(wins);
      expect(t.level).toBe(['grid', 'community', 'township', 'county', 'city'][wins]);
      expect(eventsOf(t, 'escalated')).toHaveLength(wins);
      expect(t.status).toBe('submitted');
      expectGapFreeTimeline(t);
    });

    it('ten comments at once all land, each with its own seq', async () => {
      const t0 = await ticketAt('claimed');
      const users = [dispatcher, worker, party, supervisor, party2];
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => ticketApi.act(users[i % 5], t0.id, 'comments', { text: `备注 ${i}` })),
      );
      expect(tally(answers)).toEqual({ 200: 10 });
      const t = await get(t0.id);
      expect(t.status).toBe('claimed');
      expect(eventsOf(t, 'commented')).toHaveLength(10);
      expect(
        eventsOf(t, 'commented')
          .map((e) => (e as unknown as { comment: string }).comment)
          .sort(),
      ).toEqual(Array.from({ length: 10 }, (_, i) => `备注 ${i}`).sort());
      expectGapFreeTimeline(t);
    });

    it('ten resident ratings at once → one 201, nine 409, one rated event', async () => {
      const t0 = await ticketAt('verified');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          api
            .http()
            .post(`/api/v1/public/tickets/${t0.trackingCode}/rating`)
            .send({ satisfaction: i % 2 ? 'satisfied' : 'very_satisfied' }),
        ),
      );
      expect(tally(answers)).toEqual({ 201: 1, 409: 9 });
      const winner = answers.find((a) => a.status === 201)!;
      const t = await get(t0.id);
      expect(t.satisfaction).toBe(winner.body.satisfaction);
      expect(eventsOf(t, 'rated')).toHaveLength(1);
      expectGapFreeTimeline(t);
    });
  });

  describe('a decision taken on a stale read must not overwrite what happened meanwhile', () => {
    /**
     * Holds an ACCESS EXCLUSIVE lock on the attachment table while `slow` runs: an action that
     * carries attachmentIds (comments, resolve) checks them after reading the ticket and before
     * writing, so it pauses there. `meanwhile` runs real actions that do not touch attachments.
     */
    async function withPausedAttachmentCheck(slow: () => Promise<Response>, meanwhile: () => Promise<void>) {
      const runner = db.createQueryRunner();
      await runner.connect();
      let pending: Promise<Response> | undefined;
      try {
        await runner.startTransaction();
        await runner.query('LOCK TABLE attachment IN ACCESS EXCLUSIVE MODE');
        const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
        pending = slow();
        // wait until the slow request is blocked behind our lock (it has read the ticket by then)
        for (let i = 0; i < 200; i++) {
          const [{ n }] = await db.query(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
            [pid],
          );
          if (n > 0) break;
          await sleep(10);
        }
        await meanwhile();
      } finally {
        if (runner.isTransactionActive) await runner.commitTransaction();
        await runner.release();
      }
      return pending!;
    }
    const upload = async (user: TestUser) =>
      must(
        await user
          .auth(api.http().post('/api/v1/attachments'))
          .attach('file', PNG, { filename: 'p.png', contentType: 'image/png' }),
        'upload',
      ).id as string;

    it('a comment racing an escalation keeps the new level (no lost update)', async () => {
      const t0 = await ticketAt('claimed');
      const photo = await upload(dispatcher);
      let escalated: Response | undefined;
      const comment = await withPausedAttachmentCheck(
        () => ticketApi.act(dispatcher, t0.id, 'comments', { text: '现场照片', attachmentIds: [photo] }).then((r) => r),
        async () => {
          escalated = await ticketApi.act(worker, t0.id, 'escalate', { reason: '需社区协调' });
        },
      );
      expect(escalated!.status).toBe(200);
      expect(escalated!.body.level).toBe('community');
      const t = await get(t0.id);
      // either the comment lost the race (409) or it landed on top of the escalation: the level stays raised
      expect([200, 409]).toContain(comment.status);
      expect({ level: t.level, escalations: t.escalations }).toEqual({ level: 'community', escalations: 1 });
      expect(eventsOf(t, 'escalated')).toHaveLength(1);
      expectGapFreeTimeline(t);
    });

    it('a resolve by a handler who meanwhile declined does not take over the new handler’s ticket', async () => {
      const t0 = await ticketAt('claimed', party);
      const photo = await upload(party);
      const resolve = await withPausedAttachmentCheck(
        () => ticketApi.act(party, t0.id, 'resolve', { result: '已处理', attachmentIds: [photo] }).then((r) => r),
        async () => {
          // party declines, the dispatcher hands it to party2, who claims it: claimed again, by someone else
          must(await ticketApi.act(party, t0.id, 'decline', { reason: '外出' }), 'decline');
          must(await ticketApi.act(dispatcher, t0.id, 'dispatch', { assigneeId: party2.id }), 'dispatch');
          must(await ticketApi.act(party2, t0.id, 'claim'), 'claim');
        },
      );
      const t = await get(t0.id);
      // party2 holds the ticket; party's stale resolve must be refused (409, or 403: no longer the assignee)
      expect({ status: t.status, assigneeIsParty2: t.assignee?.id === party2.id }).toEqual({
        status: 'claimed',
        assigneeIsParty2: true,
      });
      expect([403, 409]).toContain(resolve.status);
      expect(eventsOf(t, 'resolved')).toHaveLength(0);
    });
  });

  describe('Idempotency-Key', () => {
    it('ten concurrent repeats (same key, same body) → all 201 with the same ticket, one row', async () => {
      const key = `k-${randomUUID()}`;
      const body = fileBody({ reporter: { name: '王女士', phone: '13812345678' } });
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(body),
        ),
      );
      expect(tally(answers)).toEqual({ 201: 10 });
      const ids = new Set(answers.map((a) => a.body.id));
      expect(ids.size).toBe(1);
      for (const a of answers) expect(a.body).toEqual(answers[0].body);
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM ticket WHERE description = $1', [
        body.description,
      ]);
      expect(n).toBe(1);
      const [{ k }] = await db.query('SELECT count(*)::int AS k FROM idempotency_key WHERE key = $1', [key]);
      expect(k).toBe(1);

      // a later repeat answers the first answer again, even though the ticket moved on meanwhile
      must(await ticketApi.act(dispatcher, answers[0].body.id, 'accept'), 'accept');
      const again = await worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(answers[0].body);
      expect(again.body.status).toBe('submitted');

      // the same key with another body is refused, and creates nothing
      const other = { ...body, description: `${body.description} 改` };
      const reused = await worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(other);
      expectApiError(reused, 422, 'IDEMPOTENCY_KEY_REUSED');
      const [{ m }] = await db.query('SELECT count(*)::int AS m FROM ticket WHERE description = ANY($1)', [
        [body.description, other.description],
      ]);
      expect(m).toBe(1);
    });

    it('keys belong to the caller: another user with the same key files their own ticket', async () => {
      const key = `k-${randomUUID()}`;
      const body = fileBody();
      const a = await worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(body);
      const b = await dispatcher.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(body);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('a failed filing does not burn the key; a malformed key is 400', async () => {
      const key = `k-${randomUUID()}`;
      const bad = await worker
        .auth(api.http().post('/api/v1/tickets'))
        .set('Idempotency-Key', key)
        .send(fileBody({ itemCode: 'Q99' }));
      expectApiError(bad, 422, 'ITEM_NOT_ADMITTED');
      const good = await worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', key).send(fileBody());
      expect(good.status).toBe(201);
      for (const k of ['has space', 'x'.repeat(129), 'a/b']) {
        const res = await worker.auth(api.http().post('/api/v1/tickets')).set('Idempotency-Key', k).send(fileBody());
        expectApiError(res, 400, 'VALIDATION_FAILED', k);
      }
    });

    it('public filings: ten concurrent repeats → one ticket', async () => {
      const key = `pub-${randomUUID()}`;
      const body = { itemCode: 'E01', location: city.insideGrid.get(city.grids[1]), description: `垃圾 ${key}` };
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.http().post('/api/v1/public/tickets').set('Idempotency-Key', key).send(body),
        ),
      );
      expect(tally(answers)).toEqual({ 201: 10 });
      expect(new Set(answers.map((a) => a.body.trackingCode)).size).toBe(1);
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM ticket WHERE description = $1', [
        body.description,
      ]);
      expect(n).toBe(1);
    });
  });

  describe('ticket numbers', () => {
    it('twenty filed at once get unique numbers of today (Asia/Shanghai)', async () => {
      const before = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => file(i % 2 ? worker : dispatcher, fileBody({ itemCode: 'D02' }))),
      );
      const after = Date.now();
      expect(tally(answers)).toEqual({ 201: 20 });
      const numbers = answers.map((a) => a.body.number as string);
      expect(new Set(numbers).size).toBe(20);
      const days = new Set([shanghaiDay(before), shanghaiDay(after)]);
      for (const n of numbers) {
        expect(n).toMatch(/^\d{14}$/);
        expect(days).toContain(n.slice(0, 8));
        expect(Number(n.slice(8))).toBeGreaterThanOrEqual(1);
      }
      // other files may file at the same moment, so only this much: 20 distinct sequence numbers
      const seqs = numbers.map((n) => Number(n.slice(8))).sort((a, b) => a - b);
      expect(seqs.at(-1)! - seqs[0]).toBeGreaterThanOrEqual(19);
      // and tracking codes are unique too
      expect(new Set(answers.map((a) => a.body.trackingCode)).size).toBe(20);
    });
  });
});
