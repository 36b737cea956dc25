import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';

// Issue 18 item 4: phone numbers are normalised before they are checked (one rule,
// libs/domain normalizePhone); an address may come without GPS when the grid is known.
describe('forms a person can use: phones as pasted, an address without GPS', () => {
  let api: TestApi;
  let city: TestCity;
  let supervisor: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    supervisor = await createTestUser(api.app, 'supervisor', city.county);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  const file = (body: object) =>
    api
      .http()
      .post('/api/v1/public/tickets')
      .send({ itemCode: 'E01', description: '路灯不亮', gridCode: city.grids[0], ...body });
  const phoneOf = async (id: string) =>
    (await api.http().get(`/api/v1/tickets/${id}`).set('Authorization', `Bearer ${supervisor.token}`)).body.reporter
      .phone;

  it.each(['138 0013 8000', '+86 138-0013-8000', '0086 13800138000', '138-0013-8000'])(
    'files "%s" and stores 13800138000',
    async (phone) => {
      const res = await file({ reporter: { phone } });
      expect(res.status).toBe(201);
      expect(await phoneOf(res.body.id)).toBe('13800138000');
    },
  );

  it('refuses what is no phone after normalising, oversized or crafted, with a 400 naming the field', async () => {
    for (const phone of ['138 0013 800', '1380013800a', '1'.repeat(5000), '138****8000', '+1 415 555 0100', 12345]) {
      const res = await file({ reporter: { phone } });
      expect({ phone: String(phone).slice(0, 20), status: res.status }).toEqual({
        phone: String(phone).slice(0, 20),
        status: 400,
      });
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain('phone');
    }
  });

  it("normalises an admin's worker phone the same way", async () => {
    const res = await api
      .http()
      .post('/api/v1/workers')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({
        name: '孙网格',
        phone: '+86 139 0000 1111',
        type: 'full_time',
        gridCodes: [city.grids[0]],
        partyMember: false,
      });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('13900001111');
  });

  it('takes an address alone next to the gridCode, and without one files it unlocated', async () => {
    const res = await file({ location: { address: '幸福里5号楼东侧' } });
    expect(res.status).toBe(201);
    const t = await api.http().get(`/api/v1/tickets/${res.body.id}`).set('Authorization', `Bearer ${supervisor.token}`);
    expect(t.body.gridCode).toBe(city.grids[0]);
    expect(t.body.location).toEqual(expect.objectContaining({ address: '幸福里5号楼东侧' }));

    const noGrid = await api
      .http()
      .post('/api/v1/public/tickets')
      .send({ itemCode: 'E01', description: '路灯不亮', location: { address: '幸福里5号楼东侧' } });
    // the address register does not know it: filed, unlocated (待定位), never refused
    expect(noGrid.status).toBe(201);
    expect(noGrid.body.gridCode).toBeNull();
    // Half a point is no point: lng without lat is refused.
    const half = await file({ location: { lng: 113.3, address: 'x' } });
    expect(half.status).toBe(400);
    const oversized = await file({ location: { address: '长'.repeat(201) } });
    expect(oversized.status).toBe(400);
  });
});
