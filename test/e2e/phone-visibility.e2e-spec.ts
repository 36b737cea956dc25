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

const PHONE = '13800138000';
const MASKED = '138****8000';

// Issue 18 item 5: the grid worker of the ticket's grid sees the resident's number from
// acceptance on; nobody else gains it (libs/domain seesPhoneInFull).
describe("the resident's phone for the grid's own worker", () => {
  let api: TestApi;
  let city: TestCity;
  let own: TestUser;
  let communityWide: TestUser;
  let otherGrid: TestUser;
  let dispatcher: TestUser;
  let party: TestUser;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    const community = city.grids[0].slice(0, 12);
    own = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    communityWide = await createTestUser(api.app, 'grid_worker', community);
    otherGrid = await createTestUser(api.app, 'grid_worker', city.grids[1]);
    dispatcher = await createTestUser(api.app, 'dispatcher', community);
    party = await createTestUser(api.app, 'party_member', community);
  });
  afterAll(() => api.close());

  const ticketApi = ticketClient(() => api);
  const phoneOf = async (user: TestUser, id: string) => {
    const res = await ticketApi.get(user, id);
    return res.status === 200 ? (res.body.reporter?.phone as string) : res.status;
  };
  const act = async (user: TestUser, id: string, action: string, body: object = {}) => {
    const res = await ticketApi.act(user, id, action, body);
    expect({ action, status: res.status }).toEqual({ action, status: 200 });
    return res;
  };

  it('is masked while the ticket waits, in full for the own grid worker once accepted, masked for everyone else', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { name: '赵先生', phone: PHONE } });
    expect(await phoneOf(own, t.id)).toBe(MASKED);

    const accepted = await act(own, t.id, 'accept');
    expect(accepted.body.reporter.phone).toBe(PHONE); // the action's answer too
    expect(await phoneOf(own, t.id)).toBe(PHONE);
    // A grid worker whose scope is wider (the community) or another grid does not gain it.
    expect(await phoneOf(communityWide, t.id)).toBe(MASKED);
    expect([MASKED, 404]).toContain(await phoneOf(otherGrid, t.id));
    expect(await phoneOf(dispatcher, t.id)).toBe(MASKED);
    expect(await phoneOf(party, t.id)).toBe(MASKED); // not (yet) the handler

    await act(dispatcher, t.id, 'dispatch', { assigneeId: party.id });
    await act(party, t.id, 'claim');
    expect(await phoneOf(party, t.id)).toBe(PHONE);
    expect(await phoneOf(own, t.id)).toBe(PHONE);
    expect(await phoneOf(communityWide, t.id)).toBe(MASKED);

    // Lists never carry it, for the own worker either.
    const list = await api.http().get('/api/v1/tickets').set('Authorization', `Bearer ${own.token}`);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(PHONE);
  });

  it('stays masked for the own grid worker on a ticket rejected before acceptance, and a forged token gets 401', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { phone: PHONE } });
    const rejected = await api
      .http()
      .post(`/api/v1/tickets/${t.id}/reject`)
      .set('Authorization', `Bearer ${own.token}`)
      .send({ reason: 'invalid', comment: '无效诉求' });
    expect(rejected.status).toBe(200);
    expect(await phoneOf(own, t.id)).toBe(MASKED);

    const [head, , sig] = own.token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: own.id, role: 'supervisor', scope: city.city })).toString(
      'base64url',
    );
    const forged = await api
      .http()
      .get(`/api/v1/tickets/${t.id}`)
      .set('Authorization', `Bearer ${head}.${forgedBody}.${sig}`);
    expect(forged.status).toBe(401);
    expect(JSON.stringify(forged.body)).not.toContain(PHONE);
  });
});
