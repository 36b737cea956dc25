import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  testConfig,
  TEST_PASSWORD,
  type TestApi,
  type TestCity,
} from '../support/index.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function forge(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('auth: login, tokens, lockout', () => {
  let api: TestApi;
  let city: TestCity;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
  });
  afterAll(() => api.close());

  it('logs in and answers /auth/me with the API.md user shape', async () => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const login = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: 8 * 3600,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: 'dispatcher',
        scopeCode: city.communities[0],
        departmentCode: null,
      },
    });
    const me = await api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('stores argon2id hashes, never the password', async () => {
    const user = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const [row] = await api.app.get(DataSource).query('SELECT password_hash FROM app_user WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('refuses a wrong password and an unknown user alike with 401 UNAUTHENTICATED', async () => {
    const user = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    const wrong = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: 'nope-nope-nope' });
    const unknown = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'nobody-here', password: 'nope-nope-nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.body.message).toBe('Wrong username or password');
    }
  });

  it('locks a username for 15 minutes after 5 failures (429), even with the right password', async () => {
    const user = await createTestUser(api.app, 'grid_worker', city.grids[1]);
    for (let i = 0; i < 5; i++) {
      const res = await api
        .http()
        .post('/api/v1/auth/login')
        .send({ username: user.username, password: 'wrong-password-x' });
      expect(res.status).toBe(401);
    }
    const locked = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(locked.body.details[0].retryAfterSeconds).toBeGreaterThan(14 * 60);
    // other usernames are unaffected
    const other = await createTestUser(api.app, 'grid_worker', city.grids[1]);
    expect(other.token).toBeTruthy();
  });

  it('refuses requests without a token, with a malformed header, or with garbage', async () => {
    for (const header of [undefined, 'Basic abc', 'Bearer', 'Bearer not.a.jwt']) {
      const req = api.http().get('/api/v1/auth/me');
      const res = await (header ? req.set('Authorization', header) : req);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses forged, alg:none and expired tokens', async () => {
    const user = await createTestUser(api.app, 'admin', city.city);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: user.id, role: 'admin', scopeCode: city.city, ver: 0, iat: now, exp: now + 3600 };
    const wrongKey = forge(claims, 'not-the-secret-not-the-secret-not-the-secret');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    const expired = forge({ ...claims, iat: now - 7200, exp: now - 3600 }, api.config.jwtSecret);
    const valid = forge(claims, api.config.jwtSecret);
    for (const token of [wrongKey, none, expired]) {
      const res = await api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(401);
    }
    const expiredRes = await api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`);
    expect(expiredRes.body.message).toMatch(/expired/);
    // the control: the same claims, properly signed, pass
    expect((await api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${valid}`)).status).toBe(200);
  });

  it('checks a token it has verified before again for expiry, and never lets a changed signature ride on it', async () => {
    const user = await createTestUser(api.app, 'admin', city.city);
    const now = Math.floor(Date.now() / 1000);
    const short = forge(
      { sub: user.id, role: 'admin', scopeCode: city.city, ver: 0, iat: now, exp: now + 2 },
      api.config.jwtSecret,
    );
    const me = (token: string) => api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
    expect((await me(short)).status).toBe(200); // verified, and remembered
    const [unsigned, signature] = [short.slice(0, short.lastIndexOf('.')), short.slice(short.lastIndexOf('.') + 1)];
    const flipped = `${unsigned}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const tampered = await me(flipped);
    expect(tampered.status).toBe(401);
    expect(tampered.body.message).toMatch(/invalid/);
    expect((await me(`${unsigned}.`)).status).toBe(401);
    // once its exp has passed (waiting for the clock, not a fixed time), the remembered token is refused
    while (Date.now() <= (now + 2) * 1000) await new Promise((r) => setTimeout(r, 100));
    const late = await me(short);
    expect(late.status).toBe(401);
    expect(late.body.message).toMatch(/expired/);
  });

  it('revokes tokens when an admin disables a user or resets the password', async () => {
    const admin = await createTestUser(api.app, 'admin', city.city);
    const victim = await createTestUser(api.app, 'dispatcher', city.communities[1]);
    expect((await victim.auth(api.http().get('/api/v1/auth/me'))).status).toBe(200);
    const reset = await admin
      .auth(api.http().post(`/api/v1/users/${victim.id}/reset-password`))
      .send({ password: 'a-new-password-456' });
    expect(reset.status).toBe(200);
    expect((await victim.auth(api.http().get('/api/v1/auth/me'))).status).toBe(401);

    const again = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: victim.username, password: 'a-new-password-456' });
    expect(again.status).toBe(200);
    // used once, so the verifier remembers its signature: disabling must still end it
    const me = () => api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${again.body.accessToken}`);
    expect((await me()).status).toBe(200);
    const disable = await admin.auth(api.http().patch(`/api/v1/users/${victim.id}`)).send({ disabled: true });
    expect(disable.status).toBe(200);
    expect(disable.body.disabled).toBe(true);
    const res = await api.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${again.body.accessToken}`);
    expect(res.status).toBe(401);
    const relogin = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: victim.username, password: 'a-new-password-456' });
    expect(relogin.status).toBe(401);
  });
});

describe('auth: per-IP rate limit on login', () => {
  let api: TestApi;
  beforeAll(async () => {
    // Its own Redis prefix: the counts of the other tests do not touch this one.
    api = await createTestApi({
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_ratelimit` }),
    });
  });
  afterAll(() => api.close());

  it('answers 429 RATE_LIMITED past the limit', async () => {
    // The window is a clock minute: do not start a few seconds before it rolls over.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await api
        .http()
        .post('/api/v1/auth/login')
        .send({ username: `flood-${i}`, password: 'whatever-123' });
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.code).toBe('RATE_LIMITED');
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
