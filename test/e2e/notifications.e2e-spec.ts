import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { UserCache } from '@gridflow/auth';
import { NotificationsService } from '@gridflow/notifications';
import type { TicketEventPayload } from '@gridflow/queue';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
  must,
} from '../support/index.js';
import { DeadlinesService } from '@gridflow/tickets';

/**
 * The inbox: which ticket events notify whom (the worker calls NotificationsService for
 * every event; here the test calls it with the events' real outbox payloads), the inbox
 * endpoints, idempotency, and the live SSE stream.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

interface Item {
  id: string;
  type: string;
  ticketId: string | null;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

describe('notifications', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let notifications: NotificationsService;
  let filer: TestUser; // grid worker of grids[0] who files (the actor: never told of their own filing)
  let gridWorker: TestUser; // another grid worker of grids[0]
  let disabledWorker: TestUser; // a disabled grid worker of grids[0]
  let otherGridWorker: TestUser; // grid worker of grids[1]
  let dispatcher: TestUser; // community 0
  let supervisor: TestUser; // township 0
  let citySupervisor: TestUser; // the whole city
  let otherSupervisor: TestUser; // township 1
  let party: TestUser;
  let party2: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    notifications = api.app.get(NotificationsService);
    [
      filer,
      gridWorker,
      disabledWorker,
      otherGridWorker,
      dispatcher,
      supervisor,
      citySupervisor,
      otherSupervisor,
      party,
      party2,
    ] = await Promise.all([
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.townships[0]),
      createTestUser(api.app, 'supervisor', city.city),
      createTestUser(api.app, 'supervisor', city.townships[1]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
    ]);
    await db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabledWorker.id]);
  });
  afterAll(() => api.close());

  type TicketBody = { id: string; trackingCode: string; number: string; status: string };
  const ticketApi = ticketClient(() => api);
  const act = async (user: TestUser, id: string, action: string, body: object = {}) =>
    must<TicketBody>(await ticketApi.act(user, id, action, body), action);
  const fileTicket = async (description = '楼道堆物，邻里争执') =>
    must<TicketBody>(await ticketApi.file(filer, { itemCode: 'B01', gridCode: city.grids[0], description }), 'file');

  /** The ticket's events exactly as the outbox relay hands them to the worker. */
  async function outboxEvents(ticketId: string): Promise<TicketEventPayload[]> {
    const rows: { id: string; payload: Omit<TicketEventPayload, 'outboxId'> }[] = await db.query(
      `SELECT id, payload FROM outbox WHERE topic = 'ticket-event' AND payload->>'ticketId' = $1 ORDER BY id`,
      [ticketId],
    );
    return rows.map((r) => ({ ...r.payload, outboxId: String(r.id) }));
  }
  /** What the worker's ticket-events processor does for every event of the ticket. */
  async function deliverAll(ticketId: string) {
    for (const e of await outboxEvents(ticketId)) await notifications.onTicketEvent(e);
  }

  const inbox = async (user: TestUser, query: Record<string, string | number> = {}) => {
    const res = await user.auth(api.http().get('/api/v1/notifications')).query(query);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null; unreadCount: number };
  };
  const about = async (user: TestUser, ticketId: string) =>
    (await inbox(user, { limit: 100 })).items.filter((n) => n.ticketId === ticketId);
  const types = async (user: TestUser, ticketId: string) => (await about(user, ticketId)).map((n) => n.type).sort();

  describe('who is told of what', () => {
    let t: { id: string; trackingCode: string; number: string };

    beforeAll(async () => {
      t = await fileTicket();
      await deliverAll(t.id);
    });

    it('filed → the grid’s grid workers, but not the filer, a disabled one, or other grids', async () => {
      const [n] = await about(gridWorker, t.id);
      expect(n).toEqual({
        id: expect.stringMatching(UUID),
        type: 'filed',
        ticketId: t.id,
        title: '网格新工单',
        body: expect.stringContaining(t.number),
        data: expect.objectContaining({ number: t.number, gridCode: city.grids[0], level: 'grid', seq: 1 }),
        createdAt: expect.stringMatching(ISO),
        readAt: null,
      });
      expect(n.body).toContain('邻里纠纷调解');
      expect(await about(filer, t.id)).toEqual([]);
      expect(await about(otherGridWorker, t.id)).toEqual([]);
      expect(await about(dispatcher, t.id)).toEqual([]);
      const [{ n: forDisabled }] = await db.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ticket_id = $2`,
        [disabledWorker.id, t.id],
      );
      expect(forDisabled).toBe(0);
    });

    it('dispatched → the assignee; escalated (报大事) → the new level’s dispatchers and supervisors', async () => {
      await act(dispatcher, t.id, 'accept');
      await act(dispatcher, t.id, 'dispatch', { assigneeId: party.id });
      await act(filer, t.id, 'escalate', { reason: '涉及多户，需社区协调' });
      await deliverAll(t.id);

      const [dispatched] = await about(party, t.id);
      expect(dispatched).toEqual(
        expect.objectContaining({ type: 'dispatched', title: '您有新派单', data: expect.objectContaining({ seq: 3 }) }),
      );
      // the ticket is now at community level: community 0's desk hears of it
      const [escalated] = await about(dispatcher, t.id);
      expect(escalated).toEqual(
        expect.objectContaining({
          type: 'escalated',
          title: '工单已升级督办',
          data: expect.objectContaining({ level: 'community', fromLevel: 'grid', toLevel: 'community', manual: true }),
        }),
      );
      expect(escalated.body).toContain('涉及多户，需社区协调');
      // not the township's supervisors (not their level), not the actor
      expect(await about(supervisor, t.id)).toEqual([]);
      expect(await types(filer, t.id)).toEqual([]);
      expect(await types(party2, t.id)).toEqual([]);
    });

    it('rework → the assignee; rated → supervisors whose scope covers the grid, and the assignee', async () => {
      await act(party, t.id, 'claim');
      await act(party, t.id, 'resolve', { result: '已清理楼道' });
      await act(supervisor, t.id, 'verify', { outcome: 'rework', callbackNote: '仍有堆物' });
      await act(party, t.id, 'claim');
      await act(party, t.id, 'resolve', { result: '已全部清理' });
      await act(supervisor, t.id, 'verify', { outcome: 'pass', satisfaction: 'satisfied' });
      const rated = await api
        .http()
        .post(`/api/v1/public/tickets/${t.trackingCode}/rating`)
        .send({ satisfaction: 'very_satisfied', comment: '处理及时' });
      expect(rated.status).toBeLessThan(300);
      await deliverAll(t.id);

      expect(await types(party, t.id)).toEqual(['dispatched', 'rated', 'rework']);
      const rework = (await about(party, t.id)).find((n) => n.type === 'rework')!;
      expect(rework).toEqual(
        expect.objectContaining({ title: '工单需返工', body: expect.stringContaining('仍有堆物') }),
      );
      for (const s of [supervisor, citySupervisor]) {
        const [n] = await about(s, t.id);
        expect(n).toEqual(
          expect.objectContaining({
            type: 'rated',
            title: '群众评价已到',
            data: expect.objectContaining({ satisfaction: 'very_satisfied' }),
          }),
        );
        expect(n.body).toContain('非常满意');
      }
      expect(await about(otherSupervisor, t.id)).toEqual([]);
    });

    it('warning (黄灯) at grid level → the community’s desk and the assignee', async () => {
      const t2 = await fileTicket('电动车楼道充电');
      await act(gridWorker, t2.id, 'accept');
      await act(dispatcher, t2.id, 'dispatch', { assigneeId: party2.id });
      // Bring the warning time forward instead of waiting hours (the due time is data).
      await db.query(`UPDATE ticket SET warn_at = now() - interval '1 second' WHERE id = $1`, [t2.id]);
      const [row] = await db.query(`SELECT step_seq FROM ticket WHERE id = $1`, [t2.id]);
      // (a worker's sweeper elsewhere in this run may get there first: either way one warning)
      await api.app.get(DeadlinesService).fire({ ticketId: t2.id, stepSeq: row.step_seq, kind: 'warning', n: 0 });
      await deliverAll(t2.id);

      expect(await types(party2, t2.id)).toEqual(['dispatched', 'warning']);
      const warning = (await about(dispatcher, t2.id)).find((n) => n.type === 'warning');
      expect(warning).toEqual(expect.objectContaining({ title: '工单临近超时（黄灯）', ticketId: t2.id }));
      expect(await types(supervisor, t2.id)).toEqual([]);
    });

    it('is idempotent: the same event delivered again (or twice at once) notifies once', async () => {
      const events = await outboxEvents(t.id);
      await Promise.all(events.flatMap((e) => [notifications.onTicketEvent(e), notifications.onTicketEvent(e)]));
      const [{ n, keys }] = await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT (user_id, dedupe_key))::int AS keys FROM notification WHERE ticket_id = $1`,
        [t.id],
      );
      expect(n).toBe(keys);
      expect(await types(party, t.id)).toEqual(['dispatched', 'rated', 'rework']);
      expect(await types(gridWorker, t.id)).toEqual(['filed']);
    });
  });

  describe('whose turn it is: 待派单 → the dispatch desk, 待督查 → the supervisors', () => {
    let otherDispatcher: TestUser; // community 1: not this ticket's desk
    let disabledDispatcher: TestUser; // community 0, disabled

    beforeAll(async () => {
      [otherDispatcher, disabledDispatcher] = await Promise.all([
        createTestUser(api.app, 'dispatcher', city.communities[1]),
        createTestUser(api.app, 'dispatcher', city.communities[0]),
      ]);
      await db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [disabledDispatcher.id]);
    });

    it('accepted (网格接单) at grid level → the community’s dispatchers, not other communities’, not disabled ones', async () => {
      const t = await fileTicket('小区门口井盖松动');
      await act(gridWorker, t.id, 'accept');
      await deliverAll(t.id);

      const [n] = await about(dispatcher, t.id);
      expect(n).toEqual(
        expect.objectContaining({
          type: 'accepted',
          title: '工单待派单',
          body: expect.stringContaining(t.number),
          data: expect.objectContaining({ status: 'accepted', level: 'grid', gridCode: city.grids[0] }),
        }),
      );
      expect(await about(otherDispatcher, t.id)).toEqual([]);
      const [{ n: forDisabled }] = await db.query(
        `SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ticket_id = $2`,
        [disabledDispatcher.id, t.id],
      );
      expect(forDisabled).toBe(0);
      // the grid worker who accepted is not told of it; nor are supervisors
      expect(await types(gridWorker, t.id)).toEqual(['filed']);
      expect(await about(supervisor, t.id)).toEqual([]);
    });

    it('a dispatcher who accepts is not told of their own turn; a decline (退单) brings it back to them', async () => {
      const t = await fileTicket('楼顶防水层破损');
      await act(dispatcher, t.id, 'accept');
      await deliverAll(t.id);
      expect(await about(dispatcher, t.id)).toEqual([]);

      await act(dispatcher, t.id, 'dispatch', { assigneeId: party.id });
      await act(party, t.id, 'decline', { reason: '不在本人职责范围' });
      await deliverAll(t.id);
      const [n] = await about(dispatcher, t.id);
      expect(n).toEqual(
        expect.objectContaining({
          type: 'declined',
          title: '工单退单待派',
          body: expect.stringContaining('不在本人职责范围'),
        }),
      );
      expect(await about(otherDispatcher, t.id)).toEqual([]);
      expect(await types(party, t.id)).toEqual(['dispatched']);
    });

    it('above grid level the desk is the unit at the ticket’s level', async () => {
      const t = await fileTicket('跨社区占道经营');
      await act(filer, t.id, 'escalate', { reason: '涉及多个社区' });
      await act(filer, t.id, 'escalate', { reason: '需街道协调' });
      const townshipDispatcher = await createTestUser(api.app, 'dispatcher', city.townships[0]);
      await act(gridWorker, t.id, 'accept');
      await deliverAll(t.id);
      expect(await types(townshipDispatcher, t.id)).toEqual(['accepted', 'escalated']);
      // community 0's desk heard of the escalation to community level, not of the township's turn
      expect(await types(dispatcher, t.id)).toEqual(['escalated']);
    });

    it('resolved → supervisors whose scope covers the grid, not the handler, not other townships', async () => {
      const t = await fileTicket('健身器材损坏');
      await act(gridWorker, t.id, 'accept');
      await act(dispatcher, t.id, 'dispatch', { assigneeId: party2.id });
      await act(party2, t.id, 'claim');
      await act(party2, t.id, 'resolve', { result: '已联系厂家更换' });
      await deliverAll(t.id);

      for (const s of [supervisor, citySupervisor]) {
        const [n] = await about(s, t.id);
        expect(n).toEqual(
          expect.objectContaining({
            type: 'resolved',
            title: '工单待督查',
            data: expect.objectContaining({ status: 'resolved' }),
          }),
        );
      }
      expect(await about(otherSupervisor, t.id)).toEqual([]);
      expect(await types(party2, t.id)).toEqual(['dispatched']);
    });
  });

  describe('the inbox endpoints', () => {
    let user: TestUser;
    let ids: string[];

    beforeAll(async () => {
      user = await createTestUser(api.app, 'party_member', city.communities[1]);
      ids = [];
      for (const i of [1, 2, 3]) {
        const [n] = await notifications.send([user.id], {
          type: 'dispatched',
          ticketId: null,
          title: `通知 ${i}`,
          body: null,
          data: { i },
          dedupeKey: `inbox-test:${i}`,
        });
        ids.push(n.id);
      }
    });

    it('lists my notifications newest first with my unread count, paged by cursor', async () => {
      const all = await inbox(user);
      expect(all.items.map((n) => n.id)).toEqual([...ids].reverse());
      expect(all.unreadCount).toBe(3);
      expect(all.nextCursor).toBeNull();
      const first = await inbox(user, { limit: 2 });
      expect(first.items.map((n) => n.title)).toEqual(['通知 3', '通知 2']);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await inbox(user, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((n) => n.title)).toEqual(['通知 1']);
      expect(second.nextCursor).toBeNull();
      // someone else's inbox does not show them
      expect((await inbox(party2)).items.map((n) => n.id)).not.toContain(ids[0]);
    });

    it('marks one read (idempotently) and filters by unread', async () => {
      const res = await user.auth(api.http().post(`/api/v1/notifications/${ids[0]}/read`));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: ids[0], title: '通知 1', readAt: expect.stringMatching(ISO) }),
      );
      const again = await user.auth(api.http().post(`/api/v1/notifications/${ids[0]}/read`));
      expect(again.body.readAt).toBe(res.body.readAt);

      const unread = await inbox(user, { unread: 'true' });
      expect(unread.items.map((n) => n.id)).toEqual([ids[2], ids[1]]);
      expect(unread.unreadCount).toBe(2);
      expect((await inbox(user, { unread: 'false' })).items.map((n) => n.id)).toEqual([ids[0]]);
      expect((await user.auth(api.http().get('/api/v1/notifications')).query({ unread: 'maybe' })).status).toBe(400);
    });

    it('answers 404 for someone else’s notification or a malformed id', async () => {
      for (const id of [ids[1], randomUUID(), 'not-a-uuid']) {
        const res = await party2.auth(api.http().post(`/api/v1/notifications/${id}/read`));
        expect({ id, status: res.status, code: res.body.code }).toEqual({ id, status: 404, code: 'NOT_FOUND' });
      }
      expect((await inbox(user, { unread: 'true' })).unreadCount).toBe(2);
    });

    it('read-all marks the rest read', async () => {
      const res = await user.auth(api.http().post('/api/v1/notifications/read-all'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ marked: 2, unreadCount: 0 });
      const after = await inbox(user);
      expect(after.unreadCount).toBe(0);
      expect(after.items.every((n) => n.readAt !== null)).toBe(true);
    });

    it('needs a token', async () => {
      expect((await api.http().get('/api/v1/notifications')).status).toBe(401);
    });
  });

  describe('the live stream (server-sent events)', () => {
    let port: number;
    const open: http.ClientRequest[] = [];

    beforeAll(async () => {
      await api.app.listen(0, '127.0.0.1');
      port = (api.app.getHttpServer().address() as AddressInfo).port;
    });
    afterAll(() => open.forEach((r) => r.destroy()));

    interface Sse {
      status: number;
      headers: http.IncomingHttpHeaders;
      text: () => string;
      /** the data of the `data:` events received so far */
      events: () => { id?: string; data: Item }[];
      waitFor: (what: string, probe: () => boolean, timeoutMs?: number) => Promise<void>;
      close: () => void;
    }

    function connect(path: string, headers: Record<string, string> = {}): Promise<Sse> {
      return new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          const sse: Sse = {
            status: res.statusCode!,
            headers: res.headers,
            text: () => text,
            events: () =>
              text
                .split('\n\n')
                .map((block) => block.split('\n'))
                .filter((lines) => lines.some((l) => l.startsWith('data: ')))
                .map((lines) => ({
                  id: lines.find((l) => l.startsWith('id: '))?.slice(4),
                  data: JSON.parse(
                    lines
                      .filter((l) => l.startsWith('data: '))
                      .map((l) => l.slice(6))
                      .join('\n'),
                  ),
                })),
            waitFor: async (what, probe, timeoutMs = 5_000) => {
              const deadline = Date.now() + timeoutMs;
              while (!probe()) {
                if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got: ${text}`);
                await new Promise((r) => setTimeout(r, 20));
              }
            },
            close: () => req.destroy(),
          };
          resolve(sse);
        });
        req.on('error', reject);
        open.push(req);
      });
    }

    /** What the console does before opening EventSource: a single-use stream ticket. */
    async function streamTicket(user: TestUser): Promise<string> {
      const res = await user.auth(api.http().post('/api/v1/notifications/stream-ticket'));
      expect(res.status).toBe(201);
      return res.body.ticket as string;
    }

    it('pushes a notification created after connecting to its user only (stream ticket in the query)', async () => {
      const mine = await connect(`/api/v1/notifications/stream?ticket=${await streamTicket(party)}`);
      const theirs = await connect(`/api/v1/notifications/stream?ticket=${await streamTicket(party2)}`);
      expect(mine.status).toBe(200);
      expect(mine.headers['content-type']).toMatch(/^text\/event-stream/);
      await mine.waitFor('the connected comment', () => mine.text().includes(': connected'));
      await theirs.waitFor('the connected comment', () => theirs.text().includes(': connected'));

      const [created] = await notifications.send([party.id], {
        type: 'dispatched',
        ticketId: null,
        title: '实时推送测试',
        body: '您有新派单',
        data: {},
        dedupeKey: `sse-test:${randomUUID()}`,
      });
      await mine.waitFor('the pushed notification', () => mine.events().some((e) => e.data.id === created.id));
      const event = mine.events().find((e) => e.data.id === created.id)!;
      expect(event).toEqual({ id: created.id, data: created });
      expect(mine.text()).toMatch(new RegExp(`^data: .*"id":"${created.id}"`, 'm'));
      // party2's stream stays quiet about it
      await new Promise((r) => setTimeout(r, 200));
      expect(theirs.events().map((e) => e.data.id)).not.toContain(created.id);
      mine.close();
      theirs.close();
    });

    it('replays what a reconnecting client missed since Last-Event-ID', async () => {
      const send = (i: number) =>
        notifications.send([party2.id], {
          type: 'warning',
          ticketId: null,
          title: `补发 ${i}`,
          body: null,
          data: {},
          dedupeKey: `sse-replay:${randomUUID()}`,
        });
      const [seen] = await send(1);
      const [missed1] = await send(2);
      const [missed2] = await send(3);
      const stream = await connect(`/api/v1/notifications/stream?ticket=${await streamTicket(party2)}`, {
        'Last-Event-ID': seen.id,
      });
      await stream.waitFor('the backlog', () => stream.events().length >= 2);
      expect(stream.events().map((e) => e.data.id)).toEqual([missed1.id, missed2.id]);
      stream.close();
      // the console reconnects with a new EventSource, which cannot send the header: the query says it
      const again = await connect(
        `/api/v1/notifications/stream?ticket=${await streamTicket(party2)}&lastEventId=${missed1.id}`,
      );
      await again.waitFor('the backlog', () => again.events().length >= 1);
      expect(again.events().map((e) => e.data.id)).toEqual([missed2.id]);
      again.close();
    });

    it("refuses a missing or bad ticket, a revoked user's ticket, and a JWT in the URL with 401", async () => {
      const none = await connect('/api/v1/notifications/stream');
      const bad = await connect('/api/v1/notifications/stream?ticket=abc.def.ghi');
      const revoked = await createTestUser(api.app, 'party_member', city.communities[1]);
      const revokedTicket = await streamTicket(revoked);
      await db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [revoked.id]);
      await api.app.get(UserCache).changed(revoked.id);
      const gone = await connect(`/api/v1/notifications/stream?ticket=${revokedTicket}`);
      // the long-lived JWT is no longer taken from the URL, however valid
      const jwtInUrl = await connect(`/api/v1/notifications/stream?access_token=${party.token}`);
      for (const res of [none, bad, gone, jwtInUrl]) {
        expect(res.status).toBe(401);
        await res.waitFor('the error body', () => res.text().includes('UNAUTHENTICATED'));
      }
    });
  });
});
