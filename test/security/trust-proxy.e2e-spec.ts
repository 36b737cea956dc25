import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import supertest from 'supertest';
import { ConfigError, loadConfig } from '@gridflow/config';
import { MAX_FAILED_LOGINS } from '@gridflow/auth';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  TEST_PASSWORD,
  testConfig,
  type TestApi,
  type TestCity,
} from '../support/index.js';

/**
 * Issue 16 item 5: TRUST_PROXY decides whose X-Forwarded-For becomes the client address (rate
 * limits, login lockout, logs). Observed through the lockout: failures count per address.
 */

/** This machine's first non-loopback address: a peer that the default (loopback) does not trust. */
function machineAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? [])
      if (!a.internal && a.family === 'IPv6' && !a.address.startsWith('fe80')) return a.address;
  }
  throw new Error('this test needs a non-loopback network address on the machine');
}

async function listening(api: TestApi, host: string) {
  await api.app.listen(0, host.includes(':') ? '::' : '0.0.0.0');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const base = host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
  return () => supertest(base);
}

describe('TRUST_PROXY', () => {
  it('rejects a malformed value at start-up, naming the variable', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'everyone; rm -rf' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone; rm -rf' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY: not an address/);
    expect(() => loadConfig({ TRUST_PROXY: 'loopback,everyone' })).toThrow(/TRUST_PROXY: not an address/);
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.1' }).trustProxy).toEqual(['10.0.0.0/8', '192.0.2.1']);
  });

  describe.each([
    ['by default (loopback), from a peer that is not loopback', () => ({ config: {}, peer: machineAddress() })],
    [
      'with TRUST_PROXY=10.0.0.0/8, from loopback',
      () => ({ config: { TRUST_PROXY: '10.0.0.0/8' }, peer: '127.0.0.1' }),
    ],
  ])('%s, X-Forwarded-For is ignored', (_name, setup) => {
    let api: TestApi;
    let city: TestCity;
    let http: () => ReturnType<typeof supertest>;
    beforeAll(async () => {
      const { config, peer } = setup();
      api = await createTestApi({ config: testConfig(config) });
      city = await createTestCity(api.app);
      http = await listening(api, peer);
    });
    afterAll(() => api.close());

    it('so forging a new X-Forwarded-For per attempt does not dodge the lockout', async () => {
      const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        const res = await http()
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', `203.0.113.${i + 1}`)
          .send({ username: user.username, password: 'wrong-password-1' });
        expect(res.status).toBe(401);
      }
      const locked = await http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '203.0.113.99')
        .send({ username: user.username, password: TEST_PASSWORD });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('RATE_LIMITED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('with TRUST_PROXY naming the proxy, the forwarded address is the client', () => {
    let api: TestApi;
    let city: TestCity;
    let http: () => ReturnType<typeof supertest>;
    beforeAll(async () => {
      const peer = machineAddress();
      api = await createTestApi({ config: testConfig({ TRUST_PROXY: `loopback,${peer}` }) });
      city = await createTestCity(api.app);
      http = await listening(api, peer);
    });
    afterAll(() => api.close());

    it('locks the forwarded address only; another forwarded address still logs in', async () => {
      const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
      const attempt = (from: string, password: string) =>
        http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ username: user.username, password });
      for (let i = 0; i < MAX_FAILED_LOGINS; i++)
        expect((await attempt('203.0.113.50', 'wrong-password-1')).status).toBe(401);
      expect((await attempt('203.0.113.50', TEST_PASSWORD)).status).toBe(429);
      expect((await attempt('203.0.113.51', TEST_PASSWORD)).status).toBe(200);
    });
  });

  describe('with a hop count (TRUST_PROXY=1), only the last hop counts', () => {
    let api: TestApi;
    let city: TestCity;
    beforeAll(async () => {
      api = await createTestApi({ config: testConfig({ TRUST_PROXY: '1' }) });
      city = await createTestCity(api.app);
    });
    afterAll(() => api.close());

    it('a client prepending forged entries is still the address the proxy saw', async () => {
      const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
      const attempt = (xff: string, password: string) =>
        api.http().post('/api/v1/auth/login').set('X-Forwarded-For', xff).send({ username: user.username, password });
      for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
        expect((await attempt(`10.9.9.${i}, 203.0.113.60`, 'wrong-password-1')).status).toBe(401);
      }
      expect((await attempt('1.2.3.4, 203.0.113.60', TEST_PASSWORD)).status).toBe(429);
      expect((await attempt('203.0.113.60, 203.0.113.61', TEST_PASSWORD)).status).toBe(200);
    });
  });
});
