import type { Response } from 'supertest';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

const fieldsOf = (res: Response): string[] => res.body.details.map((d: { field: string }) => d.field);

type WorkerType = 'full_time' | 'part_time' | 'assistant' | 'micro';

describe('workforce: workers, trainings, honours, liaison households, police pairings', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let phoneSeq = 0;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  const workerBody = (type: WorkerType, gridCodes: string[], extra: object = {}) => ({
    name: `${type}-${++phoneSeq}`,
    phone: `138${String(phoneSeq).padStart(8, '0')}`,
    type,
    gridCodes,
    partyMember: false,
    ...(type === 'micro' ? { microGridName: `${phoneSeq}号楼` } : {}),
    ...extra,
  });
  const postWorker = (body: object, user = admin) => user.auth(api.http().post('/api/v1/workers')).send(body);
  /** Creates a worker as the city admin and returns its id. */
  const newWorker = async (type: WorkerType, gridCodes: string[], extra: object = {}) => {
    const res = await postWorker(workerBody(type, gridCodes, extra));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const getWorker = (id: string, user = admin) => user.auth(api.http().get(`/api/v1/workers/${id}`));
  const listWorkers = (query: object, user = admin) => user.auth(api.http().get('/api/v1/workers')).query(query);
  const idsOf = (res: Response): string[] => res.body.items.map((w: { id: string }) => w.id);

  describe('workers', () => {
    it('creates a worker of each type (微网格员 with its micro-grid)', async () => {
      const grid = city.grids[0];
      for (const type of ['full_time', 'part_time', 'assistant', 'micro'] as const) {
        const body = workerBody(type, [grid], { partyMember: type === 'full_time' });
        const res = await postWorker(body);
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: body.name,
          phone: body.phone,
          type,
          partyMember: type === 'full_time',
          active: true,
          userId: null,
          createdAt: expect.any(String),
          grids: [{ gridCode: grid, microGridName: type === 'micro' ? body.microGridName : null }],
          trainings: [],
          honours: [],
          liaisonHouseholds: [],
        });
        expect((await getWorker(res.body.id)).body).toEqual(res.body);
      }
      const onGrid = await admin.auth(api.http().get(`/api/v1/grids/${grid}`));
      expect(onGrid.body.workers.map((w: { type: string }) => w.type)).toEqual([
        'full_time',
        'part_time',
        'assistant',
        'micro',
      ]);
      expect(onGrid.body.staffed).toBe(true);
    });

    it('requires microGridName for micro workers and refuses it for the others (400)', async () => {
      const micro = await postWorker({ ...workerBody('micro', [city.grids[0]]), microGridName: undefined });
      expectApiError(micro, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(micro)).toEqual(['microGridName']);
      const other = await postWorker(workerBody('assistant', [city.grids[0]], { microGridName: '5号楼' }));
      expectApiError(other, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(other)).toEqual(['microGridName']);
    });

    it('refuses bad fields with 400 per field', async () => {
      const res = await postWorker({ name: '', phone: '12345', type: 'boss', gridCodes: [], partyMember: 'yes' });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(res)).toEqual(expect.arrayContaining(['name', 'phone', 'type', 'gridCodes', 'partyMember']));
      const badCode = await postWorker(workerBody('full_time', ['12345']));
      expectApiError(badCode, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badCode)).toContain('gridCodes');
    });

    it('refuses unknown, retired and out-of-scope grids with 400', async () => {
      const unknown = await postWorker(workerBody('full_time', [city.grids[0], `${city.communities[0]}999`]));
      expectApiError(unknown, 400, 'VALIDATION_FAILED');
      expect(unknown.body.details).toEqual([
        { field: 'gridCodes', problem: expect.stringContaining(`${city.communities[0]}999`) },
      ]);

      const retiredGrid = city.grids[11];
      const retire = await admin.auth(api.http().post(`/api/v1/grids/${retiredGrid}/retire`)).send({ reason: '撤并' });
      expect(retire.status).toBe(200);
      const retired = await postWorker(workerBody('full_time', [retiredGrid]));
      expectApiError(retired, 400, 'VALIDATION_FAILED');
      expect(retired.body.details).toEqual([{ field: 'gridCodes', problem: expect.stringContaining(retiredGrid) }]);

      const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
      const outOfScope = await postWorker(workerBody('full_time', [city.grids[6]]), townshipAdmin);
      expectApiError(outOfScope, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(outOfScope)).toEqual(['gridCodes']);
      expect((await postWorker(workerBody('full_time', [city.grids[1]]), townshipAdmin)).status).toBe(201);
    });

    it('takes a grid listed twice in gridCodes once, not a 409 about userId', async () => {
      // The grid check de-duplicates but the insert did not: the primary key violation of
      // worker_grid came back as "user account already linked" (409, field userId).
      const res = await postWorker(workerBody('full_time', [city.grids[1], city.grids[1]]));
      expect(res.body.details ?? []).not.toContainEqual({ field: 'userId', problem: 'already linked' });
      if (res.status === 400) {
        expect(fieldsOf(res)).toEqual(['gridCodes']);
      } else {
        expect(res.status).toBe(201);
        expect(res.body.grids).toEqual([{ gridCode: city.grids[1], microGridName: null }]);
      }
    });

    it('lists by gridCode and type, paginated', async () => {
      const a = await newWorker('full_time', [city.grids[7]]);
      const b = await newWorker('micro', [city.grids[7]]);
      const c = await newWorker('micro', [city.grids[7], city.grids[8]]);
      const d = await newWorker('micro', [city.grids[8]]);

      const byGrid = await listWorkers({ gridCode: city.grids[7] });
      expect(byGrid.status).toBe(200);
      expect(idsOf(byGrid)).toEqual([c, b, a]); // newest first
      expect(byGrid.body.nextCursor).toBeNull();
      expect(byGrid.body.items[0]).toEqual(
        expect.objectContaining({
          id: c,
          type: 'micro',
          grids: [
            { gridCode: city.grids[7], microGridName: expect.any(String) },
            { gridCode: city.grids[8], microGridName: expect.any(String) },
          ],
        }),
      );

      expect(idsOf(await listWorkers({ gridCode: city.grids[7], type: 'micro' }))).toEqual([c, b]);
      expect(idsOf(await listWorkers({ gridCode: city.grids[8], type: 'micro' }))).toEqual([d, c]);
      expect(idsOf(await listWorkers({ gridCode: city.grids[8], type: 'full_time' }))).toEqual([]);

      const first = await listWorkers({ gridCode: city.grids[7], limit: 2 });
      expect(idsOf(first)).toEqual([c, b]);
      const second = await listWorkers({ gridCode: city.grids[7], limit: 2, cursor: first.body.nextCursor });
      expect(idsOf(second)).toEqual([a]);
      expect(second.body.nextCursor).toBeNull();

      expectApiError(await listWorkers({ type: 'boss' }), 400, 'VALIDATION_FAILED');
      expectApiError(await listWorkers({ limit: 101 }), 400, 'VALIDATION_FAILED');
    });

    it('scopes reads: a grid worker sees the workers of their own grid only', async () => {
      const mine = await newWorker('full_time', [city.grids[9]]);
      const shared = await newWorker('assistant', [city.grids[9], city.grids[10]]);
      const other = await newWorker('full_time', [city.grids[10]]);
      const gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[9]);

      const all = await listWorkers({}, gridWorker);
      expect(all.status).toBe(200);
      expect(idsOf(all)).toEqual([shared, mine]);
      expect(idsOf(await listWorkers({ gridCode: city.grids[10] }, gridWorker))).toEqual([shared]);

      expect((await getWorker(mine, gridWorker)).status).toBe(200);
      expect((await getWorker(shared, gridWorker)).status).toBe(200);
      expectApiError(await getWorker(other, gridWorker), 404, 'NOT_FOUND');
      expectApiError(await getWorker('00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectApiError(await getWorker('not-a-uuid'), 400, 'VALIDATION_FAILED');

      const dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
      expectApiError(await getWorker(other, dispatcher), 404, 'NOT_FOUND');
      expect(idsOf(await listWorkers({ gridCode: city.grids[9] }, dispatcher))).toEqual([]);
    });

    it('PATCH moves a worker to another grid', async () => {
      const id = await newWorker('part_time', [city.grids[4]]);
      const gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[4]);
      expect((await getWorker(id, gridWorker)).status).toBe(200);

      const res = await admin
        .auth(api.http().patch(`/api/v1/workers/${id}`))
        .send({ gridCodes: [city.grids[5]], phone: '13900000001' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          id,
          type: 'part_time',
          phone: '13900000001',
          grids: [{ gridCode: city.grids[5], microGridName: null }],
        }),
      );
      expect(idsOf(await listWorkers({ gridCode: city.grids[4] }))).not.toContain(id);
      expect(idsOf(await listWorkers({ gridCode: city.grids[5] }))).toContain(id);
      expectApiError(await getWorker(id, gridWorker), 404, 'NOT_FOUND');

      const toRetired = await admin
        .auth(api.http().patch(`/api/v1/workers/${id}`))
        .send({ gridCodes: [city.grids[11]] });
      expectApiError(toRetired, 400, 'VALIDATION_FAILED');
      const toMicro = await admin.auth(api.http().patch(`/api/v1/workers/${id}`)).send({ type: 'micro' });
      expectApiError(toMicro, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(toMicro)).toEqual(['microGridName']);
      expect((await getWorker(id)).body.grids).toEqual([{ gridCode: city.grids[5], microGridName: null }]);
    });

    it('records trainings and honours, shown on GET /workers/:id', async () => {
      const id = await newWorker('full_time', [city.grids[2]]);
      const training = await admin
        .auth(api.http().post(`/api/v1/workers/${id}/trainings`))
        .send({ title: '矛盾纠纷调解实务培训', heldOn: '2026-10-12', hours: 3.5 });
      expect(training.status).toBe(201);
      const honour = await admin
        .auth(api.http().post(`/api/v1/workers/${id}/honours`))
        .send({ title: '岗位之星', awardedOn: '2026-09-30', awardedBy: '平城区委政法委' });
      expect(honour.status).toBe(201);

      const res = await getWorker(id);
      expect(res.body.trainings).toEqual([
        { id: expect.any(String), title: '矛盾纠纷调解实务培训', heldOn: '2026-10-12', hours: 3.5 },
      ]);
      expect(res.body.honours).toEqual([
        { id: expect.any(String), title: '岗位之星', awardedOn: '2026-09-30', awardedBy: '平城区委政法委' },
      ]);

      const badTraining = await admin
        .auth(api.http().post(`/api/v1/workers/${id}/trainings`))
        .send({ title: '培训', heldOn: '2026-13-40', hours: 0 });
      expectApiError(badTraining, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badTraining)).toEqual(expect.arrayContaining(['heldOn', 'hours']));
      const badHonour = await admin.auth(api.http().post(`/api/v1/workers/${id}/honours`)).send({ title: '' });
      expectApiError(badHonour, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badHonour)).toEqual(expect.arrayContaining(['title', 'awardedOn']));
      const unknown = await admin
        .auth(api.http().post('/api/v1/workers/00000000-0000-4000-8000-000000000000/honours'))
        .send({ title: '岗位之星', awardedOn: '2026-09-30' });
      expectApiError(unknown, 404, 'NOT_FOUND');
    });

    it('links liaison households (党员联系户) to party members only', async () => {
      const member = await newWorker('part_time', [city.grids[2]], { partyMember: true });
      const res = await admin
        .auth(api.http().post(`/api/v1/workers/${member}/liaison-households`))
        .send({ gridCode: city.grids[2], address: '和平小区3号楼2单元401', householder: '王秀英' });
      expect(res.status).toBe(201);
      expect(res.body.liaisonHouseholds).toEqual([
        { id: expect.any(String), gridCode: city.grids[2], address: '和平小区3号楼2单元401', householder: '王秀英' },
      ]);
      expect((await getWorker(member)).body.liaisonHouseholds).toHaveLength(1);

      const nonMember = await newWorker('part_time', [city.grids[2]], { partyMember: false });
      const refused = await admin
        .auth(api.http().post(`/api/v1/workers/${nonMember}/liaison-households`))
        .send({ gridCode: city.grids[2], address: '和平小区1号楼' });
      expectApiError(refused, 409, 'STATE_CONFLICT');
      expect((await getWorker(nonMember)).body.liaisonHouseholds).toEqual([]);

      const unknownGrid = await admin
        .auth(api.http().post(`/api/v1/workers/${member}/liaison-households`))
        .send({ gridCode: `${city.communities[0]}999`, address: '某处' });
      expectApiError(unknownGrid, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(unknownGrid)).toEqual(['gridCode']);
    });

    it('answers 403 FORBIDDEN to non-admin writes', async () => {
      const id = await newWorker('full_time', [city.grids[3]]);
      for (const role of ['supervisor', 'dispatcher', 'grid_worker', 'party_member'] as const) {
        const user = await createTestUser(api.app, role, city.grids[3]);
        expect((await getWorker(id, user)).status).toBe(200);
        const writes = [
          postWorker(workerBody('full_time', [city.grids[3]]), user),
          user.auth(api.http().patch(`/api/v1/workers/${id}`)).send({ phone: '13900000002' }),
          user
            .auth(api.http().post(`/api/v1/workers/${id}/trainings`))
            .send({ title: 't', heldOn: '2026-01-01', hours: 1 }),
          user.auth(api.http().post(`/api/v1/workers/${id}/honours`)).send({ title: 't', awardedOn: '2026-01-01' }),
          user
            .auth(api.http().post(`/api/v1/workers/${id}/liaison-households`))
            .send({ gridCode: city.grids[3], address: 'x' }),
          user.auth(api.http().post('/api/v1/police-pairings')).send({}),
        ];
        for (const res of await Promise.all(writes)) expectApiError(res, 403, 'FORBIDDEN');
      }
      const after = await getWorker(id);
      expect(after.body).toEqual(expect.objectContaining({ trainings: [], honours: [], liaisonHouseholds: [] }));
      expect(after.body.phone).not.toBe('13900000002');
    });
  });

  describe('police pairings (警网组合)', () => {
    const officer = { name: '赵警官', phone: '13900001111' };
    const postPairing = (body: object, user = admin) =>
      user.auth(api.http().post('/api/v1/police-pairings')).send(body);
    let urbanGrid: string;
    let w1: string;
    let w2: string;
    let w3: string;
    let elsewhere: string;

    beforeAll(async () => {
      // community 1's grids: 3 for the urban pairing, 4 for the rural one
      urbanGrid = city.grids[3];
      w1 = await newWorker('full_time', [urbanGrid]);
      w2 = await newWorker('part_time', [urbanGrid]);
      w3 = await newWorker('assistant', [urbanGrid]);
      elsewhere = await newWorker('full_time', [city.grids[6]]);
    });

    it('urban "1+2+N": exactly two grid workers', async () => {
      for (const workerIds of [[w1], [w1, w2, w3], [w1, w1]]) {
        const res = await postPairing({ kind: 'urban', gridCodes: [urbanGrid], officer, workerIds, volunteers: [] });
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['workerIds']);
      }
      const res = await postPairing({
        kind: 'urban',
        gridCodes: [urbanGrid],
        officer,
        workerIds: [w1, w2],
        volunteers: [{ name: '志愿者甲', phone: '13700000001' }],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        kind: 'urban',
        label: '1+2+1',
        gridCodes: [urbanGrid],
        officer,
        workerIds: [w1, w2],
        volunteers: [{ name: '志愿者甲', phone: '13700000001' }],
        createdAt: expect.any(String),
      });
    });

    it('rural "1+N": one grid worker is enough', async () => {
      const worker = await newWorker('full_time', [city.grids[5]]);
      const res = await postPairing({
        kind: 'rural',
        gridCodes: [city.grids[5]],
        officer: { name: '钱警官', phone: '13900002222' },
        workerIds: [worker],
        volunteers: [],
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ kind: 'rural', label: '1+1', workerIds: [worker] }));
      const empty = await postPairing({
        kind: 'rural',
        gridCodes: [city.grids[5]],
        officer,
        workerIds: [],
        volunteers: [],
      });
      expectApiError(empty, 400, 'VALIDATION_FAILED');
    });

    it('refuses workers who are not assigned to the paired grids, and bad grids (400)', async () => {
      const notAssigned = await postPairing({
        kind: 'urban',
        gridCodes: [urbanGrid],
        officer,
        workerIds: [w1, elsewhere],
        volunteers: [],
      });
      expectApiError(notAssigned, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(notAssigned)).toEqual(['workerIds']);

      const unknownWorker = await postPairing({
        kind: 'rural',
        gridCodes: [urbanGrid],
        officer,
        workerIds: ['00000000-0000-4000-8000-000000000000'],
        volunteers: [],
      });
      expectApiError(unknownWorker, 400, 'VALIDATION_FAILED');

      for (const gridCodes of [[city.grids[11]], [`${city.communities[0]}999`]]) {
        const res = await postPairing({
          kind: 'rural',
          gridCodes,
          officer,
          workerIds: [],
          volunteers: [{ name: '甲' }],
        });
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect(fieldsOf(res)).toEqual(['gridCodes']);
      }
      const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
      const outOfScope = await postPairing(
        { kind: 'rural', gridCodes: [city.grids[6]], officer, workerIds: [elsewhere], volunteers: [] },
        townshipAdmin,
      );
      expectApiError(outOfScope, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(outOfScope)).toEqual(['gridCodes']);

      const badOfficer = await postPairing({
        kind: 'urban',
        gridCodes: [urbanGrid],
        officer: { name: '' },
        workerIds: [w1, w2],
        volunteers: [],
      });
      expectApiError(badOfficer, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(badOfficer)).toEqual(expect.arrayContaining(['officer.name', 'officer.phone']));
    });

    it('lists pairings by grid, within scope', async () => {
      const byGrid = await admin.auth(api.http().get('/api/v1/police-pairings')).query({ gridCode: urbanGrid });
      expect(byGrid.status).toBe(200);
      expect(byGrid.body.items).toHaveLength(1);
      expect(byGrid.body.items[0]).toEqual(expect.objectContaining({ kind: 'urban', gridCodes: [urbanGrid], officer }));

      const rural = await admin.auth(api.http().get('/api/v1/police-pairings')).query({ gridCode: city.grids[5] });
      expect(rural.body.items.map((p: { kind: string }) => p.kind)).toEqual(['rural']);

      const gridWorker = await createTestUser(api.app, 'grid_worker', urbanGrid);
      const own = await gridWorker.auth(api.http().get('/api/v1/police-pairings'));
      expect(own.body.items.map((p: { gridCodes: string[] }) => p.gridCodes)).toEqual([[urbanGrid]]);
      const dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[2]);
      const none = await dispatcher.auth(api.http().get('/api/v1/police-pairings')).query({ gridCode: urbanGrid });
      expect(none.body.items).toEqual([]);
    });

    it('puts the officer on the sign board', async () => {
      const res = await admin.auth(api.http().get(`/api/v1/grids/${urbanGrid}/sign-board`));
      expect(res.status).toBe(200);
      expect(res.body.police).toEqual({ kind: 'urban', label: '1+2+1', officer });
      expect(res.body.workers.map((w: { type: string }) => w.type)).toEqual(
        expect.arrayContaining(['full_time', 'part_time', 'assistant']),
      );
      for (const w of res.body.workers) expect(w).toEqual(expect.objectContaining({ phone: expect.any(String) }));
      const unpaired = await admin.auth(api.http().get(`/api/v1/grids/${city.grids[7]}/sign-board`));
      expect(unpaired.body.police).toBeNull();
    });

    it('pages the pairing list like every list (?limit=, ?cursor=, nextCursor)', async () => {
      const second = await postPairing({
        kind: 'urban',
        gridCodes: [urbanGrid],
        officer: { name: '孙警官', phone: '13900003333' },
        workerIds: [w2, w3],
        volunteers: [],
      });
      expect(second.status).toBe(201);
      const first = await admin
        .auth(api.http().get('/api/v1/police-pairings'))
        .query({ gridCode: urbanGrid, limit: 1 });
      expect(first.status).toBe(200);
      expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([second.body.id]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const rest = await admin
        .auth(api.http().get('/api/v1/police-pairings'))
        .query({ gridCode: urbanGrid, limit: 1, cursor: first.body.nextCursor });
      expect(rest.body.items).toHaveLength(1);
      expect(rest.body.items[0].id).not.toBe(second.body.id);
      expect(rest.body.nextCursor).toBeNull();
    });
  });
});
