import {
  createTestApi,
  createTestCity,
  createTestUser,
  filePublicTicket,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
} from '../support/index.js';

// Issue 18 item 7: a reached callback requires a satisfaction; the resident's rating window
// runs a set time after verification, archived or not.
describe('督查 that means it', () => {
  let api: TestApi;
  let city: TestCity;
  let users: Record<string, TestUser>;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    const community = city.grids[0].slice(0, 12);
    users = {
      worker: await createTestUser(api.app, 'grid_worker', city.grids[0]),
      dispatcher: await createTestUser(api.app, 'dispatcher', community),
      party: await createTestUser(api.app, 'party_member', community),
      supervisor: await createTestUser(api.app, 'supervisor', city.county),
    };
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);
  const resolved = async () => {
    const t = await filePublicTicket(api, city.grids[0], { itemCode: 'E01' });
    expect((await ticketApi.act(users.worker, t.id, 'accept')).status).toBe(200);
    expect((await ticketApi.act(users.dispatcher, t.id, 'dispatch', { assigneeId: users.party.id })).status).toBe(200);
    expect((await ticketApi.act(users.party, t.id, 'claim')).status).toBe(200);
    expect((await ticketApi.act(users.party, t.id, 'resolve', { result: '已处理' })).status).toBe(200);
    return t;
  };
  const rate = (code: string) =>
    api.http().post(`/api/v1/public/tickets/${code}/rating`).send({ satisfaction: 'satisfied' });

  it('refuses a reached callback without a satisfaction, naming the field', async () => {
    const t = await resolved();
    const res = await ticketApi.act(users.supervisor, t.id, 'verify', { outcome: 'pass', callbackReached: true });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'satisfaction' })]);
  });

  it('takes a rating after archiving within the window, and counts it as a callback', async () => {
    const t = await resolved();
    expect(
      (await ticketApi.act(users.supervisor, t.id, 'verify', { outcome: 'pass', callbackReached: false })).status,
    ).toBe(200);
    expect((await ticketApi.act(users.supervisor, t.id, 'archive')).status).toBe(200);
    const tracked = await api.http().get(`/api/v1/public/tickets/${t.trackingCode}`);
    expect(new Date(tracked.body.ratingOpenUntil).getTime()).toBeGreaterThan(Date.now());
    const res = await rate(t.trackingCode);
    expect(res.status).toBe(201);
    const detail = await api
      .http()
      .get(`/api/v1/tickets/${t.id}`)
      .set('Authorization', `Bearer ${users.supervisor.token}`);
    expect(detail.body.satisfaction).toBe('satisfied');
    expect(detail.body.timeline.at(-1).type).toBe('rated');
  });
});
