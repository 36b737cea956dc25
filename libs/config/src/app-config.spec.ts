import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
    ['API_WORKERS', '0'],
    ['API_WORKERS', 'two'],
    ['API_WORKERS', '-1'],
    ['API_WORKERS', '1000'],
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

  it('runs one API process unless API_WORKERS names more, or auto (one per CPU)', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).apiWorkers).toBe(1);
    expect(loadConfig({ DATA_DIR: dataDir, API_WORKERS: '4' }).apiWorkers).toBe(4);
    expect(loadConfig({ DATA_DIR: dataDir, API_WORKERS: 'auto' }).apiWorkers).toBe(availableParallelism());
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATA_DIR: dataDir, PORT: '' }).port).toBe(3000);
  });
});

describe('web console settings', () => {
  it('serves dist/web by default and no map tiles', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.webDir).toMatch(/dist\/web$/);
    expect(config.webTileLayers).toEqual([]);
  });

  it('takes a tile URL template with {z}/{x}/{y}', () => {
    const config = loadConfig({
      WEB_TILE_URL: 'https://tiles.example.cn/{z}/{x}/{y}.png',
      WEB_TILE_ATTRIBUTION: '© 测绘',
    });
    expect(config.webTileLayers).toEqual([
      {
        name: '底图',
        kind: 'base',
        url: 'https://tiles.example.cn/{z}/{x}/{y}.png',
        attribution: '© 测绘',
        subdomains: null,
      },
    ]);
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

describe('WEB_TILE_LAYERS (base maps and overlays)', () => {
  const vec = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
  const cva = 'https://t{s}.tianditu.gov.cn/cva_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY';
  const load = (layers: unknown, extra: Record<string, string> = {}) =>
    loadConfig({
      DATA_DIR: dataDir,
      WEB_TILE_LAYERS: typeof layers === 'string' ? layers : JSON.stringify(layers),
      ...extra,
    });
  const problemsOf = (layers: unknown, extra: Record<string, string> = {}): string[] => {
    try {
      load(layers, extra);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('loadConfig accepted it');
  };

  it('takes 天地图 vec_w as the base map and cva_w as its labels', () => {
    const config = load([
      { name: '天地图矢量', kind: 'base', url: vec, subdomains: '01234567', attribution: '天地图' },
      { name: '天地图注记', kind: 'overlay', url: cva, subdomains: '01234567' },
    ]);
    expect(config.webTileLayers).toEqual([
      { name: '天地图矢量', kind: 'base', url: vec, subdomains: '01234567', attribution: '天地图' },
      { name: '天地图注记', kind: 'overlay', url: cva, subdomains: '01234567', attribution: null },
    ]);
  });

  it('refuses a list that is not JSON, not a list, or empty, naming the variable', () => {
    expect(problemsOf('[{name: 1}')).toEqual([expect.stringMatching(/^WEB_TILE_LAYERS is not valid JSON/)]);
    expect(problemsOf({ name: 'x' })).toEqual(['WEB_TILE_LAYERS must be a JSON list of 1–10 layers']);
    expect(problemsOf([])).toEqual(['WEB_TILE_LAYERS must be a JSON list of 1–10 layers']);
  });

  it('refuses non-https and odd URLs, naming the entry', () => {
    const base = { name: '底图', kind: 'base' };
    expect(problemsOf([{ ...base, url: 'http://tiles.example.cn/{z}/{x}/{y}.png' }])).toEqual([
      'WEB_TILE_LAYERS[0].url must be an https URL (http only to localhost)',
    ]);
    expect(problemsOf([{ ...base, url: 'javascript:alert(1)//{z}{x}{y}' }])).toEqual([
      'WEB_TILE_LAYERS[0].url must be an https URL (http only to localhost)',
    ]);
    expect(problemsOf([{ ...base, url: 'https://tiles.example.cn/{z}/{x}.png' }])).toEqual([
      'WEB_TILE_LAYERS[0].url must be a URL template with {z}, {x} and {y}',
    ]);
    expect(problemsOf([{ ...base, url: 'https://tiles.example.cn/{z}/{x}/{y}.png" onerror="x' }])).toEqual([
      'WEB_TILE_LAYERS[0].url must not contain spaces, quotes, < > or \\',
    ]);
    expect(problemsOf([{ ...base, url: 'https://u:p@tiles.example.cn/{z}/{x}/{y}.png' }])).toEqual([
      'WEB_TILE_LAYERS[0].url must not carry a user name or password',
    ]);
    // A development tile server on this machine may be plain http.
    expect(load([{ ...base, url: 'http://127.0.0.1:8080/{z}/{x}/{y}.png' }]).webTileLayers).toHaveLength(1);
  });

  it('refuses bad fields, a list without a base map, twice the same name, and both variables at once', () => {
    const url = 'https://tiles.example.cn/{z}/{x}/{y}.png';
    expect(problemsOf([{ name: '', kind: 'labels', url, subdomains: 'a-b', extra: 1 }])).toEqual([
      'WEB_TILE_LAYERS[0]: unknown field(s) extra',
      'WEB_TILE_LAYERS[0].name must be a name of 1–50 characters',
      'WEB_TILE_LAYERS[0].kind must be "base" or "overlay"',
      'WEB_TILE_LAYERS[0].subdomains must be letters or digits (each one a subdomain)',
    ]);
    expect(problemsOf(['x'])).toEqual([
      'WEB_TILE_LAYERS[0] must be an object {name, kind, url, subdomains?, attribution?}',
    ]);
    expect(problemsOf([{ name: '注记', kind: 'overlay', url }])).toEqual([
      'WEB_TILE_LAYERS needs at least one layer of kind "base"',
    ]);
    expect(
      problemsOf([
        { name: '底图', kind: 'base', url },
        { name: '底图', kind: 'overlay', url },
      ]),
    ).toEqual(['WEB_TILE_LAYERS: names must differ (底图 twice)']);
    expect(problemsOf([{ name: '底图', kind: 'base', url }], { WEB_TILE_URL: url })).toEqual([
      'WEB_TILE_LAYERS and WEB_TILE_URL: set one or the other',
    ]);
  });

  it('stops start-up with a message that names the variable', () => {
    expect(() => load('not json')).toThrow(/Invalid configuration:\n {2}- WEB_TILE_LAYERS is not valid JSON/);
  });
});
