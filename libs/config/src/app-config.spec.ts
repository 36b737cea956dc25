import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, PUBLISHED_JWT_SECRET, PUBLISHED_PII_KEY } from './app-config.js';

// Outside production, missing secrets are generated into DATA_DIR: each run its own.
let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridflow-config-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('uses development defaults and secrets generated for this machine, with a warning', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseOwnerUrl).toBe('postgres://postgres@127.0.0.1:5432/gridflow');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.piiKey).toHaveLength(32);
    expect(config.sealKey).toHaveLength(32);
    expect(config.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(config.jwtSecret).not.toBe(PUBLISHED_JWT_SECRET);
    expect(config.piiKey.toString('hex')).not.toBe(PUBLISHED_PII_KEY);
    for (const name of ['JWT_SECRET', 'PII_KEY', 'SEAL_KEY']) expect(config.warnings.join('\n')).toContain(name);
    for (const file of ['jwt-secret', 'pii-key', 'seal-key']) {
      expect(statSync(join(dataDir, 'secrets', file)).mode & 0o777).toBe(0o600);
    }
    // the next start (another process, a restart) reads the same secrets
    const again = loadConfig({ DATA_DIR: dataDir });
    expect(again.jwtSecret).toBe(config.jwtSecret);
    expect(again.piiKey.equals(config.piiKey)).toBe(true);
    expect(again.sealKey.equals(config.sealKey)).toBe(true);
  });

  it('refuses the secrets the repository once shipped as development defaults', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, JWT_SECRET: PUBLISHED_JWT_SECRET })).toThrow(
      /JWT_SECRET is a value published/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir, PII_KEY: PUBLISHED_PII_KEY.toUpperCase() })).toThrow(
      /PII_KEY is a value published/,
    );
  });

  it('knows the current PII key and the old ones by id', () => {
    const old = 'cd'.repeat(32);
    const config = loadConfig({
      DATA_DIR: dataDir,
      PII_KEY: 'ab'.repeat(32),
      PII_OLD_KEYS: `${old},${'ef'.repeat(32)}`,
    });
    expect(config.piiKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(config.piiKeys.get(config.piiKeyId)?.toString('hex')).toBe('ab'.repeat(32));
    expect([...config.piiKeys.values()].map((k) => k.toString('hex'))).toEqual(['ab'.repeat(32), old, 'ef'.repeat(32)]);
    expect(() => loadConfig({ DATA_DIR: dataDir, PII_OLD_KEYS: 'abc' })).toThrow(/PII_OLD_KEYS/);
  });

  it('reads and converts values', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '8080',
      PUBLIC_BASE_URL: 'https://grid.example.cn/',
      LOG_LEVEL: 'debug',
    });
    expect(config.port).toBe(8080);
    expect(config.publicBaseUrl).toBe('https://grid.example.cn');
    expect(config.logLevel).toBe('debug');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['REDIS_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['PII_KEY', 'tooshort'],
    ['JWT_SECRET', 'short'],
    ['SEAL_KEY', 'not-hex'],
    ['PII_OLD_KEYS', `${'ab'.repeat(32)},short`],
    ['QUEUE_PREFIX', 'has space'],
    ['QUEUE_PREFIX', '{unclosed'],
    ['QUEUE_PREFIX', 'a{b}'],
    ['REDIS_SENTINELS', 'host-without-port'],
    ['REDIS_SENTINELS', '10.0.0.1:26379;10.0.0.2:26379'],
    ['REDIS_SENTINELS', '10.0.0.1:99999'],
    ['REDIS_SENTINEL_NAME', 'has space'],
    ['REDIS_CLUSTER_NODES', 'n1:7000,'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: dataDir, [name]: value })).toThrow(ConfigError);
    try {
      loadConfig({ DATA_DIR: dataDir, [name]: value });
    } catch (err) {
      expect((err as ConfigError).message).toContain(name);
      if (/SECRET|KEY/.test(name)) expect((err as ConfigError).message).not.toContain(value);
    }
  });

  it('refuses to start in production without JWT_SECRET, PII_KEY, SEAL_KEY and DATABASE_OWNER_URL', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(ConfigError);
    try {
      loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    } catch (err) {
      for (const name of ['JWT_SECRET', 'PII_KEY', 'SEAL_KEY', 'DATABASE_OWNER_URL']) {
        expect((err as ConfigError).problems).toContainEqual(expect.stringMatching(new RegExp(`^${name} is required`)));
      }
    }
  });

  it('connects at run time as a role of its own: derived from DATABASE_URL, or DATABASE_URL itself with an owner URL', () => {
    const derived = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://postgres@db.local:5432/gf' });
    expect(derived.databaseOwnerUrl).toBe('postgres://postgres@db.local:5432/gf');
    const app = new URL(derived.databaseUrl);
    expect([app.username, app.host, app.pathname]).toEqual(['gridflow_app', 'db.local:5432', '/gf']);
    expect(app.password).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dataDir, 'secrets', 'database-app-password')).mode & 0o777).toBe(0o600);
    expect(new URL(loadConfig({ DATA_DIR: dataDir, DATABASE_APP_ROLE: 'gf_rt' }).databaseUrl).username).toBe('gf_rt');
    const given = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgres://app:pw@db.local/gf',
      DATABASE_OWNER_URL: 'postgres://owner:pw2@db.local/gf',
    });
    expect([given.databaseUrl, given.databaseOwnerUrl]).toEqual([
      'postgres://app:pw@db.local/gf',
      'postgres://owner:pw2@db.local/gf',
    ]);
    expect(() => loadConfig({ DATA_DIR: dataDir, DATABASE_APP_ROLE: 'Robert"; DROP' })).toThrow(/DATABASE_APP_ROLE/);
  });

  it('starts in production with the secrets and no warnings', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      DATABASE_OWNER_URL: 'postgres://owner@127.0.0.1:5432/gridflow',
      JWT_SECRET: 's'.repeat(40),
      PII_KEY: 'ab'.repeat(32),
      SEAL_KEY: 'cd'.repeat(32),
    });
    expect(config.isProduction).toBe(true);
    expect(config.warnings).toEqual([]);
  });

  it('sends SMS through the log driver by default; the http driver needs its gateway and key, named', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).sms).toEqual({
      driver: 'log',
      gatewayUrl: null,
      gatewaySecret: null,
      signName: 'GridFlow',
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, SMS_DRIVER: 'http' })).toThrow(
      /SMS_GATEWAY_URL is required when SMS_DRIVER=http[\s\S]*SMS_GATEWAY_SECRET is required when SMS_DRIVER=http/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir, SMS_DRIVER: 'carrier-pigeon' })).toThrow(/SMS_DRIVER/);
    const secret = 'gateway-secret-0123456789';
    try {
      loadConfig({ DATA_DIR: dataDir, SMS_DRIVER: 'http', SMS_GATEWAY_URL: 'ftp://x', SMS_GATEWAY_SECRET: secret });
      throw new Error('accepted an ftp gateway');
    } catch (err) {
      expect((err as ConfigError).message).toMatch(/SMS_GATEWAY_URL/);
      expect((err as ConfigError).message).not.toContain(secret);
    }
    const http = loadConfig({
      DATA_DIR: dataDir,
      SMS_DRIVER: 'http',
      SMS_GATEWAY_URL: 'http://127.0.0.1:9000/sms',
      SMS_GATEWAY_SECRET: secret,
      SMS_SIGN_NAME: '网格通',
    }).sms;
    expect(http).toEqual({
      driver: 'http',
      gatewayUrl: 'http://127.0.0.1:9000/sms',
      gatewaySecret: secret,
      signName: '网格通',
    });
  });

  it('takes a hash-tagged queue prefix for Redis Cluster', () => {
    expect(loadConfig({ DATA_DIR: dataDir, QUEUE_PREFIX: '{gridflow}' }).queuePrefix).toBe('{gridflow}');
  });

  it('reaches Redis directly unless sentinels are named', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).redisSentinel).toBeNull();
    expect(
      loadConfig({ DATA_DIR: dataDir, REDIS_SENTINELS: 's1.local:26379,10.0.0.2:26380', REDIS_SENTINEL_PASSWORD: 'pw' })
        .redisSentinel,
    ).toEqual({
      sentinels: [
        { host: 's1.local', port: 26379 },
        { host: '10.0.0.2', port: 26380 },
      ],
      name: 'mymaster',
      password: 'pw',
    });
    expect(
      loadConfig({ DATA_DIR: dataDir, REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'gf-redis' }).redisSentinel?.name,
    ).toBe('gf-redis');
  });

  it('takes cluster nodes only with a hash-tagged prefix, and never with sentinels', () => {
    expect(
      loadConfig({ DATA_DIR: dataDir, REDIS_CLUSTER_NODES: 'n1:7000,n2:7001', QUEUE_PREFIX: '{gf}' }).redisCluster,
    ).toEqual({
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
    });
    expect(loadConfig({ DATA_DIR: dataDir }).redisCluster).toBeNull();
    expect(() => loadConfig({ DATA_DIR: dataDir, REDIS_CLUSTER_NODES: 'n1:7000' })).toThrow(
      /QUEUE_PREFIX must be hash-tagged/,
    );
    expect(() =>
      loadConfig({ DATA_DIR: dataDir, REDIS_CLUSTER_NODES: 'n1:7000', REDIS_SENTINELS: 's:1', QUEUE_PREFIX: '{gf}' }),
    ).toThrow(/one or the other/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '' }).port).toBe(3000);
  });
});

describe('web console settings', () => {
  it('serves dist/web by default and no map tiles', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.webDir).toMatch(/dist\/web$/);
    expect(config.webTiles).toBeNull();
  });

  it('takes a tile URL template with {z}/{x}/{y}', () => {
    const config = loadConfig({
      WEB_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png',
      WEB_TILE_ATTRIBUTION: '© 测绘',
    });
    expect(config.webTiles).toEqual({
      url: 'https://tiles.example.cn/{z}/{x}/{y}.png',
      attribution: '© 测绘',
      subdomains: null,
    });
  });

  it('refuses a tile URL that is not an http(s) template', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, WEB_TILE_URL: 'javascript:alert(1)' })).toThrow(/WEB_TILE_URL/);
    expect(() => loadConfig({ DATA_DIR: dataDir, WEB_TILE_URL: 'https://tiles.example.cn/static.png' })).toThrow(
      /WEB_TILE_URL/,
    );
    expect(() =>
      loadConfig({ DATA_DIR: dataDir, WEB_TILE_URL: 'https://x/{z}/{x}/{y}', WEB_TILE_SUBDOMAINS: 'a-b' }),
    ).toThrow(/WEB_TILE_SUBDOMAINS/);
  });
});
