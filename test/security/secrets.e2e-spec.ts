// Issue 16 item 1: no secret written in the repository signs or encrypts anything; missing
// secrets are generated per machine (DATA_DIR, 0600) outside production and refused in it.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, PUBLISHED_JWT_SECRET, PUBLISHED_PII_KEY } from '@gridflow/config';
import { PiiCipher, rekeyPii } from '@gridflow/tickets';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  filePublicTicket,
  testConfig,
  type TestApi,
  type TestCity,
} from '../support/index.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function signJwt(payload: object, secret: string) {
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** A value in the first release's format (v1, no key id), as the old dev key wrote it. */
function v1Ciphertext(plain: string, keyHex: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(keyHex, 'hex'), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** This run's database, but a fresh DATA_DIR and neither NODE_ENV nor any secret: `npm start` on a new machine. */
function bareStartConfig(dataDir: string, extra: NodeJS.ProcessEnv = {}) {
  return testConfig({
    NODE_ENV: undefined,
    JWT_SECRET: undefined,
    PII_KEY: undefined,
    PII_OLD_KEYS: undefined,
    SEAL_KEY: undefined,
    DATA_DIR: dataDir,
    ...extra,
  });
}

describe('secrets (issue 16 item 1)', () => {
  const dirs: string[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridflow-secrets-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describe('an API started without JWT_SECRET and without NODE_ENV', () => {
    let api: TestApi;
    let city: TestCity;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = newDataDir();
      api = await createTestApi({ config: bareStartConfig(dataDir) });
      city = await createTestCity(api.app);
    });
    afterAll(() => api?.close());

    it('runs as development, on secrets generated into DATA_DIR/secrets with mode 0600', () => {
      expect(api.config.nodeEnv).toBe('development');
      const files = ['database-app-password', 'jwt-secret', 'pii-key', 'seal-key'];
      expect(readdirSync(join(dataDir, 'secrets')).sort()).toEqual(files);
      expect(statSync(join(dataDir, 'secrets')).mode & 0o777).toBe(0o700);
      for (const file of files) {
        expect(statSync(join(dataDir, 'secrets', file)).mode & 0o777).toBe(0o600);
      }
    });

    it('refuses (401) a city-admin token signed with the development secret the repository shipped', async () => {
      const admin = await createTestUser(api.app, 'admin', city.city);
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: admin.id, role: 'admin', scopeCode: city.city, ver: 0, iat: now, exp: now + 3600 };
      for (const path of ['/api/v1/auth/me', '/api/v1/users']) {
        const forged = await api
          .http()
          .get(path)
          .set('Authorization', `Bearer ${signJwt(claims, PUBLISHED_JWT_SECRET)}`);
        expect(forged.status).toBe(401);
        expect(forged.body.code).toBe('UNAUTHENTICATED');
      }
      // the control: the admin's own login token passes
      expect((await admin.auth(api.http().get('/api/v1/auth/me'))).status).toBe(200);
    });

    it('keeps its secrets across a restart: a token issued before still works after', async () => {
      const user = await createTestUser(api.app, 'dispatcher', city.communities[0]!);
      const restarted = await createTestApi({ config: bareStartConfig(dataDir) });
      try {
        expect(restarted.config.jwtSecret).toBe(api.config.jwtSecret);
        expect(restarted.config.piiKey.equals(api.config.piiKey)).toBe(true);
        expect(restarted.config.sealKey.equals(api.config.sealKey)).toBe(true);
        const me = await restarted.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${user.token}`);
        expect(me.status).toBe(200);
      } finally {
        await restarted.close();
      }
      // a machine of its own (another DATA_DIR) has other secrets, so the token means nothing there
      const elsewhere = bareStartConfig(newDataDir());
      expect(elsewhere.jwtSecret).not.toBe(api.config.jwtSecret);
    });
  });

  describe('production', () => {
    it('refuses to start without JWT_SECRET, naming it, and writes no secret to disk', () => {
      const dataDir = newDataDir();
      const env = {
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        DATABASE_OWNER_URL: 'postgres://owner@127.0.0.1:5432/gridflow',
        PII_KEY: 'ab'.repeat(32),
        SEAL_KEY: 'cd'.repeat(32),
      };
      let error: unknown;
      try {
        loadConfig(env);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
      expect(readdirSync(dataDir)).toEqual([]);
      // each of the three is named when it is the one missing
      expect(() => loadConfig({ ...env, JWT_SECRET: 'j'.repeat(40), PII_KEY: undefined })).toThrow(
        /PII_KEY is required/,
      );
      expect(() => loadConfig({ ...env, JWT_SECRET: 'j'.repeat(40), SEAL_KEY: undefined })).toThrow(
        /SEAL_KEY is required/,
      );
      expect(loadConfig({ ...env, JWT_SECRET: 'j'.repeat(40) }).isProduction).toBe(true);
    });

    it('refuses the published development values even when set explicitly', () => {
      const env = {
        NODE_ENV: 'production',
        DATA_DIR: newDataDir(),
        DATABASE_OWNER_URL: 'postgres://owner@127.0.0.1:5432/gridflow',
        SEAL_KEY: 'cd'.repeat(32),
      };
      expect(() => loadConfig({ ...env, JWT_SECRET: PUBLISHED_JWT_SECRET, PII_KEY: 'ab'.repeat(32) })).toThrow(
        /JWT_SECRET is a value published/,
      );
      expect(() => loadConfig({ ...env, JWT_SECRET: 'j'.repeat(40), PII_KEY: PUBLISHED_PII_KEY })).toThrow(
        /PII_KEY is a value published/,
      );
    });
  });

  describe('PII key rotation', () => {
    const OLD = randomBytes(32).toString('hex');
    const NEW = randomBytes(32).toString('hex');
    let api: TestApi;
    let city: TestCity;
    beforeAll(async () => {
      api = await createTestApi({ config: testConfig({ PII_KEY: NEW, PII_OLD_KEYS: OLD }) });
      city = await createTestCity(api.app);
    });
    afterAll(() => api?.close());

    const phoneSeenBySupervisor = async (ticketId: string) => {
      const supervisor = await createTestUser(api.app, 'supervisor', city.city);
      const res = await supervisor.auth(api.http().get(`/api/v1/tickets/${ticketId}`));
      expect(res.status).toBe(200);
      return res.body.reporter.phone as string;
    };

    it('writes the current key id into new ciphertexts', async () => {
      const filed = await filePublicTicket(api, city.grids[0]!, { reporter: { name: '张先生', phone: '13800138001' } });
      const [row] = await api.app
        .get(DataSource)
        .query(`SELECT reporter_phone_enc AS enc FROM ticket WHERE id = $1`, [filed.id]);
      expect(row.enc).toMatch(new RegExp(`^v2\\.${api.config.piiKeyId}\\.`));
      expect(await phoneSeenBySupervisor(filed.id)).toBe('13800138001');
    });

    it('still decrypts what an old key wrote (v1 and v2), and pii:rekey moves it under the new key id', async () => {
      const db = api.app.get(DataSource);
      const oldConfig = loadConfig({ ...process.env, PII_KEY: OLD, PII_OLD_KEYS: undefined });
      const underOldV2 = await filePublicTicket(api, city.grids[1]!, {
        reporter: { name: '李女士', phone: '13900139002' },
      });
      const underOldV1 = await filePublicTicket(api, city.grids[2]!, {
        reporter: { name: '王先生', phone: '13700137003' },
      });
      await db.query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1`, [
        underOldV2.id,
        new PiiCipher(oldConfig).encrypt('13900139002'),
      ]);
      await db.query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1`, [
        underOldV1.id,
        v1Ciphertext('13700137003', OLD),
      ]);
      expect(await phoneSeenBySupervisor(underOldV2.id)).toBe('13900139002');
      expect(await phoneSeenBySupervisor(underOldV1.id)).toBe('13700137003');

      // the resident's SMS row keeps a copy of the phone's ciphertext: rekeyed too
      const [sms] = await db.query(
        `INSERT INTO sms_message (ticket_id, kind, phone_mask, phone_enc, text, driver)
         VALUES ($1, 'filed', '139****9002', $2, 'x', 'log') RETURNING id`,
        [underOldV2.id, new PiiCipher(oldConfig).encrypt('13900139002')],
      );

      const result = await rekeyPii(db, api.config);
      expect(result.rekeyed).toBeGreaterThanOrEqual(3);
      const [smsAfter] = await db.query(`SELECT phone_enc AS enc FROM sms_message WHERE id = $1`, [sms.id]);
      expect(smsAfter.enc).toMatch(new RegExp(`^v2\\.${api.config.piiKeyId}\\.`));
      expect(new PiiCipher(api.config).decrypt(smsAfter.enc)).toBe('13900139002');
      const rows: { enc: string }[] = await db.query(
        `SELECT reporter_phone_enc AS enc FROM ticket WHERE id = ANY($1)`,
        [[underOldV2.id, underOldV1.id]],
      );
      for (const { enc } of rows) expect(enc).toMatch(new RegExp(`^v2\\.${api.config.piiKeyId}\\.`));
      expect(await phoneSeenBySupervisor(underOldV2.id)).toBe('13900139002');
      expect(await phoneSeenBySupervisor(underOldV1.id)).toBe('13700137003');
    });

    it('answers a ticket whose phone no key opens with the mask, not a 500', async () => {
      const filed = await filePublicTicket(api, city.grids[3]!, { reporter: { name: '赵先生', phone: '13600136004' } });
      await api.app
        .get(DataSource)
        .query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1`, [
          filed.id,
          v1Ciphertext('13600136004', randomBytes(32).toString('hex')),
        ]);
      expect(await phoneSeenBySupervisor(filed.id)).toBe('136****6004');
    });

    it('the demo seed re-encrypts data from the published development key and clears what no key opens', async () => {
      const db = api.app.get(DataSource);
      const fromDevKey = await filePublicTicket(api, city.grids[4]!, {
        reporter: { name: '钱女士', phone: '13500135005' },
      });
      const lost = await filePublicTicket(api, city.grids[5]!, { reporter: { name: '孙先生', phone: '13400134006' } });
      await db.query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1`, [
        fromDevKey.id,
        v1Ciphertext('13500135005', PUBLISHED_PII_KEY),
      ]);
      await db.query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1`, [
        lost.id,
        v1Ciphertext('13400134006', randomBytes(32).toString('hex')),
      ]);
      // what apps/cli/src/seed-demo.ts runs before seeding
      const result = await rekeyPii(db, api.config, {
        extraKeys: [Buffer.from(PUBLISHED_PII_KEY, 'hex')],
        clearUnreadable: true,
      });
      expect(result.rekeyed).toBeGreaterThanOrEqual(1);
      expect(result.unreadable).toBeGreaterThanOrEqual(1);
      const [dev] = await db.query(`SELECT reporter_phone_enc AS enc FROM ticket WHERE id = $1`, [fromDevKey.id]);
      expect(dev.enc).toMatch(new RegExp(`^v2\\.${api.config.piiKeyId}\\.`));
      expect(await phoneSeenBySupervisor(fromDevKey.id)).toBe('13500135005');
      const [gone] = await db.query(`SELECT reporter_phone_enc AS enc FROM ticket WHERE id = $1`, [lost.id]);
      expect(gone.enc).toBeNull();
      // the published key itself never becomes a configured key
      expect([...api.config.piiKeys.values()].some((k) => k.toString('hex') === PUBLISHED_PII_KEY)).toBe(false);
    });
  });
});
