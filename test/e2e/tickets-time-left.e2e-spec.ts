import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { createWorkingCalendar, elapsedDuration } from '@gridflow/domain';
import {
  binaryParser,
  createRoster,
  createTestApi,
  createTestCity,
  createTestUser,
  expectApiError,
  must,
  ticketClient,
  type TestApi,
  type TestCity,
  type TestUser,
  until,
} from '../support/index.js';

/**
 * 剩余时间 through the real endpoints: `timeLeft` on lists and the detail in the item's clock
 * (B01 counts working time, F01 calendar time), `sort=urgency` (超时, 临期, earliest due, no
 * limit last) paged by its compound cursor without repeats or gaps, `overdue=` on the ticket
 * list and the review queue, and hostile parameters answering 400 in API.md's shape.
 */

interface TicketBody {
  id: string;
  status: string;
  itemCode: string;
  dueAt: string | null;
  timeLeft: { clock: 'working' | 'calendar'; seconds: number } | null;
}

const HOUR = 3600_000;

describe('tickets: time left, sort=urgency, overdue', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let worker: TestUser;
  let dispatcher: TestUser;
  let supervisor: TestUser;
  let party: TestUser;
  const ticketApi = ticketClient(() => api);

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker: worker, dispatcher, supervisor, party } = await createRoster(api.app, city));
  });
  afterAll(() => api.close());

  let filed = 0;
  const file = async (itemCode: 'B01' | 'F01'): Promise<TicketBody> =>
    must(
      await ticketApi.file(worker, { itemCode, gridCode: city.grids[0], description: `时限测试 #${++filed}` }),
      'file',
    );
  /** Sets the step's times (and flags) as the worker or a time request would have left them. */
  const setStep = (id: string, s: { due: Date | null; warn?: Date | null; suspended?: boolean; overdue?: boolean }) =>
    db.query(
      `UPDATE ticket SET due_at = $2, warn_at = $3, suspended_at = $4, overdue = $5, warning = $6 WHERE id = $1`,
      [
        id,
        s.due,
        s.warn ?? null,
        s.suspended ? new Date() : null,
        s.overdue ?? false,
        !!s.warn && s.warn.getTime() <= Date.now(),
      ],
    );
  const list = (user: TestUser, query: string) => user.auth(api.http().get(`/api/v1/tickets?${query}`));

  /** Every page of a list, following nextCursor. */
  async function allPages(user: TestUser, query: string): Promise<{ pages: number; items: TicketBody[] }> {
    const items: TicketBody[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(user, `${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    return { pages, items };
  }

  // Community 1's grid: the ordering test's own tickets (no other test files there).
  let ordered: Record<string, TicketBody>;
  let communityDispatcher: TestUser;

  describe('timeLeft', () => {
    it('counts working time for a working-clock item and calendar time for a calendar one, on list and detail', async () => {
      const [working, calendar] = [await file('B01'), await file('F01')];
      expect(working.timeLeft).toEqual({ clock: 'working', seconds: expect.any(Number) });
      expect(calendar.timeLeft).toEqual({ clock: 'calendar', seconds: expect.any(Number) });

      const due = new Date(Date.now() + 48 * HOUR);
      await setStep(working.id, { due });
      await setStep(calendar.id, { due });
      const now = new Date();
      const expected = elapsedDuration('working', now, due, createWorkingCalendar());

      const w = must<TicketBody>(await ticketApi.get(dispatcher, working.id), 'get');
      const c = must<TicketBody>(await ticketApi.get(dispatcher, calendar.id), 'get');
      expect(w.timeLeft?.clock).toBe('working');
      expect(Math.abs(w.timeLeft!.seconds - expected)).toBeLessThanOrEqual(5);
      expect(w.timeLeft!.seconds).toBeLessThanOrEqual(3 * 7 * 3600); // 48 h hold at most 3 working days
      expect(c.timeLeft?.clock).toBe('calendar');
      expect(Math.abs(c.timeLeft!.seconds - 48 * 3600)).toBeLessThanOrEqual(5);

      const listed = must<{ items: TicketBody[] }>(await list(dispatcher, 'limit=100&itemCode=F01'), 'list');
      const inList = listed.items.find((t) => t.id === calendar.id);
      expect(inList?.timeLeft?.clock).toBe('calendar');
      expect(Math.abs(inList!.timeLeft!.seconds - 48 * 3600)).toBeLessThanOrEqual(5);
    });

    it('is negative when over, and null when suspended or closed', async () => {
      const [over, suspended, rejected] = [await file('F01'), await file('B01'), await file('B01')];
      await setStep(over.id, { due: new Date(Date.now() - 2 * HOUR) });
      await setStep(suspended.id, { due: new Date(Date.now() + HOUR), suspended: true });
      must(
        await ticketApi.act(worker, rejected.id, 'reject', { reason: 'invalid', comment: '测试：无效诉求' }),
        'reject',
      );
      const o = must<TicketBody>(await ticketApi.get(dispatcher, over.id), 'get');
      expect(o.timeLeft?.clock).toBe('calendar');
      expect(Math.abs(o.timeLeft!.seconds + 2 * 3600)).toBeLessThanOrEqual(5);
      expect(must<TicketBody>(await ticketApi.get(dispatcher, suspended.id), 'get').timeLeft).toBeNull();
      expect(must<TicketBody>(await ticketApi.get(dispatcher, rejected.id), 'get').timeLeft).toBeNull();
    });
  });

  describe('sort=urgency', () => {
    beforeAll(async () => {
      // Community 1 (grids 3–5) holds only these tickets.
      const grid = city.grids[3];
      const [gridWorker, desk] = await Promise.all([
        createTestUser(api.app, 'grid_worker', grid),
        createTestUser(api.app, 'dispatcher', city.communities[1]),
      ]);
      communityDispatcher = desk;
      const names = ['over2h', 'over1h', 'overSuspended', 'warning', 'ok3h', 'ok5h', 'suspended', 'closed'] as const;
      ordered = {};
      for (const name of names) {
        ordered[name] = must(
          await ticketApi.file(gridWorker, {
            itemCode: name === 'over1h' ? 'F01' : 'B01',
            gridCode: grid,
            description: `紧急程度 ${name}`,
          }),
          `file ${name}`,
        );
      }
      const at = (h: number) => new Date(Date.now() + h * HOUR);
      await setStep(ordered.over2h.id, { due: at(-2), warn: at(-3) });
      await setStep(ordered.over1h.id, { due: at(-1), warn: at(-1.5) });
      await setStep(ordered.overSuspended.id, { due: at(-0.5), suspended: true, overdue: true });
      await setStep(ordered.warning.id, { due: at(8), warn: at(-0.1) });
      await setStep(ordered.ok3h.id, { due: at(3), warn: at(2) });
      await setStep(ordered.ok5h.id, { due: at(5), warn: at(4) });
      await setStep(ordered.suspended.id, { due: at(1), suspended: true });
      must(
        await ticketApi.act(gridWorker, ordered.closed.id, 'reject', { reason: 'invalid', comment: '测试：无效' }),
        'reject',
      );
    });

    const expectedOrder = () =>
      ['over2h', 'over1h', 'overSuspended', 'warning', 'ok3h', 'ok5h', 'suspended', 'closed'].map((n) => ordered[n].id);

    it('orders 超时, 临期, the earliest due, then no running limit', async () => {
      const res = await list(communityDispatcher, `sort=urgency&gridCode=${city.grids[3]}&limit=100`);
      expect(res.status).toBe(200);
      expect(res.body.items.map((t: TicketBody) => t.id)).toEqual(expectedOrder());
      expect(res.body.nextCursor).toBeNull();
    });

    it('pages by its cursor without repeats or gaps, whatever the page size', async () => {
      for (const limit of [1, 2, 3]) {
        const { pages, items } = await allPages(
          communityDispatcher,
          `sort=urgency&gridCode=${city.grids[3]}&limit=${limit}`,
        );
        expect(items.map((t) => t.id)).toEqual(expectedOrder());
        expect(pages).toBe(Math.ceil(8 / limit));
      }
    });

    it('keeps the first page’s instant in the cursor: a ticket falling due meanwhile does not move', async () => {
      const query = `sort=urgency&gridCode=${city.grids[3]}&limit=4`;
      // ok3h falls due in a few seconds: the first of page 2 when page 1 is read.
      await setStep(ordered.ok3h.id, { due: new Date(Date.now() + 4000) });
      try {
        const first = must<{ items: TicketBody[]; nextCursor: string }>(
          await list(communityDispatcher, query),
          'first page',
        );
        expect(first.items.map((t) => t.id)).toEqual(expectedOrder().slice(0, 4));
        await until('ok3h to be over', async () => {
          const over = must<{ items: TicketBody[] }>(await list(communityDispatcher, `${query}&overdue=true`), 'over');
          return over.items.some((t) => t.id === ordered.ok3h.id);
        });
        // A fresh first page now ranks it first among the 超时; the cursor still pages as page 1 was read.
        const rest = await allPages(communityDispatcher, `${query}&cursor=${encodeURIComponent(first.nextCursor)}`);
        expect([...first.items, ...rest.items].map((t) => t.id)).toEqual(expectedOrder());
        expect(rest.items[0].timeLeft!.seconds).toBeLessThan(0); // timeLeft itself is of the request
      } finally {
        const at = (h: number) => new Date(Date.now() + h * HOUR);
        await setStep(ordered.ok3h.id, { due: at(3), warn: at(2) });
      }
    });

    it('overdue=true leaves only the tickets over their due time, in any order; false the others', async () => {
      const over = await allPages(communityDispatcher, `overdue=true&gridCode=${city.grids[3]}&limit=2`);
      expect(over.items.map((t) => t.id).sort()).toEqual(
        [ordered.over2h.id, ordered.over1h.id, ordered.overSuspended.id].sort(),
      );
      const urgent = await allPages(communityDispatcher, `overdue=true&sort=urgency&gridCode=${city.grids[3]}`);
      expect(urgent.items.map((t) => t.id)).toEqual(expectedOrder().slice(0, 3));
      const notOver = await allPages(communityDispatcher, `overdue=false&gridCode=${city.grids[3]}`);
      expect(notOver.items.map((t) => t.id).sort()).toEqual(expectedOrder().slice(3).sort());
    });
  });

  describe('overdue on the review queue', () => {
    it('overdue=true lists only resolved tickets over their verify step', async () => {
      const cast = { desk: dispatcher, assignee: party };
      const [late, onTime] = [
        await ticketApi.driveTo(await file('B01'), 'resolved', cast),
        await ticketApi.driveTo(await file('B01'), 'resolved', cast),
      ];
      await setStep(late.id, { due: new Date(Date.now() - HOUR) });
      await setStep(onTime.id, { due: new Date(Date.now() + HOUR) });
      const res = await supervisor.auth(api.http().get('/api/v1/supervision/review-queue?overdue=true&limit=100'));
      expect(res.status).toBe(200);
      const ids = res.body.items.map((t: TicketBody) => t.id);
      expect(ids).toContain(late.id);
      expect(ids).not.toContain(onTime.id);
      expect(res.body.items.find((t: TicketBody) => t.id === late.id).timeLeft.seconds).toBeLessThan(0);
    });
  });

  describe('overdue on the export', () => {
    it('overdue=true exports only the tickets over their due time; a bad value is 400', async () => {
      const file1 = async (description: string): Promise<TicketBody & { number: string }> =>
        must(await ticketApi.file(dispatcher, { itemCode: 'B01', gridCode: city.grids[1], description }), 'file');
      const [late, onTime] = [await file1('导出：超时'), await file1('导出：未超时')];
      await setStep(late.id, { due: new Date(Date.now() - HOUR) });
      await setStep(onTime.id, { due: new Date(Date.now() + HOUR) });
      const download = (query: string) =>
        dispatcher
          .auth(api.http().get(`/api/v1/tickets/export.xlsx?${query}`))
          .buffer(true)
          .parse(binaryParser);
      const res = await download(`gridCode=${city.grids[1]}&overdue=true`);
      expect(res.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as never);
      const numbers: string[] = [];
      workbook.getWorksheet('工单')!.eachRow((row, n) => {
        if (n > 1) numbers.push(String((row.values as unknown[])[1]));
      });
      expect(numbers).toEqual([late.number]);
      expectApiError(
        await dispatcher.auth(api.http().get('/api/v1/tickets/export.xlsx?overdue=maybe')),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('hostile parameters', () => {
    const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');
    const uuid = '00000000-0000-4000-8000-000000000000';

    it('sort=garbage, a bad overdue or limit → 400 VALIDATION_FAILED', async () => {
      for (const query of [
        'sort=garbage',
        'sort=',
        'sort[]=urgency',
        'overdue=maybe',
        'limit=0',
        'limit=101',
        'limit=abc',
        'limit=-1',
      ]) {
        expectApiError(await list(dispatcher, query), 400, 'VALIDATION_FAILED', query);
      }
    });

    it('a tampered cursor → 400, never 500', async () => {
      const newest = must<{ nextCursor: string }>(await list(dispatcher, 'limit=1'), 'newest');
      const urgent = must<{ nextCursor: string }>(await list(dispatcher, 'limit=1&sort=urgency'), 'urgency');
      const now = new Date().toISOString();
      const cursors: [string, string][] = [
        ['sort=urgency', 'garbage'],
        ['sort=urgency', newest.nextCursor],
        ['sort=newest', urgent.nextCursor],
        ['sort=urgency', b64({ v: ['0', '2026-02-30 00:00:00+00', uuid], c: [now] })],
        ['sort=urgency', b64({ v: ['0', '2026-01-01 25:00:00+00', uuid], c: [now] })],
        ['sort=urgency', b64({ v: ['99999999999', 'infinity', uuid], c: [now] })],
        ['sort=urgency', b64({ v: ['0', 'infinity', 'not-a-uuid'], c: [now] })],
        ['sort=urgency', b64({ v: ['0', 'infinity', uuid], c: ['yesterday'] })],
        ['sort=urgency', b64({ v: ['0', 'infinity', uuid] })],
        ['sort=urgency', b64({ v: [0, 'infinity', uuid], c: [now] })],
        ['sort=urgency', b64({ v: ['0', 'infinity'], c: [now] })],
        ['sort=urgency', b64(null)],
        ['sort=urgency', b64('x'.repeat(300))],
      ];
      for (const [sort, cursor] of cursors) {
        const res = await list(dispatcher, `${sort}&cursor=${encodeURIComponent(cursor)}`);
        expectApiError(res, 400, 'VALIDATION_FAILED', `${sort} ${cursor}`);
      }
      // A well-formed cursor of a row that does not exist is only a position: 200.
      const ok = await list(dispatcher, `sort=urgency&cursor=${b64({ v: ['2', 'infinity', uuid], c: [now] })}`);
      expect(ok.status).toBe(200);
    });
  });
});
