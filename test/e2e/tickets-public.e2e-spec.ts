import type { Response } from 'supertest';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  testConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
  ticketClient,
  must,
} from '../support/index.js';

/**
 * The residents' own channel (点单 by QR code): filing without a login, following the request
 * by its tracking code (steps and times only: no staff names, phones or comments), rating once
 * after 督查兑单, and the per-IP rate limit.
 */

const PHONE = '13912348765';
const REPORTER = '赵阿姨';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe('tickets: the public channel', () => {
  let api: TestApi;
  let city: TestCity;
  let dispatcher: TestUser;
  let worker: TestUser;
  let party: TestUser;
  let supervisor: TestUser;
  let dispatcher3: TestUser; // community 1 (grids 3–5)

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    [dispatcher, worker, party, supervisor, dispatcher3] = await Promise.all([
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
      createTestUser(api.app, 'supervisor', city.communities[0]),
      createTestUser(api.app, 'dispatcher', city.communities[1]),
    ]);
  });
  afterAll(() => api.close());
  const ticketApi = ticketClient(() => api);

  const filePublic = (body: object) => api.http().post('/api/v1/public/tickets').send(body);
  const track = (code: string) => api.http().get(`/api/v1/public/tickets/${code}`);
  const rate = (code: string, body: object) => api.http().post(`/api/v1/public/tickets/${code}/rating`).send(body);
  const staffFiles = async (grid: string) =>
    must(await ticketApi.file(dispatcher3, { itemCode: 'B02', description: '家暴', gridCode: grid }), 'staff filing');
  const staffView = async (id: string) => {
    const res = await supervisor.auth(api.http().get(`/api/v1/tickets/${id}`));
    expect(res.status).toBe(200);
    return res.body;
  };
  const residentFiles = async (extra: object = {}) =>
    must(
      await filePublic({
        itemCode: 'B01',
        description: '楼上装修噪音扰民',
        location: { ...city.insideGrid.get(city.grids[0])!, address: '幸福里5号楼' },
        reporter: { name: REPORTER, phone: PHONE },
        ...extra,
      }),
      'public filing',
    );

  it('files without a login, by location → 201 with a tracking code', async () => {
    const res = await filePublic({
      itemCode: 'E01',
      description: '小区门口垃圾堆积',
      location: city.insideGrid.get(city.grids[1]),
      reporter: { name: REPORTER, phone: PHONE },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        trackingCode: expect.stringMatching(/^[ACDEFGHJKMNPQRTUVWXY34679]{8}$/),
        number: expect.stringMatching(/^\d{14}$/),
        status: 'submitted',
        gridCode: city.grids[1],
        itemCode: 'E01',
        channel: 'public',
      }),
    );
    // the answer never carries the phone in full
    expect(JSON.stringify(res.body)).not.toContain(PHONE);
    // staff see it, filed by nobody in particular
    const t = await staffView(res.body.id);
    expect(t.timeline[0]).toEqual(expect.objectContaining({ type: 'filed', actor: null, toStatus: 'submitted' }));
    // and by grid code (the QR code of a sign board names the grid)
    const byGrid = await filePublic({ itemCode: 'E01', description: '路灯不亮', gridCode: city.grids[2] });
    expect(byGrid.status).toBe(201);
    expect(byGrid.body.gridCode).toBe(city.grids[2]);
  });

  it('validates public filings like staff ones (400 / 422)', async () => {
    expectApiError(await filePublic({ itemCode: 'E01', description: 'x' }), 400, 'VALIDATION_FAILED');
    expectApiError(
      await filePublic({ itemCode: 'E01', description: '', gridCode: city.grids[0] }),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(
      await filePublic({ itemCode: 'E01', description: 'x', gridCode: city.grids[0], admin: true }),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(
      await filePublic({ itemCode: 'E01', description: 'x', gridCode: `${city.communities[0]}999` }),
      400,
      'VALIDATION_FAILED',
    );
    const n = Number(city.city);
    const nowhere = { lng: 100 + (n % 100) * 0.1 + 0.095, lat: 20 + Math.floor(n / 100) * 0.1 + 0.095 };
    expectApiError(
      await filePublic({ itemCode: 'E01', description: 'x', location: nowhere }),
      422,
      'OUTSIDE_ALL_GRIDS',
    );
    expectApiError(
      await filePublic({ itemCode: 'Q99', description: 'x', gridCode: city.grids[0] }),
      422,
      'ITEM_NOT_ADMITTED',
    );
  });

  it('tracks a request: number, status, item, grid, steps — no staff names, phones, reporter or comments', async () => {
    const filed = await residentFiles();
    const first = await track(filed.trackingCode);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(
      expect.objectContaining({
        number: filed.number,
        status: 'submitted',
        itemName: '邻里纠纷调解',
        gridName: `网格${city.grids[0]}`,
        createdAt: filed.createdAt,
        steps: [{ status: 'submitted', at: expect.stringMatching(ISO) }],
      }),
    );

    const secrets = ['内部意见甲：先别告诉群众', '内部备注乙：该户多次投诉', '派单说明丙', '上报理由丁'];
    must(await ticketApi.act(worker, filed.id, 'accept', { comment: secrets[0] }), 'accept');
    must(await ticketApi.act(dispatcher, filed.id, 'comments', { text: secrets[1] }), 'comment');
    must(
      await ticketApi.act(dispatcher, filed.id, 'dispatch', { assigneeId: party.id, comment: secrets[2] }),
      'dispatch',
    );
    must(await ticketApi.act(worker, filed.id, 'escalate', { reason: secrets[3] }), 'escalate');

    const res = await track(filed.trackingCode);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('dispatched');
    expect(res.body.steps.map((s: { status: string }) => s.status)).toEqual(['submitted', 'accepted', 'dispatched']);
    for (const step of res.body.steps) expect(Object.keys(step).sort()).toEqual(['at', 'status']);
    const text = JSON.stringify(res.body);
    const leaks = [
      ...secrets,
      PHONE,
      '139****8765',
      REPORTER,
      '幸福里', // the address
      worker.displayName,
      dispatcher.displayName,
      party.displayName,
      worker.id,
      dispatcher.id,
      party.id,
      filed.id,
      '"actor',
      '"comment',
      '"assignee',
      '"reporter',
    ];
    for (const leak of leaks) expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
  });

  it('rates once, only once verified: 409 before, 201 after, 409 again', async () => {
    const filed = await residentFiles({ itemCode: 'D03', description: '独居老人需要助餐' });
    const steps: [TestUser, string, object][] = [
      [dispatcher, 'accept', {}],
      [dispatcher, 'dispatch', { assigneeId: party.id }],
      [party, 'claim', {}],
      [party, 'resolve', { result: '已联系社区食堂送餐' }],
    ];
    expectApiError(await rate(filed.trackingCode, { satisfaction: 'satisfied' }), 409, 'STATE_CONFLICT', 'submitted');
    for (const [user, action, body] of steps) {
      must(await ticketApi.act(user, filed.id, action, body), action);
      expectApiError(await rate(filed.trackingCode, { satisfaction: 'satisfied' }), 409, 'STATE_CONFLICT', action);
    }
    must(
      await ticketApi.act(supervisor, filed.id, 'verify', {
        outcome: 'pass',
        satisfaction: 'satisfied',
        callbackNote: '已回访',
      }),
      'verify',
    );

    expectApiError(await rate(filed.trackingCode, { satisfaction: 'thrilled' }), 400, 'VALIDATION_FAILED');
    expectApiError(await rate(filed.trackingCode, { satisfaction: 'neutral', stars: 5 }), 400, 'VALIDATION_FAILED');
    expectApiError(await rate(filed.trackingCode, {}), 400, 'VALIDATION_FAILED');

    const ok = await rate(filed.trackingCode, { satisfaction: 'very_satisfied', comment: '送餐很及时' });
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual(expect.objectContaining({ satisfaction: 'very_satisfied' }));
    expectApiError(await rate(filed.trackingCode, { satisfaction: 'dissatisfied' }), 409, 'STATE_CONFLICT', 'again');

    const t = await staffView(filed.id);
    expect(t.satisfaction).toBe('very_satisfied');
    expect(t.status).toBe('verified');
    const rated = t.timeline.filter((e: { type: string }) => e.type === 'rated');
    expect(rated).toEqual([
      expect.objectContaining({
        type: 'rated',
        actor: null,
        fromStatus: 'verified',
        toStatus: 'verified',
        data: expect.objectContaining({ satisfaction: 'very_satisfied' }),
      }),
    ]);
    expect(t.timeline.map((e: { seq: number }) => e.seq)).toEqual(t.timeline.map((_: unknown, i: number) => i + 1));
    // the resident's own comment does not come back through tracking either
    const tracked = await track(filed.trackingCode);
    expect(tracked.body.status).toBe('verified');
    expect(JSON.stringify(tracked.body)).not.toContain('送餐很及时');
    // archived is read-only
    must(await ticketApi.act(supervisor, filed.id, 'archive'), 'archive');
    expectApiError(await rate(filed.trackingCode, { satisfaction: 'neutral' }), 409, 'STATE_CONFLICT', 'archived');
  });

  it('a rejected request cannot be rated', async () => {
    const filed = await residentFiles();
    must(await ticketApi.act(worker, filed.id, 'reject', { reason: 'invalid', comment: '无法核实' }), 'reject');
    expectApiError(await rate(filed.trackingCode, { satisfaction: 'neutral' }), 409, 'STATE_CONFLICT');
    expect((await track(filed.trackingCode)).body.steps.map((s: { status: string }) => s.status)).toEqual([
      'submitted',
      'rejected',
    ]);
  });

  it("a resident's filing answer does not reveal other residents' requests (no possibleDuplicates)", async () => {
    const grid = city.grids[3];
    const secret = '我家孩子被邻居打伤，住院在市三院（王家）';
    const first = await filePublic({ itemCode: 'B02', description: secret, gridCode: grid });
    expect(first.status).toBe(201);
    // an anonymous caller files the same matter in the same grid
    const second = await filePublic({ itemCode: 'B02', description: '家庭矛盾', gridCode: grid });
    expect(second.status).toBe(201);
    const text = JSON.stringify(second.body);
    expect({ description: text.includes(secret.slice(0, 10)), id: text.includes(first.body.id) }).toEqual({
      description: false,
      id: false,
    });
    expect(text).not.toContain(first.body.number);
    // staff filing on a resident's behalf do get the hint
    const staff = await staffFiles(grid);
    expect(staff.possibleDuplicates.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining([first.body.id, second.body.id]),
    );
  });

  it('an unknown tracking code → 404; a malformed one is never a 500', async () => {
    const filed = await residentFiles();
    // a well-formed code that is not this ticket's (flip one character within the alphabet)
    const code: string = filed.trackingCode;
    const unknown = `${code.slice(0, 7)}${code[7] === 'A' ? 'C' : 'A'}`;
    expectApiError(await track(unknown), 404, 'NOT_FOUND');
    expectApiError(await rate(unknown, { satisfaction: 'neutral' }), 404, 'NOT_FOUND');
    for (const bad of ['abc', 'OOOOOOOO', `${code}X`, code.toLowerCase()]) {
      const res = await track(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: expect.any(Number) });
      expect([400, 404]).toContain(res.status);
    }
  });
});

describe('tickets: the public channel is rate-limited', () => {
  let api: TestApi;
  let grid: string;
  beforeAll(async () => {
    // Its own Redis prefix: the counts of the other tests do not touch this one.
    api = await createTestApi({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_pubrate` }),
    });
    grid = (await createTestCity(api.app)).grids[0];
  });
  afterAll(() => api.close());

  it('answers the 4th public filing within a minute with 429 RATE_LIMITED', async () => {
    // The window is a clock minute: do not start a few seconds before it rolls over.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'E01', description: `限流 ${i}`, gridCode: grid });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expectApiError(last!, 429, 'RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });
});
