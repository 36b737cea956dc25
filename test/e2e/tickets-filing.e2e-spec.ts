import { randomInt, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { TicketJournal } from '@gridflow/tickets';
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
  ITEM_LIMITS,
} from '../support/index.js';

/**
 * 群众点单 by staff: filing by grid code or location, admission (凭票上车), validation,
 * possible duplicates, the reporter's phone (PII), and reading: lists, filters, scope, paging.
 */

const PHONE = '13812345678';
const MASKED = '138****5678';
const REPORTER = '李先生';

const fieldsOf = (res: Response): string[] => (res.body.details ?? []).map((d: { field: string }) => d.field);

interface Ticket {
  id: string;
  status: string;
  createdAt: string;
  gridCode: string;
  itemCode: string;
  reporter?: { name: string | null; phone: string | null } | null;
  possibleDuplicates?: { id: string; distanceMetres: number | null }[];
  [k: string]: unknown;
}

describe('tickets: filing and reading', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let supervisor: TestUser; // township 0: communities 0 and 1
  let worker0: TestUser; // grids[0]
  let dispatcher0: TestUser; // community 0
  let party0: TestUser; // community 0
  let worker3: TestUser; // grids[3], community 1
  let worker4: TestUser; // grids[4], community 1
  let dispatcher1: TestUser; // community 1
  let party1: TestUser; // community 1
  let dispatcher2: TestUser; // community 2

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({
      gridWorker: worker0,
      dispatcher: dispatcher0,
      party: party0,
      supervisor,
      admin,
    } = await createRoster(api.app, city));
    [worker3, worker4, dispatcher1, party1, dispatcher2] = await Promise.all([
      createTestUser(api.app, 'grid_worker', city.grids[3]),
      createTestUser(api.app, 'grid_worker', city.grids[4]),
      createTestUser(api.app, 'dispatcher', city.communities[1]),
      createTestUser(api.app, 'party_member', city.communities[1]),
      createTestUser(api.app, 'dispatcher', city.communities[2]),
    ]);
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);

  const post = (user: TestUser, body: object) => ticketApi.file(user, body);
  const list = (user: TestUser, query: object = {}) =>
    user.auth(api.http().get('/api/v1/tickets')).query({ limit: 100, ...query });
  const body = (extra: object = {}) => ({
    itemCode: 'B01',
    gridCode: city.grids[0],
    description: '楼道堆放杂物，邻里发生争执',
    ...extra,
  });
  /** The centre of a grid's cell, moved by (dLng, dLat) degrees. */
  const near = (grid: string, dLng = 0, dLat = 0) => {
    const c = city.insideGrid.get(grid)!;
    return { lng: +(c.lng + dLng).toFixed(7), lat: +(c.lat + dLat).toFixed(7) };
  };
  /** A point in the city's own patch of the map, away from its 4×3 lattice of grids. */
  const nowhere = () => {
    const n = Number(city.city);
    return { lng: 100 + (n % 100) * 0.1 + 0.095, lat: 20 + Math.floor(n / 100) * 0.1 + 0.095 };
  };

  describe('filing', () => {
    it('files by gridCode → 201 submitted, channel staff', async () => {
      const res = await post(worker0, body({ itemCode: 'A02', gridCode: city.grids[0], urgent: true }));
      expect(res.status).toBe(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          status: 'submitted',
          itemCode: 'A02',
          gridCode: city.grids[0],
          level: 'grid',
          urgent: true,
          channel: 'staff',
          location: null,
          reporter: null,
          possibleDuplicates: [],
        }),
      );
      // default urgency comes from the item: F01 is urgent
      const f01 = await post(dispatcher0, body({ itemCode: 'F01', gridCode: city.grids[1] }));
      expect(f01.status).toBe(201);
      expect(f01.body.urgent).toBe(true);
    });

    it('files by location only: the grid is found by it', async () => {
      const location = { ...near(city.grids[2], 0.001, -0.001), address: '和平小区3号楼东侧' };
      const res = await post(dispatcher0, { itemCode: 'A01', description: '新搬入住户登记', location });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ gridCode: city.grids[2], location }));
      // a grid worker by a point inside their own grid
      const own = await post(worker0, { itemCode: 'A01', description: '人口信息更新', location: near(city.grids[0]) });
      expect(own.status).toBe(201);
      expect(own.body.gridCode).toBe(city.grids[0]);
    });

    it('a location outside every grid → 422 OUTSIDE_ALL_GRIDS', async () => {
      const res = await post(dispatcher0, { itemCode: 'A01', description: '荒地', location: nowhere() });
      expectApiError(res, 422, 'OUTSIDE_ALL_GRIDS');
    });

    it('neither gridCode nor location → 400', async () => {
      const res = await post(dispatcher0, { itemCode: 'A01', description: '不知在哪' });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res).some((f) => f === 'gridCode' || f === 'location')).toBe(true);
    });

    it('items that are unknown, proposed or retired → 422 ITEM_NOT_ADMITTED', async () => {
      // item codes are global: pick free ones
      const propose = async () => {
        for (;;) {
          const code = `D${randomInt(1000, 9999)}`;
          const res = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
            code,
            name: '测试事项',
            categoryCode: 'D',
            tier: 'grid',
            urgent: false,
            department: '民政局',
            limits: ITEM_LIMITS,
          });
          if (res.status === 409) continue;
          expect(res.status).toBe(201);
          expect(res.body.status).toBe('proposed');
          return code;
        }
      };
      const proposed = await propose();
      const retired = await propose();
      const approve = await admin
        .auth(api.http().post(`/api/v1/catalog/items/${retired}/approve`))
        .send({ reason: '审议通过' });
      expect(approve.status).toBe(200);
      // while active it may be filed
      expect((await post(worker0, body({ itemCode: retired }))).status).toBe(201);
      const retire = await admin
        .auth(api.http().post(`/api/v1/catalog/items/${retired}/retire`))
        .send({ reason: '职能调整' });
      expect(retire.status).toBe(200);

      for (const itemCode of ['Q99', proposed, retired]) {
        for (const user of [worker0, dispatcher0]) {
          const res = await post(user, body({ itemCode }));
          expectApiError(res, 422, 'ITEM_NOT_ADMITTED', itemCode);
          expect(res.body.details).toEqual([expect.objectContaining({ field: 'itemCode' })]);
        }
      }
      // and the public channel likewise
      const pub = await api
        .http()
        .post('/api/v1/public/tickets')
        .send(body({ itemCode: proposed }));
      expectApiError(pub, 422, 'ITEM_NOT_ADMITTED');
      expectApiError(await post(worker0, body({ itemCode: 'b01' })), 400, 'VALIDATION_FAILED');
    });

    it('validates the body: description, unknown fields, phone, coordinates (400 with details)', async () => {
      const cases: [string, object, string][] = [
        ['empty description', body({ description: '' }), 'description'],
        ['description over 2000', body({ description: '长'.repeat(2001) }), 'description'],
        ['no description', { itemCode: 'B01', gridCode: city.grids[0] }, 'description'],
        ['no itemCode', { gridCode: city.grids[0], description: 'x' }, 'itemCode'],
        ['unknown top-level field', body({ priority: 'high' }), 'priority'],
        ['unknown reporter field', body({ reporter: { name: '王', age: 40 } }), 'reporter.age'],
        ['unknown location field', body({ location: { ...near(city.grids[0]), alt: 3 } }), 'location.alt'],
        ['bad phone', body({ reporter: { phone: '12345' } }), 'reporter.phone'],
        ['letters in phone', body({ reporter: { phone: '1381234567a' } }), 'reporter.phone'],
        ['lng 200', { itemCode: 'B01', description: 'x', location: { lng: 200, lat: 30 } }, 'location.lng'],
        ['lng as text', { itemCode: 'B01', description: 'x', location: { lng: 'east', lat: 30 } }, 'location.lng'],
        ['lat -91', { itemCode: 'B01', description: 'x', location: { lng: 100, lat: -91 } }, 'location.lat'],
        ['bad grid code', body({ gridCode: '123' }), 'gridCode'],
        ['urgent as text', body({ urgent: 'yes' }), 'urgent'],
        ['attachmentIds not uuids', body({ attachmentIds: ['nope'] }), 'attachmentIds'],
      ];
      for (const [what, b, field] of cases) {
        const res = await post(worker0, b);
        expectApiError(res, 400, 'VALIDATION_FAILED', what);
        expect({ what, fields: fieldsOf(res) }).toEqual({ what, fields: expect.arrayContaining([field]) });
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
      }
      const malformed = await worker0
        .auth(api.http().post('/api/v1/tickets'))
        .set('Content-Type', 'application/json')
        .send('{"itemCode": "B01",');
      expectApiError(malformed, 400, 'VALIDATION_FAILED');
      // the bounds themselves are fine
      expect((await post(worker0, body({ description: '长'.repeat(2000) }))).status).toBe(201);
      expect((await post(worker0, body({ description: 'x' }))).status).toBe(201);
      expect((await post(worker0, body({ reporter: { phone: '0352-1234567' } }))).status).toBe(201);
    });

    it('a grid worker filing for another grid, or anyone for a grid outside their scope → 400 gridCode', async () => {
      const cases: [TestUser, string][] = [
        [worker0, city.grids[1]],
        [worker0, city.grids[6]],
        [dispatcher0, city.grids[3]],
        [dispatcher0, `${city.communities[0]}999`], // no such grid
      ];
      for (const [user, gridCode] of cases) {
        const res = await post(user, body({ gridCode }));
        expectApiError(res, 400, 'VALIDATION_FAILED', `${user.role} → ${gridCode}`);
        expect(fieldsOf(res)).toEqual(['gridCode']);
      }
    });

    it('a retired grid, or no grid of that code → 400 gridCode, and nothing written: no ticket, no number taken', async () => {
      // The filing statement itself checks the grid (no read before it): what it refuses must
      // leave the daily counter alone, or ticket numbers would have gaps. A city of its own: the
      // other tests here count what each desk sees.
      const own = await createTestCity(api.app);
      const desk = await createTestUser(api.app, 'dispatcher', own.communities[0]);
      const retired = own.grids[2];
      await db.query(`UPDATE grid SET status = 'retired', retired_at = now() WHERE code = $1`, [retired]);
      const cases: [TestUser | null, string, string][] = [
        [desk, retired, 'this grid is retired; file under the grid that replaced it'],
        [null, retired, 'this grid is retired; file under the grid that replaced it'],
        [desk, `${own.communities[0]}999`, 'no such grid in your scope'],
        [null, `${own.communities[0]}999`, 'no such grid'],
      ];
      for (const [user, gridCode, problem] of cases) {
        const res = user
          ? await post(user, body({ gridCode }))
          : await api
              .http()
              .post('/api/v1/public/tickets')
              .send({ itemCode: 'E01', description: '路灯不亮', gridCode });
        expectApiError(res, 400, 'VALIDATION_FAILED', `${user?.role ?? 'public'} → ${gridCode}`);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'gridCode', problem })]);
      }
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ticket WHERE grid_code = ANY($1::text[])`, [
        [retired, `${own.communities[0]}999`],
      ]);
      expect(n).toBe(0);

      // The counter: a refused filing on a day of its own takes no number; the next one is 1.
      const journal = api.app.get(TicketJournal);
      const filing = (gridCode: string) =>
        journal.file(
          {
            day: '2099-12-31',
            numberPrefix: '20991231',
            trackingCode: `R${Date.now().toString(36).slice(-7).toUpperCase()}`,
            itemCode: 'B01',
            gridCode,
            orgCode: gridCode,
            level: 'grid',
            description: '计数器',
            locationLng: null,
            locationLat: null,
            locationAddress: null,
            urgent: false,
            channel: 'staff',
            reporterName: null,
            reporterPhoneEnc: null,
            reporterPhoneMask: null,
            filedBy: null,
            step: { dueAt: null, warnAt: null },
            gridMustBeActive: true,
          },
          { at: new Date(), actor: null, data: {}, attachments: [] },
        );
      const dayCounter = async () =>
        (await db.query(`SELECT last FROM ticket_number_counter WHERE day = '2099-12-31'`))[0]?.last ?? null;
      await db.query(`DELETE FROM ticket_number_counter WHERE day = '2099-12-31'`);
      expect(await filing(retired)).toBeUndefined();
      expect(await dayCounter()).toBeNull();
      const ok = await filing(own.grids[1]);
      expect(ok?.number).toBe('20991231000001');
      expect(await dayCounter()).toBe(1);
    });

    it('by location, a point in a grid outside the filer’s scope → 400 as for gridCode (not OUTSIDE_ALL_GRIDS)', async () => {
      // the point lies in an active grid, so "no active grid contains it" (422) would be untrue
      const cases: [TestUser, string][] = [
        [worker0, city.grids[1]],
        [dispatcher0, city.grids[3]],
      ];
      for (const [user, grid] of cases) {
        const res = await post(user, { itemCode: 'B01', description: '别处', location: near(grid) });
        expectApiError(res, 400, 'VALIDATION_FAILED', `${user.role} → ${grid}`);
      }
    });

    it('party members, supervisors and admins may not file (403)', async () => {
      for (const user of [party0, supervisor, admin]) {
        expectApiError(await post(user, body()), 403, 'FORBIDDEN', user.role);
      }
      expectApiError(await api.http().post('/api/v1/tickets').send(body()), 401, 'UNAUTHENTICATED');
    });
  });

  describe('possible duplicates', () => {
    it('a second ticket of the same item and grid lists the first; other items and grids do not', async () => {
      const first: Ticket = must(await post(worker0, body({ itemCode: 'B03', description: '物业费纠纷' })), 'first');
      expect(first.possibleDuplicates).toEqual([]);
      const second: Ticket = must(
        await post(dispatcher0, body({ itemCode: 'B03', description: '物业费纠纷 again' })),
        '2',
      );
      expect(second.possibleDuplicates).toEqual([
        expect.objectContaining({
          id: first.id,
          number: first.number,
          status: 'submitted',
          description: '物业费纠纷',
          distanceMetres: null,
        }),
      ]);
      const otherItem: Ticket = must(await post(worker0, body({ itemCode: 'D03' })), 'other item');
      expect(otherItem.possibleDuplicates).toEqual([]);
      const otherGrid: Ticket = must(await post(dispatcher0, body({ itemCode: 'B03', gridCode: city.grids[1] })), 'g');
      expect(otherGrid.possibleDuplicates).toEqual([]);
    });

    it('with locations on both: only within 200 m, and only open tickets', async () => {
      const g = city.grids[2];
      // two corners of the same 0.004° cell: about 0.003° apart both ways, i.e. > 400 m
      const a: Ticket = must(
        await post(dispatcher0, { itemCode: 'E01', description: '垃圾A', location: near(g, -0.0015, -0.0015) }),
        'a',
      );
      const b: Ticket = must(
        await post(dispatcher0, { itemCode: 'E01', description: '垃圾B', location: near(g, 0.0015, 0.0015) }),
        'b',
      );
      expect(b.gridCode).toBe(g);
      expect(b.possibleDuplicates!.map((d) => d.id)).not.toContain(a.id);
      // 0.0003° from a: some 30–45 m
      const c: Ticket = must(
        await post(dispatcher0, { itemCode: 'E01', description: '垃圾C', location: near(g, -0.0012, -0.0015) }),
        'c',
      );
      const ids = c.possibleDuplicates!.map((d) => d.id);
      expect(ids).toContain(a.id);
      expect(ids).not.toContain(b.id);
      const hint = c.possibleDuplicates!.find((d) => d.id === a.id)!;
      expect(hint.distanceMetres).toBeGreaterThan(10);
      expect(hint.distanceMetres).toBeLessThanOrEqual(200);

      // a rejected ticket is no longer a candidate
      must(await ticketApi.act(dispatcher0, a.id, 'reject', { reason: 'invalid', comment: '已清理' }), 'reject');
      must(await ticketApi.act(dispatcher0, c.id, 'reject', { reason: 'invalid', comment: '已清理' }), 'reject');
      const d: Ticket = must(
        await post(dispatcher0, { itemCode: 'E01', description: '垃圾D', location: near(g, -0.0015, -0.0014) }),
        'd',
      );
      expect(d.possibleDuplicates!.map((x) => x.id)).not.toContain(a.id);
    });
  });

  describe("the reporter's phone (PII)", () => {
    let ticket: Ticket;
    beforeAll(async () => {
      ticket = must(
        await post(worker0, body({ itemCode: 'D01', reporter: { name: REPORTER, phone: PHONE } })),
        'file with reporter',
      );
    });
    const read = async (user: TestUser) => {
      const res = await ticketApi.get(user, ticket.id);
      expect(res.status).toBe(200);
      return res.body as Ticket;
    };

    it('is masked in the filing answer and for grid workers, dispatchers and admins', async () => {
      expect(ticket.reporter).toEqual({ name: REPORTER, phone: MASKED });
      for (const user of [worker0, dispatcher0, admin]) {
        expect({ role: user.role, reporter: (await read(user)).reporter }).toEqual({
          role: user.role,
          reporter: { name: REPORTER, phone: MASKED },
        });
      }
    });

    it("is in full for a supervisor, the assigned handler and the grid's own worker once accepted, masked for others", async () => {
      expect((await read(supervisor)).reporter).toEqual({ name: REPORTER, phone: PHONE });
      must(await ticketApi.act(dispatcher0, ticket.id, 'accept'), 'accept');
      const res = await ticketApi.act(dispatcher0, ticket.id, 'dispatch', { assigneeId: party0.id });
      expect(res.status).toBe(200);
      expect(res.body.reporter.phone).toBe(MASKED); // the dispatcher is not the handler
      expect((await read(party0)).reporter).toEqual({ name: REPORTER, phone: PHONE });
      // the handler's own action answers carry it too
      const claimed = await ticketApi.act(party0, ticket.id, 'claim');
      expect(claimed.status).toBe(200);
      expect(claimed.body.reporter.phone).toBe(PHONE);
      expect((await read(dispatcher0)).reporter!.phone).toBe(MASKED);
      // the ticket grid's own worker sees it in full from acceptance on (seesPhoneInFull, issue 18)
      expect((await read(worker0)).reporter!.phone).toBe(PHONE);
    });

    it('never appears in lists, nor the name', async () => {
      for (const user of [worker0, dispatcher0, supervisor, party0, admin]) {
        const res = await list(user);
        expect(res.status).toBe(200);
        expect(res.body.items.map((t: Ticket) => t.id)).toContain(ticket.id);
        const text = JSON.stringify(res.body);
        expect({ role: user.role, phone: text.includes(PHONE), masked: text.includes(MASKED) }).toEqual({
          role: user.role,
          phone: false,
          masked: false,
        });
        expect(text).not.toContain(REPORTER);
        expect(text).not.toContain('"reporter"');
      }
      // assignedToMe for the handler too
      const mine = await list(party0, { assignedToMe: true });
      expect(mine.body.items.map((t: Ticket) => t.id)).toEqual([ticket.id]);
      expect(JSON.stringify(mine.body)).not.toContain(PHONE);
    });

    it('is stored encrypted: reporter_phone_enc does not contain the digits', async () => {
      const [row] = await db.query('SELECT reporter_phone_enc FROM ticket WHERE id = $1', [ticket.id]);
      expect(row.reporter_phone_enc).toEqual(expect.any(String));
      expect(row.reporter_phone_enc).not.toContain(PHONE);
      expect(row.reporter_phone_enc).not.toContain('12345678');
      expect(Buffer.from(row.reporter_phone_enc, 'base64').toString('latin1')).not.toContain(PHONE);
      // two filings of the same phone do not give the same ciphertext
      const again: Ticket = must(await post(worker0, body({ itemCode: 'D01', reporter: { phone: PHONE } })), 'again');
      const [row2] = await db.query('SELECT reporter_phone_enc FROM ticket WHERE id = $1', [again.id]);
      expect(row2.reporter_phone_enc).not.toBe(row.reporter_phone_enc);
    });
  });

  describe('lists: filters, scope, keyset paging', () => {
    // community 1 only (grids 3, 4, 5): nothing else in this file files there
    const t: Record<string, Ticket> = {};
    beforeAll(async () => {
      const file = async (user: TestUser, grid: number, itemCode: string) =>
        must(await post(user, { itemCode, gridCode: city.grids[grid], description: `列表 ${randomUUID()}` }), 'file');
      t.t1 = await file(worker3, 3, 'B01');
      t.t2 = await file(worker3, 3, 'B02');
      t.t3 = await file(worker4, 4, 'B01');
      t.t4 = await file(worker4, 4, 'E01');
      t.t5 = await file(dispatcher1, 5, 'D01');
      t.t6 = await file(worker3, 3, 'B01');
      t.t7 = await file(dispatcher1, 5, 'B01');
      must(await ticketApi.act(dispatcher1, t.t2.id, 'accept'), 'accept t2');
      must(await ticketApi.act(dispatcher1, t.t3.id, 'accept'), 'accept t3');
      must(await ticketApi.act(dispatcher1, t.t3.id, 'dispatch', { assigneeId: party1.id }), 'dispatch t3');
      must(
        await ticketApi.act(worker4, t.t4.id, 'reject', { reason: 'not_admissible', comment: '不属于网格事项' }),
        'reject t4',
      );
      must(await ticketApi.act(dispatcher1, t.t6.id, 'accept'), 'accept t6');
      must(await ticketApi.act(dispatcher1, t.t6.id, 'dispatch', { assigneeId: party1.id }), 'dispatch t6');
      must(await ticketApi.act(party1, t.t6.id, 'claim'), 'claim t6');
    });
    const ids = (...names: string[]) => names.map((n) => t[n].id).sort();
    const listed = async (user: TestUser, query: object = {}) => {
      const res = await list(user, query);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
      expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
      return (res.body.items as Ticket[]).map((x) => x.id).sort();
    };

    it('a dispatcher lists the community’s tickets, newest first, in the API.md shape', async () => {
      const res = await list(dispatcher1);
      expect(res.body.items.map((x: Ticket) => x.id).sort()).toEqual(ids('t1', 't2', 't3', 't4', 't5', 't6', 't7'));
      const created = res.body.items.map((x: Ticket) => new Date(x.createdAt).getTime());
      expect(created).toEqual([...created].sort((a, b) => b - a));
      expect(res.body.items[0]).toEqual(
        expect.objectContaining({
          id: t.t7.id,
          number: t.t7.number,
          status: 'submitted',
          itemCode: 'B01',
          gridCode: city.grids[5],
          level: 'grid',
          assignee: null,
          version: 1,
        }),
      );
      const t6 = res.body.items.find((x: Ticket) => x.id === t.t6.id);
      expect(t6.assignee).toEqual({ id: party1.id, displayName: party1.displayName });
    });

    it('filters by status, status=open, gridCode, itemCode, overdue and assignedToMe', async () => {
      expect(await listed(dispatcher1, { status: 'submitted' })).toEqual(ids('t1', 't5', 't7'));
      expect(await listed(dispatcher1, { status: 'rejected' })).toEqual(ids('t4'));
      expect(await listed(dispatcher1, { status: 'claimed' })).toEqual(ids('t6'));
      expect(await listed(dispatcher1, { status: 'open' })).toEqual(ids('t1', 't2', 't3', 't5', 't6', 't7'));
      expect(await listed(dispatcher1, { gridCode: city.grids[3] })).toEqual(ids('t1', 't2', 't6'));
      expect(await listed(dispatcher1, { itemCode: 'B01' })).toEqual(ids('t1', 't3', 't6', 't7'));
      expect(await listed(dispatcher1, { overdue: false })).toEqual(ids('t1', 't2', 't3', 't4', 't5', 't6', 't7'));
      expect(await listed(dispatcher1, { overdue: true })).toEqual([]);
      expect(await listed(party1, { assignedToMe: true })).toEqual(ids('t3', 't6'));
      expect(await listed(dispatcher1, { assignedToMe: true })).toEqual([]);
      expect(await listed(dispatcher1, { status: 'open', gridCode: city.grids[3], itemCode: 'B01' })).toEqual(
        ids('t1', 't6'),
      );
    });

    it('scope: a grid worker sees only their grid, a dispatcher only their community', async () => {
      expect(await listed(worker3, {})).toEqual(ids('t1', 't2', 't6'));
      expect(await listed(worker4, {})).toEqual(ids('t3', 't4'));
      expect(await listed(worker3, { gridCode: city.grids[4] })).toEqual([]);
      const other = await listed(dispatcher0, {});
      for (const id of ids('t1', 't2', 't3', 't4', 't5', 't6', 't7')) expect(other).not.toContain(id);
      expect(await listed(dispatcher2, {})).toEqual([]);
      // the township supervisor sees both communities
      const wide = await listed(supervisor, {});
      expect(wide).toEqual(expect.arrayContaining(ids('t1', 't2', 't3', 't4', 't5', 't6', 't7')));
    });

    it('keyset paging with limit=2 walks every page once, newest first', async () => {
      const all = (await list(dispatcher1)).body.items.map((x: Ticket) => x.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: Response = await dispatcher1
          .auth(api.http().get('/api/v1/tickets'))
          .query(cursor ? { limit: 2, cursor } : { limit: 2 });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items.map((x: Ticket) => x.id));
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(cursor).toBeNull();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(all);
      expect(seen).toHaveLength(7);
    });

    it('refuses bad list parameters with 400', async () => {
      for (const query of [
        { limit: 0 },
        { limit: 101 },
        { status: 'lost' },
        { cursor: 'not-a-cursor' },
        { overdue: 'maybe' },
        { gridCode: '12' },
      ]) {
        const res = await dispatcher1.auth(api.http().get('/api/v1/tickets')).query(query);
        expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(query));
      }
    });

    it('GET /tickets/:id: another community → 404, unknown → 404, a non-uuid is never a 500', async () => {
      const res = await ticketApi.get(dispatcher0, t.t1.id);
      expectApiError(res, 404, 'NOT_FOUND');
      expectApiError(await ticketApi.get(worker4, t.t1.id), 404, 'NOT_FOUND');
      expectApiError(await dispatcher1.auth(api.http().get(`/api/v1/tickets/${randomUUID()}`)), 404, 'NOT_FOUND');
      for (const id of ['not-a-uuid', '1', "1' OR '1'='1", '%00']) {
        const r = await dispatcher1.auth(api.http().get(`/api/v1/tickets/${encodeURIComponent(id)}`));
        expect({ id, status: r.status }).toEqual({ id, status: expect.any(Number) });
        expect([400, 404]).toContain(r.status);
      }
      const ok = await ticketApi.get(dispatcher1, t.t1.id);
      expect(ok.status).toBe(200);
    });
  });
});
