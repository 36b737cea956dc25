import { createTestApi, createTestCity, createTestUser, type TestApi, type TestUser } from '../support/index.js';

describe('operations: queue dashboard and queue metrics', () => {
  let api: TestApi;
  let admin: TestUser;
  let dispatcher: TestUser;
  beforeAll(async () => {
    api = await createTestApi();
    const city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
  });
  afterAll(() => api.close());

  it('serves /admin/queues to admins only', async () => {
    const anonymous = await api.http().get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const notAdmin = await dispatcher.auth(api.http().get('/admin/queues'));
    expect(notAdmin.status).toBe(403);
    const ok = await admin.auth(api.http().get('/admin/queues'));
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/<html/i);
    const queues = await admin.auth(api.http().get('/admin/queues/api/queues'));
    expect(queues.status).toBe(200);
    expect(queues.body.queues.map((q: { name: string }) => q.name)).toEqual(
      expect.arrayContaining(['ticket-events', 'deadlines', 'dispatch', 'webhooks', 'system']),
    );
  });

  it('accepts the token once in the query and keeps it in a path-limited cookie', async () => {
    const res = await api.http().get(`/admin/queues?access_token=${admin.token}`);
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
  });

  it('exports queue depth and failure gauges in /metrics', async () => {
    const res = await api.http().get('/metrics');
    expect(res.text).toMatch(/gridflow_queue_jobs\{queue="deadlines",state="delayed"\} \d+/);
    expect(res.text).toContain('gridflow_outbox_pending');
    expect(res.text).toContain('gridflow_job_failures_recorded');
  });
});
