import type { Redis } from 'ioredis';
import { LOCKOUT_SECONDS, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_USERNAME } from '@gridflow/auth';
import { REDIS } from '@gridflow/queue';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  TEST_PASSWORD,
  type TestApi,
  type TestCity,
} from '../support/index.js';

/**
 * Issue 16 item 4: login lockout per (username, client address) in a fixed window, and a
 * slower per-username throttle against guessing from many addresses. The requests come from
 * loopback, which TRUST_PROXY trusts by default, so X-Forwarded-For plays the client address.
 */
describe('login lockout', () => {
  let api: TestApi;
  let city: TestCity;
  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
  });
  afterAll(() => api.close());

  const login = (username: string, password: string, from: string) =>
    api.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ username, password });

  function expectLocked(res: Awaited<ReturnType<typeof login>>) {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({
      statusCode: 429,
      error: expect.any(String),
      code: 'RATE_LIMITED',
      message: expect.any(String),
      details: [expect.objectContaining({ field: 'username', retryAfterSeconds: expect.any(Number) })],
    });
    expect(res.headers['retry-after']).toBe(String(res.body.details[0].retryAfterSeconds));
    return res.body.details[0].retryAfterSeconds as number;
  }

  it('five failures lock the username from that address only; the right password from elsewhere works', async () => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(user.username, 'wrong-password-1', '203.0.113.7')).status).toBe(401);
    }
    // Locked from .7 — even with the right password, and with another spelling of the name.
    expectLocked(await login(user.username, TEST_PASSWORD, '203.0.113.7'));
    expectLocked(await login(user.username.toUpperCase(), TEST_PASSWORD, '203.0.113.7'));
    // Another address: a wrong password is a plain 401, the right one logs in.
    expect((await login(user.username, 'wrong-password-1', '198.51.100.20')).status).toBe(401);
    const ok = await login(user.username, TEST_PASSWORD, '198.51.100.20');
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe(user.username);
    // Logging in elsewhere does not unlock the attacker's address.
    expectLocked(await login(user.username, TEST_PASSWORD, '203.0.113.7'));
  });

  it('the window counts from the first failure: later failures and locked attempts do not extend it', async () => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const from = '203.0.113.8';
    const firstAt = Date.now();
    expect((await login(user.username, 'wrong-password-1', from)).status).toBe(401);
    // Let at least one and a bit seconds pass (a condition, not a fixed sleep: slower only helps).
    while (Date.now() - firstAt < 1100) await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(user.username, 'wrong-password-1', from)).status).toBe(401);
    }
    const first = expectLocked(await login(user.username, 'wrong-password-1', from));
    expect(first).toBeLessThanOrEqual(LOCKOUT_SECONDS - 1);
    for (let i = 0; i < 5; i++) {
      const again = expectLocked(await login(user.username, 'wrong-password-1', from));
      expect(again).toBeLessThanOrEqual(first);
    }
    const redis = api.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${api.config.queuePrefix}:login-failures:${user.username.toLowerCase()}:*`);
    expect(keys).toHaveLength(1);
    expect(await redis.get(keys[0])).toBe(String(MAX_FAILED_LOGINS));
  });

  it(`${MAX_FAILED_LOGINS_PER_USERNAME} failures from many addresses lock the username everywhere (distributed guessing)`, async () => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    for (let i = 0; i < MAX_FAILED_LOGINS_PER_USERNAME; i++) {
      const res = await login(user.username, `guess-${i}-password`, `198.18.${Math.floor(i / 200)}.${(i % 200) + 1}`);
      expect({ i, status: res.status }).toEqual({ i, status: 401 });
    }
    const seconds = expectLocked(await login(user.username, TEST_PASSWORD, '192.0.2.200'));
    expect(seconds).toBeGreaterThan(LOCKOUT_SECONDS);
    // An unrelated user is not affected.
    const other = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    expect((await login(other.username, TEST_PASSWORD, '192.0.2.200')).status).toBe(200);
  });

  it('unknown usernames lock the same way (a lock does not reveal which accounts exist)', async () => {
    const name = `nobody-${Date.now()}`;
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect((await login(name, 'wrong-password-1', '203.0.113.9')).status).toBe(401);
    }
    expectLocked(await login(name, 'wrong-password-1', '203.0.113.9'));
  });
});
