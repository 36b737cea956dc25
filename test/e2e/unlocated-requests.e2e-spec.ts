import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AddressMatcher, AddressRegister } from '@gridflow/addresses';
import { HotlineImporter } from '@gridflow/imports';
import { StatsService } from '@gridflow/stats';
import { DeadlinesService } from '@gridflow/tickets';
import {
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
} from '../support/index.js';

/**
 * Unlocated requests (API.md "Unlocated requests"): filings with only an address, by staff,
 * residents, Open311 and the hotline import, wait unlocated (gridCode null) at the lowest unit
 * that can be told; the 待定位 list; placing them by grid or by point (`located`); the flow and
 * escalation afterwards, and escalation while still unlocated.
 */

interface Ticket {
  id: string;
  number: string;
  status: string;
  gridCode: string | null;
  orgCode: string;
  level: string;
  dueAt: string | null;
  location: { lng: number | null; lat: number | null; address: string | null } | null;
  timeline?: { type: string; data: Record<string, unknown>; actor: { id: string } | null }[];
  [k: string]: unknown;
}

const NOWHERE = '城南某处（无门牌）';

describe('unlocated requests (待定位)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let gridWorker: TestUser; // grids[0]
  let dispatcher: TestUser; // community 0 (township 0)
  let supervisor: TestUser; // township 0
  let admin: TestUser; // the city
  let townshipDesk: TestUser; // dispatcher of township 0 (communities 0 and 1)
  let otherTownshipDesk: TestUser; // dispatcher of township 1
  let dispatcher1: TestUser; // community 1 (township 0)
  let worker1: TestUser; // grids[1]
  let worker3: TestUser; // grids[3], community 1
  let firstCity: string; // where a filing with no scope at all waits (the first city by code)

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker, dispatcher, supervisor, admin } = await createRoster(api.app, city));
    [townshipDesk, otherTownshipDesk, dispatcher1, worker1, worker3] = await Promise.all([
      createTestUser(api.app, 'dispatcher', city.townships[0]),
      createTestUser(api.app, 'dispatcher', city.townships[1]),
      createTestUser(api.app, 'dispatcher', city.communities[1]),
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'grid_worker', city.grids[3]),
    ]);
    [{ code: firstCity }] = await db.query(`SELECT code FROM org_unit WHERE level = 'city' ORDER BY code LIMIT 1`);
  });
  afterAll(() => api.close());

  const tickets = ticketClient(() => api);
  const fileAddressOnly = async (user: TestUser, address = NOWHERE, description = '路灯不亮') =>
    must<Ticket>(
      await tickets.file(user, { itemCode: 'E01', description, location: { address } }),
      'file with only an address',
    );
  const unlocatedList = (user: TestUser) =>
    user.auth(api.http().get('/api/v1/tickets')).query({ unlocated: true, limit: 100 });
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((t) => t.id);
  const locate = (user: TestUser, id: string, body: object) =>
    user.auth(api.http().post(`/api/v1/tickets/${id}/locate`)).send(body);
  const row = async (id: string) => (await db.query(`SELECT * FROM ticket WHERE id = $1`, [id]))[0];

  describe('filing with only an address', () => {
    it('staff: unlocated at the filer’s unit, its time limit running from the filing', async () => {
      const t = await fileAddressOnly(dispatcher);
      expect(t).toEqual(
        expect.objectContaining({
          gridCode: null,
          orgCode: city.communities[0],
          level: 'community',
          status: 'submitted',
          location: { lng: null, lat: null, address: NOWHERE },
        }),
      );
      expect(t.dueAt).not.toBeNull();
      const detail = must<Ticket>(await tickets.get(dispatcher, t.id), 'get');
      expect(detail.timeline![0]).toEqual(
        expect.objectContaining({
          type: 'filed',
          data: expect.objectContaining({ unlocated: true, orgCode: city.communities[0] }),
        }),
      );

      // a township's desk files at the township
      const atTownship = await fileAddressOnly(townshipDesk);
      expect(atTownship).toEqual(
        expect.objectContaining({ gridCode: null, orgCode: city.townships[0], level: 'township' }),
      );
    });

    it('a grid worker’s scope is a grid: the request is simply at that grid', async () => {
      const t = await fileAddressOnly(gridWorker);
      expect(t).toEqual(expect.objectContaining({ gridCode: city.grids[0], orgCode: city.grids[0], level: 'grid' }));
      expect(ids(await unlocatedList(admin))).not.toContain(t.id);
    });

    it('residents (public): unlocated at the city', async () => {
      const res = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'E01', description: '路灯不亮', location: { address: NOWHERE } });
      expect(res.status).toBe(201);
      expect(res.body.gridCode).toBeNull();
      const r = await db.query(`SELECT grid_code, org_code, level, channel FROM ticket WHERE number = $1`, [
        res.body.number,
      ]);
      expect(r[0]).toEqual({ grid_code: null, org_code: firstCity, level: 'city', channel: 'public' });
    });

    it('Open311: only address_string, or only address_id, is a request (unlocated at the city)', async () => {
      const key = must<{ key: string }>(
        await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name: '待定位测试客户端' }),
        'issue key',
      ).key;
      const post = (form: Record<string, string>) =>
        api
          .http()
          .post('/open311/v2/requests.json')
          .type('form')
          .send({ api_key: key, service_code: 'E01', description: '井盖缺失', ...form });
      const forms: Record<string, string>[] = [{ address_string: '幸福里5号楼东侧' }, { address_id: 'ADDR-545483' }];
      for (const form of forms) {
        const res = await post(form);
        expect({ form, status: res.status }).toEqual({ form, status: 200 });
        const [t] = await db.query(
          `SELECT grid_code, org_code, level, channel, location_address FROM ticket WHERE number = $1`,
          [res.body[0].service_request_id],
        );
        expect(t).toEqual(
          expect.objectContaining({ grid_code: null, org_code: firstCity, level: 'city', channel: 'open311' }),
        );
      }
      // no location at all, or half a point, is still refused
      expect((await post({})).status).toBe(400);
      expect((await post({ lat: '40.07' })).status).toBe(400);
    });

    it('hotline import: a row with only an address waits at the importer’s unit', async () => {
      const external = `U${randomBytes(4).toString('hex')}`;
      const csv = Buffer.from(
        `\uFEFF工单编号,事项编码,诉求内容,事发地址\r\n${external},E01,路灯不亮已三天,${NOWHERE}\r\n`,
        'utf8',
      );
      const mapping = {
        columns: { externalId: '工单编号', itemCode: '事项编码', description: '诉求内容', address: '事发地址' },
      };
      const created = await dispatcher
        .auth(api.http().post('/api/v1/imports/hotline'))
        .field('mapping', JSON.stringify(mapping))
        .attach('file', csv, 'hotline.csv');
      expect(created.status).toBe(202);
      // no worker runs in this suite: run the import's job here
      const done = await api.app.get(HotlineImporter).run(created.body.id);
      expect(done).toEqual(expect.objectContaining({ status: 'done', createdCount: 1, failedCount: 0 }));
      const [t] = await db.query(
        `SELECT t.grid_code, t.org_code, t.level, t.channel, t.location_address
         FROM ticket_external_ref r JOIN ticket t ON t.id = r.ticket_id WHERE r.external_id = $1`,
        [external],
      );
      expect(t).toEqual({
        grid_code: null,
        org_code: city.communities[0],
        level: 'community',
        channel: 'hotline',
        location_address: NOWHERE,
      });
    });
  });

  describe('the address register places what it knows', () => {
    let street: string;
    let registeredId: string;
    beforeAll(async () => {
      // a street of this file's own (the register is deployment-wide)
      street = `幸福东街${city.city}巷`;
      const matcher = api.app.get(AddressMatcher);
      const rows = [
        { text: `${street}8号`, grid: city.grids[4], point: city.insideGrid.get(city.grids[4])! },
        { text: `${street}9号`, grid: city.grids[1], point: null },
        { text: `${street}10号`, grid: city.grids[7], point: null },
      ];
      const withKeys = await Promise.all(
        rows.map(async (r) => ({
          normKey: await matcher.keyOf(r.text),
          address: r.text,
          building: null,
          gridCode: r.grid,
          lng: r.point?.lng ?? null,
          lat: r.point?.lat ?? null,
        })),
      );
      await db.transaction((tx) => api.app.get(AddressRegister).upsert(tx, null, withKeys));
      [{ id: registeredId }] = await db.query(`SELECT id FROM address WHERE address = $1`, [`${street}9号`]);
    });

    it('staff: an address in the register → its grid and point; written otherwise, still matched', async () => {
      const t = await fileAddressOnly(townshipDesk, `${street}８号`);
      const p = city.insideGrid.get(city.grids[4])!;
      expect(t).toEqual(
        expect.objectContaining({
          gridCode: city.grids[4],
          orgCode: city.grids[4],
          level: 'grid',
          location: { lng: p.lng, lat: p.lat, address: `${street}８号` },
        }),
      );
      const detail = must<Ticket>(await tickets.get(townshipDesk, t.id), 'get');
      expect(detail.timeline![0].data).toEqual(expect.objectContaining({ placedBy: 'address' }));
      // a register address without a point: the grid, no point
      const noPoint = await fileAddressOnly(dispatcher, `${street} 9 号`);
      expect(noPoint).toEqual(
        expect.objectContaining({
          gridCode: city.grids[1],
          location: { lng: null, lat: null, address: `${street} 9 号` },
        }),
      );
      // an address the register does not know: unlocated
      const unknown = await fileAddressOnly(dispatcher, `${street}99号`);
      expect(unknown.gridCode).toBeNull();
      expect(ids(await unlocatedList(dispatcher))).toContain(unknown.id);
    });

    it('staff: a register address in another community’s grid is out of the filer’s scope (400)', async () => {
      const res = await tickets.file(dispatcher, {
        itemCode: 'E01',
        description: '路灯不亮',
        location: { address: `${street}10号` },
      });
      expectApiError(res, 400, 'VALIDATION_FAILED');
    });

    it('residents and Open311 (address_string, address_id) are placed by the register too', async () => {
      const pub = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'E01', description: '路灯不亮', location: { address: `${street}9号` } });
      expect(pub.status).toBe(201);
      expect(pub.body.gridCode).toBe(city.grids[1]);

      const key = must<{ key: string }>(
        await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name: '地址库测试客户端' }),
        'issue key',
      ).key;
      for (const form of [{ address_string: `${street}8号` }, { address_id: registeredId }] as Record<
        string,
        string
      >[]) {
        const res = await api
          .http()
          .post('/open311/v2/requests.json')
          .type('form')
          .send({ api_key: key, service_code: 'E01', description: '井盖缺失', ...form });
        expect({ form, status: res.status }).toEqual({ form, status: 200 });
        const [t] = await db.query(`SELECT grid_code FROM ticket WHERE number = $1`, [res.body[0].service_request_id]);
        expect(t.grid_code).toBe(form.address_id ? city.grids[1] : city.grids[4]);
      }
    });
  });

  describe('the 待定位 list and scope', () => {
    let atCommunity: Ticket;
    let atTownship: Ticket;

    beforeAll(async () => {
      atCommunity = await fileAddressOnly(dispatcher, '北街拐角');
      atTownship = await fileAddressOnly(townshipDesk, '南街尽头');
    });

    it('lists them for dispatchers and admins in scope; a community’s desk does not see its township’s', async () => {
      const mine = ids(await unlocatedList(dispatcher));
      expect(mine).toContain(atCommunity.id);
      expect(mine).not.toContain(atTownship.id);
      expect(ids(await unlocatedList(townshipDesk))).toEqual(expect.arrayContaining([atCommunity.id, atTownship.id]));
      expect(ids(await unlocatedList(admin))).toEqual(expect.arrayContaining([atCommunity.id, atTownship.id]));
      expect(ids(await unlocatedList(otherTownshipDesk))).toEqual([]);
      expect(ids(await unlocatedList(dispatcher1))).not.toContain(atCommunity.id);
      // every item is unlocated
      for (const t of (await unlocatedList(admin)).body.items as Ticket[]) expect(t.gridCode).toBeNull();
    });

    it('the other lists and reads follow the unit too', async () => {
      const all = await dispatcher.auth(api.http().get('/api/v1/tickets')).query({ limit: 100 });
      expect(ids(all)).toContain(atCommunity.id);
      expect(ids(all)).not.toContain(atTownship.id);
      expect((await tickets.get(dispatcher, atTownship.id)).status).toBe(404);
      expect((await tickets.get(townshipDesk, atTownship.id)).status).toBe(200);
      expect((await tickets.get(supervisor, atTownship.id)).status).toBe(200);
      expect((await tickets.get(gridWorker, atCommunity.id)).status).toBe(404);
      const located = await dispatcher.auth(api.http().get('/api/v1/tickets')).query({ unlocated: false, limit: 100 });
      expect(ids(located)).not.toContain(atCommunity.id);
    });

    it('grid workers and supervisors are not given the list (403)', async () => {
      expectApiError(await unlocatedList(gridWorker), 403, 'FORBIDDEN');
      expectApiError(await unlocatedList(supervisor), 403, 'FORBIDDEN');
    });

    it('an unlocated request waits for its grid: accept → 409; reject and comment work', async () => {
      expectApiError(await tickets.act(dispatcher, atCommunity.id, 'accept'), 409, 'STATE_CONFLICT');
      const c = await tickets.act(dispatcher, atCommunity.id, 'comments', { text: '正在核实地址' });
      expect(c.status).toBe(200);
      // nobody to suggest for dispatch before it has a grid
      const s = await dispatcher.auth(api.http().get(`/api/v1/tickets/${atCommunity.id}/dispatch-suggestions`));
      expect(s.status).toBe(200);
      expect(s.body.candidates).toEqual([]);
    });
  });

  describe('placing (locate)', () => {
    it('by grid: → located, the grid’s ticket from then on; the flow runs as usual', async () => {
      const t = await fileAddressOnly(dispatcher, '东门外');
      const res = await locate(dispatcher, t.id, { gridCode: city.grids[1] });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ gridCode: city.grids[1], orgCode: city.grids[1], level: 'grid', dueAt: t.dueAt }),
      );
      const detail = must<Ticket>(await tickets.get(dispatcher, t.id), 'get');
      expect(detail.timeline!.at(-1)).toEqual(
        expect.objectContaining({
          type: 'located',
          actor: expect.objectContaining({ id: dispatcher.id }),
          data: expect.objectContaining({ gridCode: city.grids[1], fromOrgCode: city.communities[0], by: 'grid' }),
        }),
      );
      expect(ids(await unlocatedList(dispatcher))).not.toContain(t.id);
      // the grid's worker now has it, and takes it
      const accepted = await tickets.act(worker1, t.id, 'accept');
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('accepted');
      // located once: placing it again is a conflict
      expectApiError(await locate(dispatcher, t.id, { gridCode: city.grids[2] }), 409, 'STATE_CONFLICT');
    });

    it('by point: the grid containing it (the in-memory locate index), and the point kept', async () => {
      const t = await fileAddressOnly(townshipDesk, '西桥下');
      const p = city.insideGrid.get(city.grids[3])!;
      const res = await locate(townshipDesk, t.id, { location: p });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          gridCode: city.grids[3],
          level: 'grid',
          location: { lng: p.lng, lat: p.lat, address: '西桥下' },
        }),
      );
      expect((await tickets.get(worker3, t.id)).status).toBe(200);
      const r = await row(t.id);
      expect([r.community_code, r.township_code, r.org_code]).toEqual([
        city.communities[1],
        city.townships[0],
        city.grids[3],
      ]);
    });

    it('hostile: wrong role, out of scope, both or neither, a point outside every grid, malformed input', async () => {
      const t = await fileAddressOnly(dispatcher, '河边');
      expectApiError(await locate(gridWorker, t.id, { gridCode: city.grids[0] }), 403, 'FORBIDDEN');
      expectApiError(await locate(supervisor, t.id, { gridCode: city.grids[0] }), 403, 'FORBIDDEN');
      // another township's desk does not see it
      expectApiError(await locate(otherTownshipDesk, t.id, { gridCode: city.grids[6] }), 404, 'NOT_FOUND');
      // a grid outside the caller's scope
      expectApiError(await locate(dispatcher, t.id, { gridCode: city.grids[6] }), 400, 'VALIDATION_FAILED');
      const p = city.insideGrid.get(city.grids[6])!;
      expectApiError(await locate(dispatcher, t.id, { location: p }), 400, 'VALIDATION_FAILED');
      // exactly one of the two
      expectApiError(
        await locate(dispatcher, t.id, { gridCode: city.grids[0], location: city.insideGrid.get(city.grids[0]) }),
        400,
        'VALIDATION_FAILED',
      );
      expectApiError(await locate(dispatcher, t.id, {}), 400, 'VALIDATION_FAILED');
      // a point no grid contains
      const outside = await locate(dispatcher, t.id, { location: { lng: 1.5, lat: 1.5 } });
      expectApiError(outside, 422, 'OUTSIDE_ALL_GRIDS');
      // malformed
      expectApiError(await locate(dispatcher, t.id, { gridCode: '12x' }), 400, 'VALIDATION_FAILED');
      expectApiError(await locate(dispatcher, t.id, { location: { lng: 500, lat: 40 } }), 400, 'VALIDATION_FAILED');
      expectApiError(await locate(dispatcher, t.id, { gridCode: '9'.repeat(15) }), 400, 'VALIDATION_FAILED');
      expectApiError(await locate(dispatcher, 'not-a-uuid', { gridCode: city.grids[0] }), 404, 'NOT_FOUND');
      expectApiError(
        await locate(dispatcher, t.id, { gridCode: city.grids[0], note: 'x'.repeat(100_000) }),
        400,
        'VALIDATION_FAILED',
      );
      // nothing of it changed the ticket
      const r = await row(t.id);
      expect([r.grid_code, r.org_code, r.last_seq]).toEqual([null, city.communities[0], 1]);
      // a rejected request is not placed any more
      must(
        await tickets.act(dispatcher, t.id, 'reject', { reason: 'invalid', comment: '无法核实' }),
        'reject unlocated',
      );
      expectApiError(await locate(dispatcher, t.id, { gridCode: city.grids[0] }), 409, 'STATE_CONFLICT');
    });
  });

  describe('statistics', () => {
    it('count an unlocated request at its unit, and move it to its grid when placed', async () => {
      const stats = api.app.get(StatsService);
      // its own township (1): nothing else in this file files there
      const desk = otherTownshipDesk;
      const t = await fileAddressOnly(desk, '统计测试地址');
      await stats.refreshTicket(t.id);
      const counted = async (code: string) =>
        (
          await db.query(
            `SELECT coalesce(sum(submitted), 0)::int AS s, coalesce(sum(open), 0)::int AS o
                          FROM stats_daily WHERE grid_code = $1`,
            [code],
          )
        )[0];
      expect((await db.query(`SELECT grid_code FROM ticket_fact WHERE ticket_id = $1`, [t.id]))[0].grid_code).toBe(
        city.townships[1],
      );
      expect(await counted(city.townships[1])).toEqual({ s: 1, o: 1 });
      // the township's overview counts it; no community of it does
      const submitted = async (scopeCode: string) =>
        must<{ submitted: number }>(
          await admin.auth(api.http().get('/api/v1/stats/overview')).query({ scopeCode }),
          `overview of ${scopeCode}`,
        ).submitted;
      expect(await submitted(city.townships[1])).toBe(1);
      expect(await submitted(city.communities[2])).toBe(0);

      must(await locate(desk, t.id, { gridCode: city.grids[6] }), 'locate');
      await stats.refreshTicket(t.id);
      expect(await counted(city.townships[1])).toEqual({ s: 0, o: 0 });
      expect(await counted(city.grids[6])).toEqual({ s: 1, o: 1 });
      expect(await submitted(city.townships[1])).toBe(1);
      expect(await submitted(city.communities[2])).toBe(1);
      expect((await db.query(`SELECT grid_code FROM ticket_fact WHERE ticket_id = $1`, [t.id]))[0].grid_code).toBe(
        city.grids[6],
      );
    });
  });

  describe('escalation treats an unlocated request as at its unit’s level', () => {
    const escalateNow = async (id: string) => {
      await db.query(`UPDATE ticket SET next_escalation_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const r = await row(id);
      return api.app
        .get(DeadlinesService)
        .fire({ ticketId: id, stepSeq: r.step_seq, kind: 'escalation', n: r.step_escalations + 1 });
    };

    it('escalated while still unlocated: township → county, 督办 to the county; placed, it stays at the county', async () => {
      const t = await fileAddressOnly(townshipDesk, '老街');
      expect(await escalateNow(t.id)).toBe('escalated');
      let r = await row(t.id);
      expect([r.level, r.grid_code, r.escalations]).toEqual(['county', null, 1]);
      const [sup] = await db.query(`SELECT from_level, to_level, kind FROM supervision WHERE ticket_id = $1`, [t.id]);
      expect(sup).toEqual({ from_level: 'township', to_level: 'county', kind: 'auto' });
      const detail = must<Ticket>(await tickets.get(admin, t.id), 'get');
      expect(detail.timeline!.at(-1)).toEqual(
        expect.objectContaining({
          type: 'escalated',
          data: expect.objectContaining({ supervisingUnit: city.county, toLevel: 'county' }),
        }),
      );
      // still on the township desk's list, and placed by it: 督办 is not undone by placing
      expect(ids(await unlocatedList(townshipDesk))).toContain(t.id);
      must(await locate(townshipDesk, t.id, { gridCode: city.grids[0] }), 'locate');
      r = await row(t.id);
      expect([r.level, r.grid_code]).toEqual(['county', city.grids[0]]);
    });

    it('placed and then escalated: from the grid’s level, 督办 to its community', async () => {
      const t = await fileAddressOnly(dispatcher, '新村口');
      must(await locate(dispatcher, t.id, { gridCode: city.grids[2] }), 'locate');
      expect((await row(t.id)).level).toBe('grid');
      expect(await escalateNow(t.id)).toBe('escalated');
      const r = await row(t.id);
      expect([r.level, r.grid_code]).toEqual(['community', city.grids[2]]);
      const detail = must<Ticket>(await tickets.get(dispatcher, t.id), 'get');
      expect(detail.timeline!.map((e) => e.type)).toEqual(['filed', 'located', 'escalated']);
      expect(detail.timeline!.at(-1)!.data).toEqual(
        expect.objectContaining({ fromLevel: 'grid', toLevel: 'community', supervisingUnit: city.communities[0] }),
      );
    });

    it('a manual 报大事 while unlocated climbs from the unit', async () => {
      const t = await fileAddressOnly(dispatcher, '桥头');
      const res = await tickets.act(dispatcher, t.id, 'escalate', { reason: '涉及多个社区' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ level: 'township', gridCode: null }));
    });
  });
});
